import type { ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import type { createMetadataCache } from '../../oauth2/metadata-cache.js'
import type { createRemoteJwks } from '../../oidc/jwks-cache.js'
import type { fetchUserInfo } from '../../oidc/userinfo.js'
import type { validateIdToken } from '../../oidc/validate-id-token.js'

/** ID token validation and JWKS: what only an OpenID Connect client needs to sign users in. */
export interface OidcSupport {
  validateIdToken: typeof validateIdToken
  createRemoteJwks: typeof createRemoteJwks
}

/**
 * The protocol pieces a provider client is built with. Passed in rather than imported so a
 * bundler leaves out what a provider cannot use: a plain OAuth 2.0 client carries no ID token
 * validation and no JWT library.
 */
export interface ClientSupport {
  /** Client authentication at the token and revocation endpoints. */
  clientAuth: ClientAuthApplier
  /** Present for OpenID Connect specs. */
  oidc?: OidcSupport | undefined
  /** Server metadata discovery (RFC 8414, OIDC Discovery), for specs with an issuer. */
  discovery?: typeof createMetadataCache | undefined
  /** UserInfo for the profile of OpenID Connect specs; sign-in-only clients leave it out. */
  userinfo?: typeof fetchUserInfo | undefined
}
