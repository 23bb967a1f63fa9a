/**
 * Signing keys of the authorization server, isolated here so they can later be backed by
 * `runtime/jose`'s KeySet. All cryptography is done by `jose`.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose'
import { ArgumentError } from '../../errors.js'

/** Algorithms the server can sign ID tokens with. */
export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA'

/** What the server needs from its keys: sign a JWT with the current key, publish the public keys. */
export interface SigningKeys {
  /** Algorithm of the current signing key. */
  readonly alg: SigningAlg
  /** Signs `payload` with the current key; `typ` goes into the protected header. */
  sign(payload: JWTPayload, options?: { typ?: string }): Promise<string>
  /** The public JWK Set: the current key and, after a rotation, the previous ones still published. */
  jwks(): Promise<{ keys: JWK[] }>
}

interface KeyEntry {
  kid: string
  alg: SigningAlg
  privateKey: CryptoKey
  publicJwk: JWK
}

/** An in-memory key set: `rotate()` makes a new current key and keeps the previous one published. */
export interface RotatingSigningKeys extends SigningKeys {
  rotate(): Promise<void>
}

const ALGS: readonly SigningAlg[] = ['RS256', 'ES256', 'EdDSA']

/**
 * Generates a signing key (RS256 by default) held in memory.
 *
 * @example
 * const keys = await generateSigningKeys({ alg: 'ES256' })
 * const server = createAuthorizationServer({ issuer, store, keys })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#SigningOrder
 */
export async function generateSigningKeys(options?: {
  alg?: SigningAlg
  /** How many previous keys stay published after rotation. Default 1. */
  keepPrevious?: number
}): Promise<RotatingSigningKeys> {
  const alg = options?.alg ?? 'RS256'
  if (!ALGS.includes(alg)) throw new ArgumentError(`"alg" must be one of ${ALGS.join(', ')}`)
  const keep = options?.keepPrevious ?? 1
  const entries: KeyEntry[] = [await newKey(alg)]
  return {
    get alg() {
      return alg
    },
    async sign(payload, opts) {
      const current = entries[0]!
      return new SignJWT(payload)
        .setProtectedHeader({ alg: current.alg, kid: current.kid, ...(opts?.typ ? { typ: opts.typ } : {}) })
        .sign(current.privateKey)
    },
    async jwks() {
      return { keys: entries.map((e) => ({ ...e.publicJwk })) }
    },
    async rotate() {
      entries.unshift(await newKey(alg))
      entries.length = Math.min(entries.length, keep + 1)
    },
  }
}

async function newKey(alg: SigningAlg): Promise<KeyEntry> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } }
}
