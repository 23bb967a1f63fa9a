/**
 * OpenID Connect relying party: JWKS cache, ID token validation, UserInfo.
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export { createRemoteJwks, type RemoteJwks, type RemoteJwksOptions } from './jwks-cache.js'
export { createLocalJwks } from './local-jwks.js'
export type { IdTokenClaims, Jwks, JwksJwk, KeyResolver, UserInfo } from './types.js'
export { JwkSchema, JwksSchema } from './types.js'
export { fetchUserInfo, type UserInfoOptions } from './userinfo.js'
export { type ValidateIdTokenOptions, validateIdToken } from './validate-id-token.js'
