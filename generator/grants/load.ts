import { readdir } from 'node:fs/promises'
import * as path from 'node:path'
import { SpecError } from '../../runtime/errors.js'
import type { GrantDefinition } from '../../runtime/server/grant-definition/schema.js'
import { findGrantProblems, parseGrantDefinition } from '../../runtime/server/grant-definition/validate.js'
import { defaultExport, importTypeScript } from '../load.js'

export interface LoadedGrant {
  /** `grants/otp.ts`. */
  file: string
  definition: GrantDefinition
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
  const grants: LoadedGrant[] = []
  const problems: SpecError[] = []
  const files = await listGrantFiles(root)
  // One compiler pass for every definition (see importTypeScript).
  const imported = await importTypeScript(root, files)
  for (const file of files) {
    try {
      const value = defaultExport(file, imported.get(file)!, 'defineGrant')
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

/** One grant by name, or a `SpecError` listing the known names. */
export async function loadGrant(root: string, name: string): Promise<LoadedGrant> {
  const { grants, problems } = await loadGrants(root)
  const found = grants.find((g) => g.definition.name === name)
  if (found) return found
  const broken = problems.find((p) => p.file === `grants/${name}.ts`)
  if (broken) throw broken
  const known = grants.map((g) => g.definition.name).join(', ') || '(none)'
  throw new SpecError(
    `grants/${name}.ts`,
    '(file)',
    `unknown grant "${name}"; known grants: ${known}`,
    `run "authspec new grant ${name} --type urn:example:${name}" to define it`,
  )
}
