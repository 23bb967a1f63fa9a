import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { Project, ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { pascalCase } from '../../generator/emit.js'
import { loadGrants } from '../../generator/grants/load.js'
import { hookTypeNames } from '../../generator/grants/names.js'
import { scaffoldGrant } from '../../generator/grants/scaffold.js'
import { ENGINES } from '../../runtime/server/grant-definition/engines.js'

const ROOT = new URL('../..', import.meta.url).pathname

// The engine's hook type is the one source: what the compiler sees as its members must be what
// the generated module types and what the scaffold writes, for every built-in grant. A hook added
// to an engine (its table, hence its type) that the generated module or the scaffold missed fails
// here; a generated module not regenerated after it fails `generate --check` too.
describe('generated stubs and scaffolds derive from the engine hook types', async () => {
  const { models } = await loadGrants(ROOT)
  const builtIn = models.filter((g) => g.definition.engine !== 'custom')
  const project = new Project({
    tsConfigFilePath: path.join(ROOT, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { ignoreDeprecations: '6.0' },
  })
  const out = await mkdtemp(path.join(tmpdir(), 'authspec-derive-'))

  it.each(builtIn.map((g) => [g.definition.name, g.definition.engine] as const))(
    '%s: the %s engine type, the generated module and the scaffold name the same hooks',
    async (name, engine) => {
      const P = pascalCase(name)
      const generated = project.addSourceFileAtPath(path.join(ROOT, 'generated/grants', `${name}.ts`))
      const members = generated
        .getTypeAliasOrThrow(`${P}Hooks`)
        .getType()
        .getProperties()
        .map((p) => p.getName())
        .sort()
      expect(members).toEqual(Object.keys(ENGINES[engine].hooks).sort())
      const exported = [...generated.getExportedDeclarations().keys()]
      for (const hook of members) {
        const t = hookTypeNames(name, hook)
        expect(exported).toEqual(expect.arrayContaining([t.input, t.output]))
      }
      const { file } = await scaffoldGrant({ root: ROOT, name, outDir: out })
      const scaffold = project.addSourceFileAtPath(file)
      const methods = scaffold
        .getClassOrThrow(`${P}GrantHooks`)
        .getMethods()
        .map((m) => m.getName())
        .sort()
      expect(methods).toEqual(members)
      const problems = scaffold
        .getPreEmitDiagnostics()
        .map((d) => ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n'))
      expect(problems).toEqual([])
    },
    30_000,
  )
})
