import { readdir } from 'node:fs/promises'
import * as path from 'node:path'
import { SpecError } from '../../runtime/errors.js'
import type { GrantDefinition } from '../../runtime/server/grant-definition/schema.js'
import { findGrantProblems, parseGrantDefinition } from '../../runtime/server/grant-definition/validate.js'
import { importBuiltIns, listBuiltIns } from '../built-ins.js'
import { didYouMean } from '../did-you-mean.js'
import { defaultExport, type ImportOutcome, importTypeScript } from '../load.js'

export interface LoadedGrant {
  /** `grants/otp.ts`. */
  file: string
  definition: GrantDefinition
  /** One of authspec's own definitions, not the project's (see {@link loadGrant}). */
  builtIn?: boolean
}

/** Definition files under `grants/`, sorted. */
export async function listGrantFiles(root: string): Promise<string[]> {
  const names = await readdir(path.join(root, 'grants')).catch(() => [] as string[])
  return names
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts') && !n.startsWith('_'))
    .sort()
    .map((n) => `grants/${n}`)
}

/**
 * Loads and validates every grant definition; problems name the file and field. A definition's
 * `name` must match its file name.
 */
export async function loadGrants(root: string): Promise<{ grants: LoadedGrant[]; problems: SpecError[] }> {
  const files = await listGrantFiles(root)
  // One compiler pass for every definition (see importTypeScript).
  return checkGrants(await importTypeScript(root, files))
}

/** Validates imported definitions, keyed by their `grants/<name>.ts`. */
function checkGrants(imported: ReadonlyMap<string, ImportOutcome>): {
  grants: LoadedGrant[]
  problems: SpecError[]
} {
  const grants: LoadedGrant[] = []
  const problems: SpecError[] = []
  for (const [file, outcome] of imported) {
    try {
      const value = defaultExport(file, outcome, 'defineGrant')
      const found = findGrantProblems(value, file)
      if (found.length > 0) {
        problems.push(...found)
        continue
      }
      const definition = parseGrantDefinition(value, file)
      const expected = path.basename(file, '.ts')
      if (definition.name !== expected) {
        problems.push(
          new SpecError(
            file,
            'name',
            `is "${definition.name}" but the file is ${expected}.ts`,
            `set name: '${expected}' or rename the file`,
          ),
        )
        continue
      }
      grants.push({ file, definition })
    } catch (err) {
      if (err instanceof SpecError) problems.push(err)
      else throw err
    }
  }
  return { grants, problems }
}

/**
 * One grant by name: the project's own grants/<name>.ts, else authspec's built-in definition of
 * that name (marked `builtIn`), else a `SpecError` listing the known names.
 */
export async function loadGrant(root: string, name: string): Promise<LoadedGrant> {
  const own = await loadGrants(root)
  const found = own.grants.find((g) => g.definition.name === name)
  if (found) return found
  const broken = own.problems.find((p) => p.file === `grants/${name}.ts`)
  if (broken) throw broken
  const builtIns = await listBuiltIns('grants')
  if (builtIns.includes(name)) {
    const { grants, problems } = checkGrants(await importBuiltIns('grants', [name]))
    if (problems[0]) throw problems[0]
    return { ...grants[0]!, builtIn: true }
  }
  const known = [...new Set([...own.grants.map((g) => g.definition.name), ...builtIns])].sort()
  const close = didYouMean(name, known)
  throw new SpecError(
    `grants/${name}.ts`,
    '(file)',
    `unknown grant "${name}"; known grants: ${known.join(', ') || '(none)'}`,
    close
      ? `did you mean "${close}"?`
      : `run "authspec new grant ${name} --type urn:example:${name}" to define it`,
  )
}
