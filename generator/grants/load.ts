import * as path from 'node:path'
import { SpecError } from '../../runtime/errors.js'
import type { GrantDefinition } from '../../runtime/server/grant-definition/schema.js'
import { findGrantProblems, parseGrantDefinition } from '../../runtime/server/grant-definition/validate.js'
import { importBuiltIns, listBuiltIns } from '../built-ins.js'
import { didYouMean } from '../did-you-mean.js'
import { loadSources, type ModelCache, modelsOf, type SourceKind } from '../sources.js'

export interface LoadedGrant {
  /** `grants/otp.ts`. */
  file: string
  definition: GrantDefinition
  /** One of authspec's own definitions, not the project's (see {@link loadGrant}). */
  builtIn?: boolean
}

/**
 * Grant definitions as a source of the generator: validated, and a definition's `name` must
 * match its file name.
 */
export const grantSource: SourceKind<LoadedGrant> = {
  folder: 'grants',
  define: 'defineGrant',
  model(value, file) {
    const found = findGrantProblems(value, file)
    if (found.length > 0) return found
    const definition = parseGrantDefinition(value, file)
    const expected = path.basename(file, '.ts')
    if (definition.name === expected) return { file, definition }
    return [
      new SpecError(
        file,
        'name',
        `is "${definition.name}" but the file is ${expected}.ts`,
        `set name: '${expected}' or rename the file`,
      ),
    ]
  },
}

/** Loads and validates every grant definition of the project; problems name the file and field. */
export function loadGrants(
  root: string,
  cache?: ModelCache<LoadedGrant>,
  onProgress?: (message: string) => void,
): Promise<{ models: LoadedGrant[]; problems: SpecError[] }> {
  return loadSources(root, grantSource, cache, onProgress)
}

/**
 * One grant by name: the project's own grants/<name>.ts, else authspec's built-in definition of
 * that name (marked `builtIn`), else a `SpecError` listing the known names.
 */
export async function loadGrant(root: string, name: string): Promise<LoadedGrant> {
  const own = await loadGrants(root)
  const found = own.models.find((g) => g.definition.name === name)
  if (found) return found
  const broken = own.problems.find((p) => p.file === `grants/${name}.ts`)
  if (broken) throw broken
  const builtIns = await listBuiltIns('grants')
  if (builtIns.includes(name)) {
    const { models, problems } = modelsOf(grantSource, await importBuiltIns('grants', [name]))
    if (problems[0]) throw problems[0]
    return { ...models[0]!, builtIn: true }
  }
  const known = [...new Set([...own.models.map((g) => g.definition.name), ...builtIns])].sort()
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
