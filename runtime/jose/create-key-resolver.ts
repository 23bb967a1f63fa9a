import type { JWSHeaderParameters } from 'jose'
import { ArgumentError } from '../errors.js'
import { selectKey } from './lib/select-key.js'
import type { KeyResolver, SigningKey } from './types.js'

/** A public key with its published JWK; every `SigningKey` is one. */
export type VerificationKey = Pick<SigningKey, 'publicKey' | 'publicJwk'>

/**
 * A resolver over known public keys, for `verifyJwt` or jose's `jwtVerify`: selects by `kid`,
 * `alg` and `use`, and fails with `JWKS_NO_MATCHING_KEY` when no single key matches.
 *
 * @example
 * const resolve = createKeyResolver([currentKey, previousKey])
 * await verifyJwt(token, resolve, { algorithms: ['ES256'] })
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4
 */
export function createKeyResolver(keys: readonly VerificationKey[]): KeyResolver {
  if (!Array.isArray(keys)) throw new ArgumentError('"keys" must be an array of keys')
  for (const [i, key] of keys.entries()) {
    if (!(key?.publicKey instanceof CryptoKey) || typeof key.publicJwk !== 'object') {
      throw new ArgumentError(`"keys[${i}]" must have a publicKey and a publicJwk`)
    }
  }
  const snapshot = [...keys]
  return (header: JWSHeaderParameters) => selectKey(snapshot, (k) => k.publicJwk, header).publicKey
}
