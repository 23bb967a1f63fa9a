import { importJWK, type JWK } from 'jose'
import { OAuthError } from '../../errors.js'
import type { JwksJwk } from '../types.js'

/** The key type (and curve) an asymmetric JWS algorithm needs (RFC 7518 §3.1, RFC 8037 §3.1). */
interface AlgFamily {
  kty: 'RSA' | 'EC' | 'OKP'
  crv?: string
}

const FAMILIES: Readonly<Record<string, AlgFamily>> = {
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  // Web Crypto offers Ed25519 only, so EdDSA keys on other curves are never candidates.
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519' },
}

/** The key family of a public-key JWS alg, or undefined for HMAC, `none` and unknown values. */
export function algFamily(alg: string): AlgFamily | undefined {
  return Object.hasOwn(FAMILIES, alg) ? FAMILIES[alg] : undefined
}

/** The only header members key selection reads. */
export interface KeySelector {
  alg?: string | undefined
  kid?: string | undefined
}

export type Selection =
  | { kind: 'match'; jwk: JwksJwk }
  | { kind: 'none'; reason: string }
  | { kind: 'ambiguous'; reason: string }

function usable(jwk: JwksJwk, alg: string, family: AlgFamily, kid: string | undefined): boolean {
  if (jwk.use !== undefined && jwk.use !== 'sig') return false
  if (jwk.key_ops !== undefined && !jwk.key_ops.includes('verify')) return false
  if (jwk.kty !== family.kty) return false
  if (family.crv !== undefined && jwk.crv !== family.crv) return false
  if (jwk.alg !== undefined && jwk.alg !== alg) return false
  return kid === undefined || jwk.kid === kid
}

/**
 * Picks the one key of a set that may verify a JWS with this header. Only `kid` and `alg` are
 * read: embedded `jwk`, `jku`, `x5u`, `x5c` headers are attacker-controlled and never consulted.
 *
 * Rule: a candidate has `use` "sig" or none, `key_ops` (if any) with "verify", the `kty`/`crv`
 * the alg needs, `alg` (if any) equal to the header's, and the header's `kid` (if it has one).
 * Exactly one candidate is a match; several are refused as ambiguous rather than tried in turn,
 * so a token without `kid` needs a set with a single key of its family.
 */
export function selectJwk(keys: readonly JwksJwk[], header: KeySelector): Selection {
  const alg = header.alg
  const family = typeof alg === 'string' ? algFamily(alg) : undefined
  if (alg === undefined || family === undefined) {
    return { kind: 'none', reason: `no JWKS key can verify alg ${JSON.stringify(alg)}` }
  }
  const kid = header.kid
  const candidates = keys.filter((jwk) => usable(jwk, alg, family, kid))
  const what = kid === undefined ? `alg ${alg} (no kid)` : `kid ${JSON.stringify(kid)} and alg ${alg}`
  if (candidates.length === 0) return { kind: 'none', reason: `no JWKS key matches ${what}` }
  if (candidates.length > 1) {
    return { kind: 'ambiguous', reason: `${candidates.length} JWKS keys match ${what}; refusing to guess` }
  }
  return { kind: 'match', jwk: candidates[0]! }
}

/** Members that only a private or symmetric key has; a published set must not carry them. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'])

const imported = new WeakMap<object, Map<string, Promise<CryptoKey>>>()

/**
 * Imports the public part of a JWK for `alg`, once per key object and alg. Private members a
 * misconfigured server publishes are dropped, so a verification key is never a private key.
 */
export function importPublicKey(jwk: JwksJwk, alg: string): Promise<CryptoKey> {
  let perAlg = imported.get(jwk)
  if (!perAlg) {
    perAlg = new Map()
    imported.set(jwk, perAlg)
  }
  const cached = perAlg.get(alg)
  if (cached) return cached
  const pub: JWK = {}
  for (const [name, value] of Object.entries(jwk)) {
    if (!PRIVATE_MEMBERS.has(name)) (pub as Record<string, unknown>)[name] = value
  }
  const guarded = importJWK(pub, alg)
    .then((key) => {
      if (key instanceof Uint8Array) throw new TypeError('a symmetric key cannot verify a public-key alg')
      return key
    })
    .catch((cause: unknown) => {
      perAlg.delete(alg)
      throw new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: `JWKS key ${JSON.stringify(jwk.kid ?? '(no kid)')} cannot be imported for ${alg}`,
        cause,
      })
    })
  perAlg.set(alg, guarded)
  return guarded
}

/** Selects and imports the key for a header from a fixed set, or throws `JWKS_NO_MATCHING_KEY`. */
export function resolveFromSet(jwks: { keys: readonly JwksJwk[] }, header: KeySelector): Promise<CryptoKey> {
  const selection = selectJwk(jwks.keys, header)
  if (selection.kind !== 'match') return Promise.reject(noMatchingKey(selection.reason))
  return importPublicKey(selection.jwk, header.alg!)
}

export function noMatchingKey(description: string): OAuthError {
  return new OAuthError('JWKS_NO_MATCHING_KEY', {
    error: 'jwks_no_matching_key',
    error_description: description,
  })
}
