import { ArgumentError } from '../errors.js'
import { JwkSetKeys } from '../jose/lib/jwk-set.js'
import { JwksSchema, type KeyResolver } from './types.js'

/**
 * Creates a key resolver over a JWKS you already hold (configuration, a file, a test). Keys are
 * chosen and imported as by `createRemoteJwks` (and the jose layer's `createJwksResolver`):
 * header `kid` and `alg` only, exactly one candidate, public members only, never an embedded
 * `jwk`/`jku`/`x5u`/`x5c`.
 *
 * @example
 * const keys = createLocalJwks({ keys: [publicJwk] })
 * const claims = await validateIdToken(idToken, { issuer, clientId, keys })
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createLocalJwks(jwks: { keys: readonly object[] }): KeyResolver {
  const parsed = JwksSchema.safeParse(jwks)
  if (!parsed.success) throw new ArgumentError('"jwks" must be a JSON Web Key Set: { keys: [{ kty, ... }] }')
  const keys = new JwkSetKeys(parsed.data.keys)
  return (protectedHeader) => keys.resolve(protectedHeader)
}
