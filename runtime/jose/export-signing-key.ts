import { exportJWK } from 'jose'
import { ArgumentError } from '../errors.js'
import { pickPrivateJwk } from './lib/private-jwk.js'
import { assertSigningKey } from './lib/signing-key.js'
import type { PrivateJwk, SigningKey } from './types.js'

/**
 * Exports the private key as a JWK carrying `kid`, `alg` and `use: 'sig'`, for persistence.
 * The result is secret material: store it encrypted, never publish it (use `publicJwk`).
 *
 * @example
 * const jwk = await exportSigningKey(key)
 * const same = await importSigningKey(jwk)
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function exportSigningKey(key: SigningKey): Promise<PrivateJwk> {
  assertSigningKey(key, 'key')
  if (!key.privateKey.extractable) throw new ArgumentError('"key.privateKey" is not extractable')
  const material = pickPrivateJwk(await exportJWK(key.privateKey), 'key.privateKey')
  return { ...material, kid: key.kid, alg: key.alg, use: 'sig' } as PrivateJwk
}
