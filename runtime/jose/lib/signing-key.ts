import { type CryptoKey, calculateJwkThumbprint, exportJWK } from 'jose'
import { ArgumentError } from '../../errors.js'
import { toPublicJwk } from '../to-public-jwk.js'
import type { SigningAlgorithm, SigningKey } from '../types.js'
import { isSigningAlgorithm } from './algorithms.js'

/** Assembles a frozen `SigningKey`, computing the RFC 7638 thumbprint when no kid is given. */
export async function buildSigningKey(
  alg: SigningAlgorithm,
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  kid: string | undefined,
): Promise<SigningKey> {
  const bare = toPublicJwk(await exportJWK(publicKey))
  const keyId = kid ?? (await calculateJwkThumbprint(bare, 'sha256'))
  const publicJwk = Object.freeze({ ...bare, kid: keyId, alg, use: 'sig' })
  return Object.freeze({ kid: keyId, alg, use: 'sig', privateKey, publicKey, publicJwk })
}

export function assertKid(kid: unknown, name: string): asserts kid is string | undefined {
  if (kid !== undefined && (typeof kid !== 'string' || kid === '' || kid.length > 256)) {
    throw new ArgumentError(`"${name}" must be a non-empty string of at most 256 characters`)
  }
}

/** Checks the shape of something claiming to be a `SigningKey` (it may come from user code). */
export function assertSigningKey(key: unknown, name: string): asserts key is SigningKey {
  const k = key as Partial<SigningKey> | null
  if (
    typeof k !== 'object' ||
    k === null ||
    typeof k.kid !== 'string' ||
    !isSigningAlgorithm(k.alg) ||
    k.use !== 'sig' ||
    !(k.privateKey instanceof CryptoKey) ||
    k.privateKey.type !== 'private' ||
    !(k.publicKey instanceof CryptoKey) ||
    k.publicKey.type !== 'public' ||
    typeof k.publicJwk !== 'object'
  ) {
    throw new ArgumentError(`"${name}" must be a SigningKey from generateSigningKey or importSigningKey`)
  }
}
