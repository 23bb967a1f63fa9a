import type { JWSHeaderParameters } from 'jose'
import { ArgumentError } from '../errors.js'
import { resolveFromSet } from './lib/select-key.js'
import { JwksSchema, type KeyResolver } from './types.js'

/**
 * Creates a key resolver over a JWKS you already hold (configuration, a file, a test). Keys are
 * chosen by the same rule as `createRemoteJwks`: header `kid` and `alg` only, exactly one
 * candidate, never an embedded `jwk`/`jku`/`x5u`/`x5c`.
 *
 * @example
 * const keys = createLocalJwks({ keys: [publicJwk] })
 * const claims = await validateIdToken(idToken, { issuer, clientId, keys })
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createLocalJwks(jwks: { keys: readonly object[] }): KeyResolver {
  const parsed = JwksSchema.safeParse(jwks)
  if (!parsed.success) throw new ArgumentError('"jwks" must be a JSON Web Key Set: { keys: [{ kty, ... }] }')
  const set = parsed.data
  return (protectedHeader: JWSHeaderParameters) =>
    resolveFromSet(set, { alg: protectedHeader?.alg, kid: protectedHeader?.kid })
}
