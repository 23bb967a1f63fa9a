import type { HmacAlgorithm, JwsAlgorithm, SigningAlgorithm } from '../types.js'

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]

export const HMAC_ALGORITHMS: readonly HmacAlgorithm[] = ['HS256', 'HS384', 'HS512']

export function isSigningAlgorithm(alg: unknown): alg is SigningAlgorithm {
  return typeof alg === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(alg)
}

export function isHmacAlgorithm(alg: unknown): alg is HmacAlgorithm {
  return typeof alg === 'string' && (HMAC_ALGORITHMS as readonly string[]).includes(alg)
}

export function isJwsAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return isSigningAlgorithm(alg) || isHmacAlgorithm(alg)
}

/** The JWK key type and curve an algorithm needs (RFC 7518 §3, RFC 8037 §3.1). */
export function keyShapeFor(alg: string): { kty: 'RSA' | 'EC' | 'OKP'; crv?: string } | undefined {
  switch (alg) {
    case 'RS256':
    case 'RS384':
    case 'RS512':
    case 'PS256':
    case 'PS384':
    case 'PS512':
      return { kty: 'RSA' }
    case 'ES256':
      return { kty: 'EC', crv: 'P-256' }
    case 'ES384':
      return { kty: 'EC', crv: 'P-384' }
    case 'ES512':
      return { kty: 'EC', crv: 'P-521' }
    case 'EdDSA':
    case 'Ed25519':
      return { kty: 'OKP', crv: 'Ed25519' }
    default:
      return undefined
  }
}

/** Whether a JWK's `kty`/`crv` can carry signatures of `alg`. */
export function jwkFitsAlg(jwk: { kty?: unknown; crv?: unknown }, alg: string): boolean {
  const shape = keyShapeFor(alg)
  if (!shape || jwk.kty !== shape.kty) return false
  return shape.crv === undefined || jwk.crv === shape.crv
}
