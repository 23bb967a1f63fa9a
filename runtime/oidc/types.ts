import type { FlattenedJWSInput, JWSHeaderParameters } from 'jose'
import * as z from 'zod/mini'
import { nonEmpty } from '../oauth2/lib/schema.js'

/**
 * Finds the verification key for a JWS from its protected header, the shape `jose`'s `jwtVerify`
 * and `compactVerify` accept as their key argument. `createRemoteJwks` and `createLocalJwks`
 * return one; `jose`'s `createRemoteJWKSet` fits too.
 */
export type KeyResolver = (
  protectedHeader: JWSHeaderParameters,
  token?: FlattenedJWSInput,
) => Promise<CryptoKey>

/** One member of a JSON Web Key Set as fetched; unknown members are kept. */
export const JwkSchema = z.looseObject({
  kty: nonEmpty(),
  kid: z.optional(z.string()),
  use: z.optional(z.string()),
  alg: z.optional(z.string()),
  crv: z.optional(z.string()),
  key_ops: z.optional(z.array(z.string())),
})

/**
 * A JSON Web Key Set (RFC 7517 §5): an object with a `keys` array.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export const JwksSchema = z.looseObject({ keys: z.array(JwkSchema) })

export type JwksJwk = z.output<typeof JwkSchema>
export type Jwks = z.output<typeof JwksSchema>

/**
 * Claims of a validated ID token (OIDC Core §2). The registered ones are typed; any other claim
 * the provider sends is kept as `unknown` for the caller to check.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export interface IdTokenClaims {
  iss: string
  sub: string
  aud: string | string[]
  exp: number
  iat: number
  nbf?: number
  auth_time?: number
  nonce?: string
  acr?: string
  amr?: string[]
  azp?: string
  at_hash?: string
  c_hash?: string
  sid?: string
  [claim: string]: unknown
}

/**
 * Standard UserInfo claims (OIDC Core §5.1); `sub` is always there, the rest when granted.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims
 */
export interface UserInfo {
  sub: string
  name?: string
  given_name?: string
  family_name?: string
  preferred_username?: string
  email?: string
  email_verified?: boolean
  picture?: string
  locale?: string
  [claim: string]: unknown
}
