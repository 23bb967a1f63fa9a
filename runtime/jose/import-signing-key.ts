import { CompactSign, compactVerify, importJWK, type JWK } from 'jose'
import { ArgumentError } from '../errors.js'
import { isSigningAlgorithm, jwkFitsAlg, SIGNING_ALGORITHMS } from './lib/algorithms.js'
import { pickPrivateJwk } from './lib/private-jwk.js'
import { assertKid, buildSigningKey } from './lib/signing-key.js'
import { toPublicJwk } from './to-public-jwk.js'
import type { PrivateJwk, SigningKey } from './types.js'

export interface ImportSigningKeyOptions {
  /** Algorithm to use when the JWK has no `alg` member. */
  alg?: PrivateJwk['alg']
}

/**
 * Imports a private JWK (as written by `exportSigningKey`) into an extractable `SigningKey`.
 * The `kid` is kept, or computed as the RFC 7638 thumbprint when absent. The pair is checked
 * by signing and verifying a probe, so corrupt persisted keys fail here, not in production.
 *
 * @example
 * const key = await importSigningKey(JSON.parse(await readSecret('signing-key')))
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function importSigningKey(
  jwk: PrivateJwk | JWK,
  options: ImportSigningKeyOptions = {},
): Promise<SigningKey> {
  if (typeof jwk !== 'object' || jwk === null) throw new ArgumentError('"jwk" must be a JWK object')
  const source = jwk as Record<string, unknown>
  const alg = source['alg'] ?? options.alg
  if (!isSigningAlgorithm(alg))
    throw new ArgumentError(`"jwk.alg" must be one of ${SIGNING_ALGORITHMS.join(', ')}`)
  if (source['alg'] !== undefined && options.alg !== undefined && options.alg !== source['alg']) {
    throw new ArgumentError('"options.alg" disagrees with "jwk.alg"')
  }
  if (source['use'] !== undefined && source['use'] !== 'sig')
    throw new ArgumentError('"jwk.use" must be "sig"')
  assertKid(source['kid'], 'jwk.kid')
  if (!jwkFitsAlg(source, alg)) throw new ArgumentError(`"jwk" key type or curve does not fit alg ${alg}`)
  const material = pickPrivateJwk(jwk, 'jwk')
  let privateKey: CryptoKey | Uint8Array
  let publicKey: CryptoKey | Uint8Array
  try {
    privateKey = await importJWK(material as JWK, alg, { extractable: true })
    publicKey = await importJWK(toPublicJwk(material as JWK) as JWK, alg, { extractable: true })
  } catch (err) {
    throw new ArgumentError(
      `"jwk" could not be imported: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey)) {
    throw new ArgumentError('"jwk" did not import as an asymmetric key')
  }
  const probe = new TextEncoder().encode('authspec key pair check')
  const jws = await new CompactSign(probe).setProtectedHeader({ alg }).sign(privateKey)
  const paired = await compactVerify(jws, publicKey).then(
    () => true,
    () => false,
  )
  if (!paired) throw new ArgumentError('"jwk" private and public members do not form a key pair')
  return buildSigningKey(alg, privateKey, publicKey, source['kid'] as string | undefined)
}
