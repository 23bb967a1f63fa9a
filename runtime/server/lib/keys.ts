/**
 * Signing keys of the authorization server, backed by `runtime/jose`'s `KeySet` (which rotates
 * keys and keeps the previous ones published). All cryptography is done by `jose`.
 */
import type { JWK, JWTPayload } from 'jose'
import { ArgumentError } from '../../errors.js'
import { generateSigningKey, KeySet, type SigningAlgorithm, signJwt } from '../../jose/index.js'

/** Algorithms the server can sign ID tokens with. */
export type SigningAlg = SigningAlgorithm

/** What the server needs from its keys: sign a JWT with the current key, publish the public keys. */
export interface SigningKeys {
  /** Algorithm of the current signing key. */
  readonly alg: string
  /** Every algorithm the keys can sign with (for per-client `id_token_signed_response_alg`). Default `[alg]`. */
  readonly algs?: readonly string[] | undefined
  /**
   * Signs `payload` with the current key (of `alg` when given, which must be one of `algs`);
   * `typ` goes into the protected header.
   */
  sign(payload: JWTPayload, options?: { typ?: string; alg?: string }): Promise<string>
  /** The public JWK Set: the current key and, after a rotation, the previous ones still published. */
  jwks(): Promise<{ keys: JWK[] }>
}

/** Signing keys that can rotate: `rotate()` makes a new current key, the old one stays published. */
export interface RotatingSigningKeys extends SigningKeys {
  readonly keySet: KeySet
  rotate(): Promise<void>
}

/**
 * Uses a `KeySet` from `authspec/jose` for the server: signs with its current key for `alg`
 * (default: the set's first algorithm) and publishes every key of the set.
 *
 * @example
 * const keySet = await KeySet.generate(['RS256', 'ES256'])
 * const server = createAuthorizationServer({ issuer, store, keys: fromKeySet(keySet) })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
export function fromKeySet(keySet: KeySet, alg?: SigningAlg): RotatingSigningKeys {
  if (!(keySet instanceof KeySet)) throw new ArgumentError('"keySet" must be a KeySet')
  const current = () => keySet.current(alg)
  current()
  return {
    keySet,
    get alg() {
      return current().alg
    },
    get algs() {
      return keySet.algorithms()
    },
    sign(payload, options) {
      const key = options?.alg ? keySet.current(options.alg as SigningAlg) : current()
      return signJwt(payload, key, options?.typ ? { typ: options.typ } : {})
    },
    async jwks() {
      return { keys: keySet.publicJwks().keys.map((k) => ({ ...k })) }
    },
    async rotate() {
      await keySet.rotate(await generateSigningKey(current().alg))
    },
  }
}

/**
 * Generates an in-memory signing key (RS256 by default, OIDC Core §15.1) with rotation.
 *
 * @example
 * const keys = await generateSigningKeys({ alg: 'ES256' })
 * const server = createAuthorizationServer({ issuer, store, keys })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#SigningOrder
 */
export async function generateSigningKeys(options?: {
  alg?: SigningAlg
  /** More algorithms to keep a key for, so clients may ask for them (`id_token_signed_response_alg`). */
  extraAlgs?: readonly SigningAlg[]
  /** How many previous keys stay published after rotation. Default 1. */
  keepPrevious?: number
}): Promise<RotatingSigningKeys> {
  const alg = options?.alg ?? 'RS256'
  const algs = [alg, ...(options?.extraAlgs ?? []).filter((a) => a !== alg)]
  const keySet = await KeySet.generate(algs, { keepPrevious: options?.keepPrevious ?? 1 })
  return fromKeySet(keySet, alg)
}
