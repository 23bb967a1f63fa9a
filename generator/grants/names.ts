import { ENGINES } from '../../runtime/server/grant-definition/engines.js'
import type { GrantDefinition } from '../../runtime/server/grant-definition/schema.js'
import { pascalCase } from '../emit.js'

/** A hook as the generated module and the scaffold name and document it. */
export interface HookDoc {
  name: string
  doc: string
  rfc: string
}

/**
 * The hooks a grant's implementation supplies: its engine's table (the source of the engine's
 * hook type), or the hooks a custom grant declares.
 */
export function hooksOf(def: GrantDefinition): HookDoc[] {
  const table = def.engine === 'custom' ? def.hooks : ENGINES[def.engine].hooks
  return Object.entries(table).map(([name, h]) => ({ name, doc: h.doc, rfc: h.rfc }))
}

/** `authorizeClient` → `AuthorizeClient`. */
function upperFirst(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1)
}

/** Names a hook's input and output types get in the generated module. */
export function hookTypeNames(grant: string, hook: string): { input: string; output: string } {
  const base = `${pascalCase(grant)}${upperFirst(hook)}`
  return { input: `${base}Input`, output: `${base}Output` }
}

/** A relative ESM import specifier from `fromDir` to `target` (a `.ts` file imported as `.js`). */
export function importPath(
  fromDir: string,
  target: string,
  relative: (a: string, b: string) => string,
): string {
  let rel = relative(fromDir, target).replace(/\\/g, '/').replace(/\.ts$/, '.js')
  if (!rel.startsWith('.')) rel = `./${rel}`
  return rel
}
