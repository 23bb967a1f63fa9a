import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ImportOutcome, importTypeScript } from './load.js'
import { MODULES_ROOT } from './package-root.js'

/** The spec and definition folders authspec ships with its own modules. */
export type BuiltInKind = 'providers' | 'grants'

/**
 * The names of authspec's own provider specs or grant definitions, sorted: compiled `.js` files
 * when the CLI runs from dist/, the `.ts` sources when it runs in the repository.
 */
export async function listBuiltIns(kind: BuiltInKind): Promise<string[]> {
  const files = await readdir(path.join(MODULES_ROOT, kind)).catch(() => [] as string[])
  const names = files
    .filter((n) => !n.startsWith('_') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts'))
    .filter((n) => n.endsWith('.js') || n.endsWith('.ts'))
    .map((n) => n.slice(0, -3))
  return [...new Set(names)].sort()
}

/**
 * Imports built-ins by name, keyed as `providers/<id>.ts` (how messages name them). A compiled
 * module is imported as it is, so an installed package needs no esbuild for them; a source file
 * (the repository) goes through the same compiler as a project's own files.
 */
export async function importBuiltIns(
  kind: BuiltInKind,
  names: readonly string[],
): Promise<Map<string, ImportOutcome>> {
  const out = new Map<string, ImportOutcome>()
  const sources: string[] = []
  for (const name of names) {
    const compiled = path.join(MODULES_ROOT, kind, `${name}.js`)
    if (!existsSync(compiled)) {
      sources.push(`${kind}/${name}.ts`)
      continue
    }
    try {
      const module = (await import(pathToFileURL(compiled).href)) as { default?: unknown }
      out.set(`${kind}/${name}.ts`, { ok: true, module })
    } catch (cause) {
      out.set(`${kind}/${name}.ts`, { ok: false, reason: String(cause), cause })
    }
  }
  for (const [file, outcome] of await importTypeScript(MODULES_ROOT, sources)) out.set(file, outcome)
  return out
}
