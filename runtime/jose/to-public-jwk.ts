import type { JWK } from 'jose'
import { ArgumentError } from '../errors.js'
import type { PublicJwk } from './types.js'

/** Members every published key may carry, whatever its type (RFC 7517 §4). */
const COMMON_MEMBERS = ['kid', 'alg', 'use', 'x5c', 'x5t', 'x5t#S256'] as const

/**
 * Public members per key type (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). An allow-list, not a
 * deny-list: a private member this code has never heard of (`oth`, a future one) is dropped too.
 */
const PUBLIC_MEMBERS = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
} as const satisfies Record<PublicJwk['kty'], readonly string[]>

/**
 * Copies the public members of a JWK and nothing else, so a private key can be published
 * safely. Symmetric (`oct`) keys are refused: they have no public part.
 *
 * @example
 * const jwks = { keys: privateJwks.map(toPublicJwk) }
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6
 */
export function toPublicJwk(jwk: JWK | PublicJwk): PublicJwk {
  if (typeof jwk !== 'object' || jwk === null) throw new ArgumentError('"jwk" must be a JWK object')
  const source = jwk as Record<string, unknown>
  const kty = source['kty']
  if (kty === 'oct')
    throw new ArgumentError('"jwk" is a symmetric (oct) key; symmetric keys are never published')
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') {
    throw new ArgumentError(`"jwk.kty" must be "RSA", "EC" or "OKP", got ${JSON.stringify(kty)}`)
  }
  const out: Record<string, unknown> = { kty }
  for (const name of PUBLIC_MEMBERS[kty]) {
    const value = source[name]
    if (typeof value !== 'string' || value === '') {
      throw new ArgumentError(`"jwk.${name}" must be a non-empty string for a ${kty} key`)
    }
    out[name] = value
  }
  for (const name of COMMON_MEMBERS) {
    const value = source[name]
    if (value === undefined) continue
    const ok =
      name === 'x5c'
        ? Array.isArray(value) && value.every((c) => typeof c === 'string')
        : typeof value === 'string'
    if (!ok) throw new ArgumentError(`"jwk.${name}" has the wrong type`)
    out[name] = name === 'x5c' ? [...(value as string[])] : value
  }
  return out as unknown as PublicJwk
}
