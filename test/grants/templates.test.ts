import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadGrant } from '../../generator/grants/load.js'
import { renderGrantIndex, renderGrantModule } from '../../generator/grants/render.js'
import { loadTemplates } from '../../generator/render.js'

const ROOT = new URL('../..', import.meta.url).pathname

describe('grant modules are laid out by handlebars templates, like the provider clients', () => {
  it('the shipped templates/grants/module.ts.hbs and index.ts.hbs give the committed files', async () => {
    const grant = await loadGrant(ROOT, 'client_credentials')
    expect(renderGrantModule(grant, { root: ROOT, render: loadTemplates(ROOT), packaged: false })).toBe(
      await readFile(path.join(ROOT, 'generated/grants/client_credentials.ts'), 'utf8'),
    )
    const template = await readFile(path.join(ROOT, 'templates/grants/module.ts.hbs'), 'utf8')
    expect(template).toContain(
      'export function create{{pascal}}Grant(hooks: {{pascal}}Hooks): DefinedGrant {',
    )
    const index = renderGrantIndex([grant], { root: ROOT, render: loadTemplates(ROOT), packaged: false })
    expect(index).toContain("export * from './client_credentials.js'")
    expect(index).toContain('  client_credentials: clientCredentialsDefinition,')
  })

  it("a project's own templates/grants/module.ts.hbs replaces the shipped one", async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'authspec-grant-templates-'))
    await mkdir(path.join(root, 'templates/grants'), { recursive: true })
    await writeFile(
      path.join(root, 'templates/grants/module.ts.hbs'),
      '// {{name}} by {{engine}}: {{#each hooks}}{{name}} {{/each}}\n',
    )
    const grant = await loadGrant(ROOT, 'jwt_bearer')
    expect(renderGrantModule(grant, { root, render: loadTemplates(root), packaged: false })).toBe(
      '// jwt_bearer by jwt_bearer: findIssuerKeys authorizeSubject\n',
    )
  })
})
