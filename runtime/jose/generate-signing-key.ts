import { generateKeyPair } from 'jose'
import { ArgumentError } from '../errors.js'
import { isSigningAlgorithm, keyShapeFor, SIGNING_ALGORITHMS } from './lib/algorithms.js'
import { assertKid, buildSigningKey } from './lib/signing-key.js'
import type { SigningAlgorithm, SigningKey } from './types.js'

export interface GenerateSigningKeyOptions {
  /** Key ID; defaults to the RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  kid?: string
  /** RSA modulus length in bits, at least 2048 (the default). Ignored for EC and OKP keys. */
  modulusLength?: number
}

/**
 * Generates an extractable asymmetric key pair for `alg`, so it can be persisted with
 * `exportSigningKey`. Cryptography is done by `jose` (Web Crypto).
 *
 * @example
 * const key = await generateSigningKey('ES256')
 * key.kid // RFC 7638 thumbprint, e.g. 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function generateSigningKey(
  alg: SigningAlgorithm,
  options: GenerateSigningKeyOptions = {},
): Promise<SigningKey> {
  if (!isSigningAlgorithm(alg))
    throw new ArgumentError(`"alg" must be one of ${SIGNING_ALGORITHMS.join(', ')}`)
  assertKid(options.kid, 'options.kid')
  const { modulusLength } = options
  if (modulusLength !== undefined && (!Number.isInteger(modulusLength) || modulusLength < 2048)) {
    throw new ArgumentError('"options.modulusLength" must be an integer of at least 2048')
  }
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(modulusLength !== undefined && keyShapeFor(alg)?.kty === 'RSA' ? { modulusLength } : {}),
  })
  return buildSigningKey(alg, pair.privateKey, pair.publicKey, options.kid)
}
