import type { CryptoKey, JSONWebKeySet, JWSHeaderParameters } from 'jose'
import { ArgumentError } from '../errors.js'
import { JwkSetKeys } from './lib/jwk-set.js'
import type { PublicJwk } from './types.js'

/**
 * A resolver over a JWK Set document (e.g. an OpenID Provider's `jwks_uri`). Keys of types it
 * does not understand, and symmetric keys, are ignored (RFC 7517 §5); private members are
 * never imported. Imported keys are cached per key and algorithm; a key that cannot be
 * imported fails with `INVALID_RESPONSE`.
 *
 * @example
 * const jwks = await (await fetch(metadata.jwks_uri)).json()
 * await verifyJwt(idToken, createJwksResolver(jwks), { algorithms: ['RS256'] })
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createJwksResolver(
  jwks: JSONWebKeySet | { keys: readonly PublicJwk[] },
): (header: JWSHeaderParameters) => Promise<CryptoKey> {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) {
    throw new ArgumentError('"jwks" must be a JWK Set ({ keys: [...] })')
  }
  const keys = new JwkSetKeys(jwks.keys)
  return (header) => keys.resolve(header)
}
