import { applyClientAuth } from '../oauth2/client-auth.js'
import type { ClientAuthApplier } from '../oauth2/lib/secret-auth.js'
import { createMetadataCache } from '../oauth2/metadata-cache.js'
import { createRemoteJwks } from '../oidc/jwks-cache.js'
import { fetchUserInfo } from '../oidc/userinfo.js'
import { validateIdToken } from '../oidc/validate-id-token.js'
import type { GenericProviderClient } from './client-types.js'
import type { ClientContext } from './lib/client-context.js'
import { profileAndApi } from './lib/profile-and-api.js'
import { type SignedSecretSupport, signedClientSecret } from './lib/signed-client-secret.js'

export type { SignedSecretSupport } from './lib/signed-client-secret.js'

import type { ProviderSpec } from './spec-types.js'

/** ID token validation and the provider's remote JWKS (OpenID Connect Core §3.1.3.7). */
export interface IdTokenSupport {
  validateIdToken: typeof validateIdToken
  createRemoteJwks: typeof createRemoteJwks
}

/** Adds `profile` and `api` to a sign-in client: what makes it a full provider client. */
export type ApiSupport = (
  context: ClientContext<ProviderSpec>,
) => Pick<GenericProviderClient, 'profile' | 'api'>

/**
 * The capability modules a client is built with, each passed in rather than imported by
 * `createClient`, so a bundler keeps only what the caller named: a sign-in client of a plain OAuth
 * 2.0 provider carries no ID token validation, JWT library, API operations or profile mapping.
 * `neededSupport` says which ones a spec needs; generated factories import exactly those.
 */
export interface ClientSupport {
  /** `profile` and `api`: without it `createClient` builds the sign-in client. */
  api?: ApiSupport | undefined
  /** Server metadata discovery (RFC 8414, OpenID Connect Discovery), for a spec with an issuer. */
  discovery?: typeof createMetadataCache | undefined
  /** ID token validation, for OpenID Connect specs. */
  idTokens?: IdTokenSupport | undefined
  /**
   * Every client authentication method, incl. the JWT assertions of `client_secret_jwt` and
   * `private_key_jwt`; without it only the secret-based methods (and `none`) run.
   */
  jwtClientAuth?: ClientAuthApplier | undefined
  /** Client secrets signed per request, for a spec with `signedClientSecret` (brings in `jose` signing). */
  signedSecret?: SignedSecretSupport | undefined
  /** UserInfo, which the profile of an OpenID Connect spec may read. */
  userinfo?: typeof fetchUserInfo | undefined
}

/**
 * `profile` and the spec's API operations, each response checked against its schema.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export const apiSupport: ApiSupport = profileAndApi

/**
 * Discovery of the issuer's endpoints through a `MetadataCache`.
 * @see https://www.rfc-editor.org/rfc/rfc8414
 */
export const discoverySupport: typeof createMetadataCache = createMetadataCache

/**
 * ID token validation against the provider's JWKS (brings in the `jose` verifier).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export const idTokensSupport: IdTokenSupport = { validateIdToken, createRemoteJwks }

/**
 * Client authentication with signed JWT assertions as well as secrets (brings in `jose` signing).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const jwtClientAuthSupport: ClientAuthApplier = applyClientAuth

/**
 * Client secrets that are JWTs the client signs per request (Sign in with Apple).
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
export const signedSecretSupport: SignedSecretSupport = signedClientSecret

/**
 * UserInfo, JSON or signed JWT, with the `sub` check.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export const userinfoSupport: typeof fetchUserInfo = fetchUserInfo

/**
 * Every support module: for a client built from a spec known only at run time (the `authspec/auth`
 * registry), which may need any of them. Generated factories name theirs one by one instead, so
 * their bundles keep only what the spec needs.
 *
 * @example
 * const client = createClient(spec, { clientId, clientSecret, redirectUri }, everySupport)
 */
export const everySupport = {
  api: apiSupport,
  discovery: discoverySupport,
  idTokens: idTokensSupport,
  jwtClientAuth: jwtClientAuthSupport,
  signedSecret: signedSecretSupport,
  userinfo: userinfoSupport,
} as const satisfies ClientSupport
