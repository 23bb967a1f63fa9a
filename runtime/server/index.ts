/**
 * The authorization server, OpenID Provider and resource protection.
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */

/** Random URL-safe strings, e.g. `randomToken(32)` for a key-encryption key or a cookie secret. */
export { randomToken } from '../lib/random.js'
export {
  AuthorizationServer,
  type AuthorizationServerOptions,
  createAuthorizationServer,
} from './authorization-server.js'
export { authenticateClient } from './client-auth.js'
export type { EndSessionRequest } from './endpoints/end-session.js'
export {
  type ErrorRedirect,
  errorToResponse,
  OAuthServerError,
  type OAuthServerErrorInit,
  type ResponseMode,
} from './errors.js'
export { authorizationCodeGrant } from './grants/authorization-code.js'
export { clientCredentialsGrant } from './grants/client-credentials.js'
export { DEVICE_CODE_GRANT, deviceCodeGrant } from './grants/device-code.js'
export {
  type HybridResponseType,
  hybridGrant,
  type ImplicitResponseType,
  implicitGrant,
} from './grants/hybrid.js'
export { openIdExtension } from './grants/openid.js'
export { type PasswordGrantOptions, passwordGrant } from './grants/password.js'
export { pkceExtension } from './grants/pkce.js'
export { refreshTokenGrant } from './grants/refresh-token.js'
export { type IssueTokenResponseInput, issueTokenResponse } from './issue-tokens.js'
export type { ClaimRequest, ClaimsRequest } from './lib/claims-request.js'
export type { ClientIdMetadataDocumentOptions } from './lib/client-id-metadata-document.js'
export type { CoreHandler, CoreRequest, CoreResponse, WebHandler } from './lib/core-http.js'
export type { IntrospectionOptions, IntrospectionPolicyInput } from './lib/introspection-policy.js'
export {
  fromKeySet,
  generateSigningKeys,
  type RotatingSigningKeys,
  type SigningAlg,
  type SigningKeys,
} from './lib/keys.js'
export type { ResourceOptions, ResourcesOption } from './lib/resource-indicator.js'
export { PAGE_HEADERS } from './lib/responses.js'
export { hashSecret } from './lib/tokens.js'
export {
  type AccessTokenInfo,
  type JwtAccessTokenOptions,
  type ProtectedHandler,
  type ProtectedResourceMetadataOptions,
  type ProtectOptions,
  ResourceProtector,
  type ResourceProtectorOptions,
} from './resource-protector.js'
export type {
  AuthenticatedUser,
  AuthorizationDecision,
  AuthorizationDenial,
  AuthorizationRequestContext,
  ConsentRequest,
  DeviceConsentRequest,
  Grant,
  GrantExtension,
  RegistrationPolicy,
  ServerEvent,
  TokenIssueContext,
  TokenRequestContext,
  TokenResponseBody,
  UserClaims,
} from './types.js'
