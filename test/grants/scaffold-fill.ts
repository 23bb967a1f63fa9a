import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect } from 'vitest'
import { main } from '../../generator/cli.js'
import type { DefinedGrant } from '../../runtime/server/grant-definition/types.js'

/**
 * Scaffolds a grant with the CLI (`authspec scaffold grant <name> --out <out>`), replaces each
 * scaffolded `throw new NotImplementedError(…)` with the body given for that hook, appends
 * `extra` source, imports the class and wires it through the generated factory.
 */
export async function scaffoldAndFill(
  root: string,
  out: string,
  name: string,
  bodies: Readonly<Record<string, string>>,
  extra = '',
): Promise<DefinedGrant> {
  expect(await main(['scaffold', 'grant', name, '--out', out, '--root', root])).toBe(0)
  const file = path.join(out, `${name}.ts`)
  let text = await readFile(file, 'utf8')
  for (const [hook, body] of Object.entries(bodies)) {
    const stub = new RegExp(`async ${hook}\\(_input([^\\n]*\\n\\s*)throw new NotImplementedError\\([^\\n]*`)
    expect(text).toMatch(stub)
    text = text.replace(stub, `async ${hook}(input$1${body}`)
  }
  expect(text).not.toContain('NotImplementedError(')
  await writeFile(file, text + extra)
  const mod = (await import(pathToFileURL(file).href)) as Record<string, new () => object>
  const generated = (await import(
    pathToFileURL(path.join(root, 'generated/grants', `${name}.ts`)).href
  )) as Record<string, (hooks: object) => DefinedGrant>
  const className = Object.keys(mod).find((k) => k.endsWith('GrantHooks'))!
  const factory = Object.keys(generated).find((k) => k.startsWith('create') && k.endsWith('Grant'))!
  return generated[factory]!(new mod[className]!())
}
