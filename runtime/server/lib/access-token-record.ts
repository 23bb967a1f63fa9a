import { KeySet } from '../../jose/key-set.js'
import type { TokenRecord } from '../../storage/store.js'
import type { ServerContext } from '../types.js'
import {
  type JwtAccessTokenOptions,
  JwtAccessTokenValidator,
  looksLikeJwt,
  storedJwtRecord,
} from './jwt-access-token.js'
import { hashSecret } from './tokens.js'

/**
 * How this server's own JWT access tokens are verified: its issuer, audience and public keys
 * (already imported, through the key set's resolver, when the keys come from a `KeySet`).
 */
export function jwtAccessTokenOptions(server: ServerContext): JwtAccessTokenOptions | undefined {
  const keys = server.keys
  if (!keys) return undefined
  return {
    issuer: server.issuer,
    audience: server.accessTokenAudience,
    jwks: () => keys.jwks(),
    keys: 'keySet' in keys && keys.keySet instanceof KeySet ? keys.keySet.resolver() : undefined,
  }
}

const validators = new WeakMap<ServerContext, JwtAccessTokenValidator | undefined>()

function validatorOf(server: ServerContext): JwtAccessTokenValidator | undefined {
  if (validators.has(server)) return validators.get(server)
  const opts = jwtAccessTokenOptions(server)
  const validator = opts && new JwtAccessTokenValidator({ ...opts, realm: server.realm })
  validators.set(server, validator)
  return validator
}

/**
 * The stored record of an access token this server issued, for the endpoints that are handed one
 * (revocation, introspection, userinfo, token exchange): an opaque token by its hash; a JWT access
 * token by its `jti`, once its signature, `typ: at+jwt`, issuer and expiry are verified with the
 * server's keys, so a forged JWT that names a real `jti` finds nothing.
 */
export async function findAccessTokenRecord(
  server: ServerContext,
  token: string,
): Promise<TokenRecord | undefined> {
  const validator = looksLikeJwt(token) ? validatorOf(server) : undefined
  if (!validator) return server.store.getToken(await hashSecret(token))
  let claims: Record<string, unknown>
  try {
    // Any audience: the record, not the audience, says whether this server still honours it.
    claims = await validator.verify(token, server.now(), false)
  } catch {
    return undefined
  }
  return storedJwtRecord(server.store, token, claims['jti'] as string)
}
