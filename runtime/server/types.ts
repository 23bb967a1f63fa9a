import type { AuthorizationCodeRecord, ClientRecord, Store } from '../storage/store.js'
import type { ResponseMode } from './errors.js'
import type { ClaimsRequest } from './lib/claims-request.js'
import type { ClientIdMetadataDocuments } from './lib/client-id-metadata-document.js'
import type { IntrospectionRule } from './lib/introspection-policy.js'
import type { SigningKeys } from './lib/keys.js'
import type { Params } from './lib/params.js'
import type { ResourcePolicies } from './lib/resource-indicator.js'

/** Standard claims about an end-user (OIDC Core §5.1); returned by `findUserClaims`. */
export interface UserClaims {
  sub: string
  name?: string
  given_name?: string
  family_name?: string
  middle_name?: string
  nickname?: string
  preferred_username?: string
  profile?: string
  picture?: string
  website?: string
  gender?: string
  birthdate?: string
  zoneinfo?: string
  locale?: string
  updated_at?: number
  email?: string
  email_verified?: boolean
  address?: Record<string, string>
  phone_number?: string
  phone_number_verified?: boolean
  [claim: string]: unknown
}

/** The end-user who approved (or denied) an authorization request, as the app authenticated them. */
export interface AuthenticatedUser {
  sub: string
  /** Epoch seconds of the authentication (becomes `auth_time`). */
  authTime?: number | undefined
  acr?: string | undefined
}

/** Errors the app may answer a request with instead of approving it (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
export type AuthorizationDenial =
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'account_selection_required'

/** The app's answer to a consent request. */
export interface AuthorizationDecision {
  /** The signed-in user; required when `approved`. */
  user?: AuthenticatedUser | undefined
  approved: boolean
  /** When not approved: the error sent back (e.g. `login_required` for `prompt=none`). Default `access_denied`. */
  error?: AuthorizationDenial | undefined
  /** Scopes the user granted: a subset of the requested ones. Default: all requested. */
  scopes?: readonly string[] | undefined
}

/** What `validateConsentRequest` returns: everything the app needs to render a consent page. */
export interface ConsentRequest {
  client: { clientId: string; clientName?: string | undefined }
  redirectUri: string
  responseType: string
  responseMode: ResponseMode
  scopes: string[]
  state?: string | undefined
  nonce?: string | undefined
  /** OIDC `prompt` values (`none`, `login`, `consent`, `select_account`). */
  prompt: string[]
  /** OIDC `max_age` in seconds. */
  maxAge?: number | undefined
  /** OIDC `login_hint`, passed through for the login page. */
  loginHint?: string | undefined
  /** Requested Authentication Context Class References (`acr_values` and `claims.id_token.acr`). */
  acrValues: string[]
  /**
   * Set when `claims.id_token.acr` is essential (OIDC Core §5.5.1.1): the user's `acr` must be one
   * of these (any `acr` when empty), or the approval is answered with `access_denied`. Authenticate
   * the end-user at such a level (step up) before approving.
   */
  essentialAcrValues?: string[] | undefined
  /** The subject of a verified `id_token_hint`: the user the client expects to be signed in. */
  idTokenHintSub?: string | undefined
  /** The OIDC `claims` request parameter, for the consent page to list the claims asked for. */
  claims?: ClaimsRequest | undefined
  /** The resources (RFC 8707) the tokens will be for, for the consent page to name; absent when none. */
  resources?: string[] | undefined
  /**
   * The app must (re-)authenticate the end-user before approving: no signed-in user was passed,
   * `prompt=login`, `auth_time` older than `max_age`, or `id_token_hint` names another user.
   */
  loginRequired: boolean
  /** The app must ask for consent: `prompt=consent`, or no stored consent covers the scopes. */
  consentRequired: boolean
  /**
   * The request's parameters, URL-encoded: save them across a login form and pass them back to
   * `validateConsentRequest` to rebuild this request (a POST request included).
   */
  parameters: string
}

/**
 * Audit and metrics events. They never carry a secret, token or code: only identifiers,
 * grant types, scopes and error codes.
 */
export type ServerEvent =
  | { type: 'client_authenticated'; clientId: string; method: string }
  | {
      type: 'token_issued'
      clientId: string
      grantType: string
      sub?: string | undefined
      scope: string
      grantId: string
      refreshToken: boolean
    }
  | {
      type: 'token_revoked'
      clientId: string
      grantId: string
      /** `user_revoked`: the user took back what they gave the client (`server.revokeConsent`). */
      reason: 'revocation_request' | 'code_replay' | 'refresh_token_reuse' | 'user_revoked'
      /** Tokens revoked (1 for an access token, the family size for a grant). */
      count: number
    }
  | { type: 'grant_failed'; clientId?: string | undefined; grantType?: string | undefined; error: string }

/** Resolved server configuration and state shared by every endpoint. Internal. */
export interface ServerContext {
  issuer: string
  store: Store
  keys: SigningKeys | undefined
  /** Epoch seconds. */
  now(): number
  accessTokenTtl: number
  /** Default access token format; clients may override it. */
  accessTokenFormat: 'opaque' | 'jwt'
  /** `aud` of JWT access tokens (RFC 9068 §2.2) requested without `resource`. */
  accessTokenAudience: string
  /** The resources tokens may be requested for with `resource` (RFC 8707). */
  resources: ResourcePolicies
  /** Who may introspect which token (RFC 7662 §2.2). */
  introspection: IntrospectionRule
  device: { ttl: number; interval: number; verificationUri: string }
  registration: RegistrationPolicy | undefined
  endSessionEnabled: boolean
  refreshTokenTtl: number
  authorizationCodeTtl: number
  idTokenTtl: number
  pkce: { requiredFor: 'all' | 'public'; allowPlain: boolean }
  scopesSupported: string[]
  maxBodyBytes: number
  /** Opens the sealed secrets of `client_secret_jwt` clients; `client_secret_jwt` is off without it. */
  clientSecretKek: Uint8Array | undefined
  /** Published as `acr_values_supported` when set. */
  acrValuesSupported: string[] | undefined
  /** Adds `s_hash` to front-channel ID tokens. */
  idTokenStateHash: boolean
  realm: string
  findUserClaims(sub: string, scopes: readonly string[]): Promise<UserClaims | undefined>
  tokenGrants: Map<string, RegisteredGrant>
  responseTypes: Map<string, RegisteredGrant>
  endpoints: EndpointUrls
  /** Sends an event to the `onEvent` listener; listener failures are swallowed. */
  emit(event: ServerEvent): void
  /** Client ID Metadata Documents: on when set, with the instance's cache. */
  clientIdMetadataDocuments: ClientIdMetadataDocuments | undefined
}

export interface EndpointUrls {
  authorization: string
  token: string
  revocation: string
  introspection: string
  userinfo: string
  jwks: string
  deviceAuthorization: string
  registration: string
  endSession: string
}

/** Who may register clients dynamically (RFC 7591 §3). */
export interface RegistrationPolicy {
  /** Anyone may register (open registration). Default false. */
  open?: boolean | undefined
  /** Checks an initial access token (`Authorization: Bearer`) when registration is not open. */
  initialAccessToken?: ((token: string) => boolean | Promise<boolean>) | undefined
}

/** What `validateUserCode` returns: everything the device verification page shows. */
export interface DeviceConsentRequest {
  userCode: string
  client: { clientId: string; clientName?: string | undefined }
  scopes: string[]
  /** The resources (RFC 8707) the device asked for, for the verification page to name; absent when none. */
  resources?: string[] | undefined
  /** Epoch seconds. */
  expiresAt: number
}

/** A token request after client authentication, handed to the grant for its `grant_type`. */
export interface TokenRequestContext {
  server: ServerContext
  request: Request
  params: Params
  client: ClientRecord
  extensions: readonly GrantExtension[]
}

/** An authorization request after client and redirect URI validation. */
export interface AuthorizationRequestContext {
  server: ServerContext
  params: Params
  client: ClientRecord
  redirectUri: string
  /** True when the request had no `redirect_uri` and the single registered one was used. */
  redirectUriOmitted: boolean
  responseType: string
  responseMode: ResponseMode
  scopes: string[]
  state: string | undefined
  /** OIDC `prompt` values. */
  prompt: string[]
  /** OIDC `max_age` in seconds. */
  maxAge?: number | undefined
  /** Subject of a verified `id_token_hint`. */
  idTokenHintSub?: string | undefined
  /** Fields extensions add to the authorization code (PKCE challenge, nonce). */
  code: Partial<AuthorizationCodeRecord>
  extensions: readonly GrantExtension[]
}

/** Data available when a token response is being built (for extensions such as OpenID). */
export interface TokenIssueContext {
  server: ServerContext
  client: ClientRecord
  grantType: string
  sub: string | undefined
  scopes: readonly string[]
  grantId: string
  accessToken: string
  authTime?: number | undefined
  acr?: string | undefined
  nonce?: string | undefined
  /** The OIDC `claims` request parameter (JSON) of the grant. */
  claims?: string | undefined
}

/** The JSON body of a successful token response (RFC 6749 §5.1). */
export interface TokenResponseBody {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token?: string
  scope?: string
  id_token?: string
  [member: string]: unknown
}

/**
 * A grant type, chosen by `grant_type` at the token endpoint and/or by `response_type` at the
 * authorization endpoint. Custom grants set `grantType` to their URI.
 */
export interface Grant {
  /** `grant_type` this grant handles at the token endpoint, e.g. `urn:ietf:params:oauth:grant-type:jwt-bearer`. */
  readonly grantType?: string | undefined
  /** `response_type` this grant handles at the authorization endpoint, e.g. `code`. */
  readonly responseType?: string | undefined
  /**
   * Client authentication methods this grant accepts at the token endpoint (grants built from
   * `grants/` definitions enforce it). The metadata's `token_endpoint_auth_methods_supported`
   * lists what the registered grants accept; a grant without it accepts every method.
   */
  readonly clientAuthMethods?: readonly string[] | undefined
  /** Validates grant-specific authorization request parameters; extensions run afterwards. */
  validateAuthorizationRequest?(ctx: AuthorizationRequestContext): Promise<void>
  /** Issues what goes back to the client in the authorization response (e.g. `{ code }`). */
  createAuthorizationResponse?(
    ctx: AuthorizationRequestContext,
    user: AuthenticatedUser,
  ): Promise<Record<string, string>>
  /** Handles a token request; throws `OAuthServerError` on failure. */
  handleTokenRequest?(ctx: TokenRequestContext): Promise<TokenResponseBody>
}

/** A grant extension (PKCE, OpenID), like Authlib's `register_grant(grant, [extensions])`. */
export interface GrantExtension {
  readonly name: string
  onAuthorizationRequest?(ctx: AuthorizationRequestContext): void | Promise<void>
  /** Runs after an authorization code was consumed, before tokens are issued (PKCE verification). */
  onCodeExchange?(ctx: TokenRequestContext, code: AuthorizationCodeRecord): void | Promise<void>
  /** Adds members to a successful token response (e.g. `id_token`). */
  onTokenResponse?(ctx: TokenIssueContext, body: TokenResponseBody): void | Promise<void>
}

/** A grant with the extensions it was registered with. */
export interface RegisteredGrant {
  grant: Grant
  extensions: readonly GrantExtension[]
}
