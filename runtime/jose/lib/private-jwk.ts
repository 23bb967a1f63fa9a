import { ArgumentError } from '../../errors.js'
import { toPublicJwk } from '../to-public-jwk.js'

/** Private members per key type that Web Crypto can hold (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
const PRIVATE_MEMBERS = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
} as const

/**
 * Copies the key material of a private JWK by allow-list: public members, private members,
 * and nothing else (`key_ops`, `ext` and unknown members would make Web Crypto refuse the import
 * or smuggle data into persisted state).
 */
export function pickPrivateJwk(jwk: object, name: string): Record<string, unknown> {
  const source = jwk as Record<string, unknown>
  const out: Record<string, unknown> = { ...toPublicJwk(jwk as Parameters<typeof toPublicJwk>[0]) }
  delete out['kid']
  delete out['alg']
  delete out['use']
  const kty = out['kty'] as keyof typeof PRIVATE_MEMBERS
  for (const member of PRIVATE_MEMBERS[kty]) {
    const value = source[member]
    if (value === undefined && member !== 'd') continue
    if (typeof value !== 'string' || value === '') {
      throw new ArgumentError(`"${name}.${member}" must be a non-empty string in a private ${kty} JWK`)
    }
    out[member] = value
  }
  return out
}
