import { readdir } from 'node:fs/promises'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
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

/**
 * Imports a spec through tsx. Each call loads a fresh copy (tsx gives every `tsImport` its own
 * namespace), which is what watch mode needs after an edit.
 */
export async function loadSpec(root: string, file: string): Promise<LoadedSpec> {
  const url = pathToFileURL(path.join(root, file)).href
  let mod: { default?: unknown }
  try {
    mod = await tsImport(url, import.meta.url)
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
