import type { JWSHeaderParameters } from 'jose'
import { checkFailed } from '../../errors.js'
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
 * Picks the one key that may verify a token with this header: same `kid` when the header has
 * one; `alg` equal when the key states one; `use` absent or `sig`; `key_ops` absent or with
 * `verify`; key type and curve able to carry the header's `alg`. Zero or several matches fail:
 * with several keys and no `kid`, guessing would let any of them vouch for the token.
 */
export function selectKey<T>(
  candidates: readonly T[],
  meta: (c: T) => KeyMeta,
  header: JWSHeaderParameters,
): T {
  const alg = header.alg
  if (typeof alg !== 'string') throw checkFailed('JWT_MALFORMED', 'the token header has no "alg"')
  const kid = header.kid
  const matches = candidates.filter((candidate) => {
    const m = meta(candidate)
    if (kid !== undefined && m.kid !== kid) return false
    if (m.alg !== undefined && m.alg !== alg) return false
    if (m.use !== undefined && m.use !== 'sig') return false
    if (m.key_ops !== undefined && !(Array.isArray(m.key_ops) && m.key_ops.includes('verify'))) return false
    return jwkFitsAlg(m, alg)
  })
  const [only] = matches
  if (only !== undefined && matches.length === 1) return only
  const which = kid === undefined ? `alg ${alg}` : `kid ${JSON.stringify(kid)} and alg ${alg}`
  if (matches.length === 0) throw checkFailed('JWKS_NO_MATCHING_KEY', `no key matches ${which}`)
  throw checkFailed('JWKS_NO_MATCHING_KEY', `several keys match ${which}; the token must name one by "kid"`)
}
