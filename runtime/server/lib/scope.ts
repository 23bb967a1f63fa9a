import { serverError } from '../errors.js'

/** scope-token = 1*NQCHAR (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/** Splits a scope string into unique tokens, refusing malformed ones with `invalid_scope`. */
export function parseScope(value: string | undefined): string[] {
  if (value === undefined || value === '') return []
  // One scope (the usual case on protected routes and client_credentials) needs no split.
  if (!value.includes(' ')) {
    if (!SCOPE_TOKEN.test(value)) throw serverError('invalid_scope', 'the scope parameter is malformed')
    return [value]
  }
  const out: string[] = []
  for (const token of value.split(' ')) {
    if (token === '') continue
    if (!SCOPE_TOKEN.test(token)) throw serverError('invalid_scope', 'the scope parameter is malformed')
    if (!out.includes(token)) out.push(token)
  }
  return out
}

/** Joins scope tokens with single spaces. */
export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ')
}

/** Refuses with `invalid_scope` any requested scope not in `allowed`. */
export function assertScopesAllowed(
  requested: readonly string[],
  allowed: readonly string[],
  what: string,
): void {
  const extra = requested.filter((s) => !allowed.includes(s))
  if (extra.length > 0)
    throw serverError('invalid_scope', `scope not allowed ${what}: ${extra.join(' ').slice(0, 200)}`)
}
