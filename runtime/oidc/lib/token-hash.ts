import { leftHalfHash as halfOf } from '../../lib/random.js'

/** The hash OIDC pairs with a JWS alg for at_hash / c_hash; EdDSA depends on the key's curve. */
function hashFor(alg: string, key: CryptoKey | Uint8Array): 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined {
  if (alg === 'EdDSA' || alg === 'Ed25519') {
    // Ed25519 signs with SHA-512 internally; the OpenID Foundation errata pairs it with SHA-512.
    return key instanceof Uint8Array || key.algorithm.name !== 'Ed25519' ? undefined : 'SHA-512'
  }
  const bits = /^(?:HS|RS|PS|ES)(256|384|512)$/.exec(alg)?.[1] ?? (alg === 'ES256K' ? '256' : undefined)
  return bits === undefined ? undefined : (`SHA-${bits}` as 'SHA-256' | 'SHA-384' | 'SHA-512')
}

/**
 * at_hash / c_hash of a token: the left half of its hash under the ID token's alg, base64url.
 * Undefined when the alg has no defined hash.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function leftHalfHash(
  value: string,
  alg: string,
  key: CryptoKey | Uint8Array,
): Promise<string | undefined> {
  const hash = hashFor(alg, key)
  if (hash === undefined) return undefined
  return halfOf(value, hash)
}
