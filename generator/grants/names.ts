import { pascalCase } from '../emit.js'

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
