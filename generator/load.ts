import { readdir } from 'node:fs/promises'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type NamespacedUnregister, register } from 'tsx/esm/api'
import { SpecError } from '../runtime/errors.js'

/** One spec file as loaded: its path relative to the project root and its default export. */
export interface LoadedSpec {
  /** `providers/github.ts`, with forward slashes on every platform. */
  file: string
  value: unknown
}

/** The spec files under `providers/`, sorted, without tests or declaration files. */
export async function listSpecFiles(root: string): Promise<string[]> {
  const dir = path.join(root, 'providers')
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  return names
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts') && !n.startsWith('_'))
    .sort()
    .map((n) => `providers/${n}`)
}

let loader: NamespacedUnregister | undefined

/**
 * Imports a spec through tsx. One tsx namespace serves the whole process (registering one per
 * spec, as `tsImport` does, cost about half a second each); `version` (the file's mtime in watch
 * mode) is put in the URL's query so that an edited spec is evaluated afresh.
 */
export async function loadSpec(root: string, file: string, version = 0): Promise<LoadedSpec> {
  const url = `${pathToFileURL(path.join(root, file)).href}?authspec=${version}`
  let mod: { default?: unknown }
  try {
    loader ??= register({ namespace: 'authspec-specs' })
    mod = await loader.import(url, import.meta.url)
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    const err = new SpecError(
      file,
      '(file)',
      `cannot be loaded: ${reason}`,
      'fix the syntax or import error, then run again',
    )
    err.cause = cause
    throw err
  }
  // In a package without "type": "module" tsx loads the spec as CommonJS, and the ES default
  // export arrives one level down.
  const inner = mod.default as { __esModule?: unknown; default?: unknown } | undefined
  if (
    inner &&
    typeof inner === 'object' &&
    'default' in inner &&
    Object.keys(inner).every((k) => k === 'default' || k === '__esModule')
  ) {
    mod = inner
  }
  if (mod.default === undefined) {
    throw new SpecError(
      file,
      '(default export)',
      'is missing',
      'write `export default defineProvider({ … })`',
    )
  }
  return { file, value: mod.default }
}
