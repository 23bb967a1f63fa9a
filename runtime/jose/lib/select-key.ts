import type { JWSHeaderParameters } from 'jose'
import { checkFailed, type OAuthError } from '../../errors.js'
import { jwkFitsAlg } from './algorithms.js'

/** What selection looks at in a JWK (RFC 7517 §4.2–4.5). */
export interface KeyMeta {
  kty?: unknown
  crv?: unknown
  kid?: unknown
  alg?: unknown
  use?: unknown
  key_ops?: unknown
}

/**
 * The only header members selection reads. Embedded `jwk`, `jku`, `x5u` and `x5c` are chosen by
 * whoever made the token, so they are never consulted.
 */
export interface KeyQuery {
  alg: string
  kid: unknown
}

/** Zero candidates (a key set fetched again may have one) or several (refused, never tried). */
export type Selection<T> = { kind: 'match'; key: T } | { kind: 'none' | 'ambiguous'; reason: string }

/** The `alg` and `kid` of a protected header; a header without a string `alg` is malformed. */
export function keyQuery(header: JWSHeaderParameters | undefined): KeyQuery {
  const alg = header?.alg
  if (typeof alg !== 'string') throw checkFailed('JWT_MALFORMED', 'the token header has no "alg"')
  return { alg, kid: header?.kid }
}

export function noMatchingKey(description: string): OAuthError {
  return checkFailed('JWKS_NO_MATCHING_KEY', description)
}

/**
 * Finds the one key that may verify a token with this header: same `kid` when the header has
 * one; `alg` equal when the key states one; `use` absent or `sig`; `key_ops` absent or with
 * `verify`; key type and curve able to carry the header's `alg` (so never an HMAC or `none`
 * alg). Several matches are ambiguous: with several keys and no `kid`, guessing would let any
 * of them vouch for the token.
 */
export function matchKey<T>(
  candidates: readonly T[],
  meta: (c: T) => KeyMeta,
  query: KeyQuery,
): Selection<T> {
  const { alg, kid } = query
  const matches = candidates.filter((candidate) => {
    const m = meta(candidate)
    if (kid !== undefined && m.kid !== kid) return false
    if (m.alg !== undefined && m.alg !== alg) return false
    if (m.use !== undefined && m.use !== 'sig') return false
    if (m.key_ops !== undefined && !(Array.isArray(m.key_ops) && m.key_ops.includes('verify'))) return false
    return jwkFitsAlg(m, alg)
  })
  const [only] = matches
  if (only !== undefined && matches.length === 1) return { kind: 'match', key: only }
  const which = kid === undefined ? `alg ${alg}` : `kid ${JSON.stringify(kid)} and alg ${alg}`
  if (matches.length === 0) return { kind: 'none', reason: `no key matches ${which}` }
  const hint = kid === undefined ? 'the token must name one by "kid"' : 'refusing to guess'
  return { kind: 'ambiguous', reason: `several keys (${matches.length}) match ${which}; ${hint}` }
}

/** `matchKey` for a header, throwing `JWKS_NO_MATCHING_KEY` unless exactly one key matches. */
export function selectKey<T>(
  candidates: readonly T[],
  meta: (c: T) => KeyMeta,
  header: JWSHeaderParameters,
): T {
  const selection = matchKey(candidates, meta, keyQuery(header))
  if (selection.kind !== 'match') throw noMatchingKey(selection.reason)
  return selection.key
}
