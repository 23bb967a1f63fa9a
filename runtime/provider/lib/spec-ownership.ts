import { SpecError } from '../../errors.js'
import type { SpecField } from '../spec-fields.js'
import { formatPath } from './spec-path.js'

/**
 * Fields of a spec that no entry of `fields` owns, each a `SpecError` naming its path: a field
 * the schema accepts but nothing acts on is refused rather than silently ignored. Walks the spec's
 * own members; a path is owned when an entry matches it (`*` matching any one key), and plain
 * objects without an entry are walked into.
 *
 * @example
 * ownershipProblems(spec, 'providers/acme.ts', SPEC_FIELDS) // [] for a spec of known fields
 */
export function ownershipProblems(
  spec: object,
  file: string,
  fields: Readonly<Record<string, SpecField>>,
): SpecError[] {
  const patterns = Object.keys(fields).map((path) => path.split('.'))
  const owned = (path: readonly string[]) =>
    patterns.some((p) => p.length === path.length && p.every((s, i) => s === '*' || s === path[i]))
  const out: SpecError[] = []
  const walk = (value: unknown, path: string[]) => {
    if (owned(path)) return
    if (path.length > 0 && !isPlainObject(value)) {
      out.push(
        new SpecError(
          file,
          formatPath(path),
          'has no owner in the runtime',
          'list it in runtime/provider/spec-fields.ts with the code that acts on it, or remove it',
        ),
      )
      return
    }
    for (const [key, inner] of Object.entries(value as object)) walk(inner, [...path, key])
  }
  walk(spec, [])
  return out
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
