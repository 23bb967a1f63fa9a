import type { AuthenticatedFetch } from '../oauth2/authenticated-fetch.js'
import type { IdTokenClaims } from '../oidc/types.js'
import type { ProviderClientConfig, ProviderTokens } from '../provider/client-types.js'
import type { NormalizedProfile, ProviderSpec } from '../provider/spec-types.js'

/** Options of `createAuth`. */
export interface CreateAuthOptions {
  /**
   * At least 32 bytes (a string counts its UTF-8 bytes) of secret, random data, the same on every
   * instance of the app. Encryption keys for the cookies are derived from it with HKDF.
   */
  secret: string | Uint8Array
  /** Start of every cookie name; letters, digits, `-` and `_`. Default `'authspec'`. */
  cookiePrefix?: string | undefined
  /** Seconds a login may take from the redirect to the callback. Default 600 (10 minutes). */
  transactionTtl?: number | undefined
  /**
   * `'auto'` (default): `Secure` cookies (with the `__Host-` name prefix) unless the request is
   * plain http to a loopback address, where browsers would drop them.
   */
  secureCookies?: 'auto' | boolean | undefined
  /** Clock in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
  /**
   * Providers to register at once, by name (same as calling `register` for each). `register`
   * itself types the credentials after the factory; here they are checked at run time only.
   */
  providers?: Readonly<Record<string, ProviderRegistration>> | undefined
}

/** One entry of `CreateAuthOptions.providers`. */
export interface ProviderRegistration {
  source: ProviderClientFactory<never> | ProviderClientLike | ProviderSpec
  credentials?: Partial<ProviderCredentials> | undefined
}

/**
 * What `register` needs besides the client: a provider client's config minus `redirectUri`, which
 * may instead be given per request to `authorizeRedirect`. `issuer` for providers whose issuer is
 * given at run time (the generic `oidc` client).
 */
export type ProviderCredentials<C extends ProviderClientConfig = ProviderClientConfig & { issuer?: string }> =
  Omit<C, 'redirectUri'> & { redirectUri?: string | undefined }

/** A generated client, structurally: every generated provider client has these methods. */
export interface ProviderClientLike {
  readonly id: string
  authorizationUrl: (...args: never[]) => Promise<unknown>
  callback: (...args: never[]) => Promise<unknown>
  /** Absent from the type of a client whose spec lacks it (no refresh tokens, no revocation). */
  refresh?: (...args: never[]) => Promise<unknown>
  revoke?: (...args: never[]) => Promise<unknown>
  profile: (...args: never[]) => Promise<unknown>
}

/** A generated factory such as `github` or `oidc` from `generated/providers`. */
export type ProviderClientFactory<C extends ProviderClientConfig> = (config: C) => ProviderClientLike

/** What `register` accepts: a generated factory, a generated client, or a provider spec. */
export type ProviderSource<C extends ProviderClientConfig> =
  | ProviderClientFactory<C>
  | ProviderClientLike
  | ProviderSpec

/** Tokens of a login, as the provider clients return them. */
export type AuthTokens = ProviderTokens<string, Record<string, unknown>>

/** Options of `authorizeRedirect`. */
export interface AuthorizeRedirectOptions {
  /** Absolute callback URL; default the one given to `register`. */
  redirectUri?: string | undefined
  /** Where to send the user after login; only same-origin paths are kept (else `'/'`). */
  returnTo?: string | undefined
  /** Scopes; default the provider's defaults. */
  scopes?: readonly string[] | undefined
  /** The provider's extra authorization parameters (`prompt`, `login_hint`, …). */
  params?: Readonly<Record<string, string | boolean | undefined>> | undefined
}

/** The outcome of a successful callback. */
export interface AuthorizeResult {
  /** The registered name the login was started for. */
  provider: string
  tokens: AuthTokens
  /** Validated ID token claims, when the provider sent an ID token. */
  idTokenClaims?: IdTokenClaims | undefined
  /** The sanitised path to send the user to. */
  returnTo: string
  /** `Set-Cookie` headers that delete the transaction cookie; copy them onto your response. */
  headers: Headers
}

/** Options of `logout`. */
export interface LogoutOptions {
  /** The tokens of the login (their ID token becomes `id_token_hint`). */
  tokens?: AuthTokens | undefined
  /** Where the provider should send the user afterwards; must be registered with the provider. */
  postLogoutRedirectUri?: string | undefined
  /** Echoed back to `postLogoutRedirectUri`. */
  state?: string | undefined
  /** Also revoke the refresh token (else the access token) at the provider. Default false. */
  revoke?: boolean | undefined
}

/** Options of the authenticated `fetch`. */
export interface AuthFetchOptions {
  /** Called with every renewed token set before it is used; persist it (refresh tokens rotate). */
  onTokens?: ((tokens: AuthTokens) => void | Promise<void>) | undefined
  /** Seconds before expiry at which the token is renewed first. Default 30. */
  leeway?: number | undefined
}

/** An authenticated `fetch` that also hands out the provider tokens it currently holds. */
export interface AuthFetch extends AuthenticatedFetch {
  /** The current tokens, renewed ones included. */
  current(): AuthTokens
}

/** Options of `setSession`. */
export interface SessionOptions {
  /** Seconds; default 28 800 (8 hours). */
  maxAge?: number | undefined
}

/** JSON data an app keeps in the sealed session cookie. */
export type SessionData = { readonly [key: string]: unknown }

/** The registry: one per app; see `createAuth`. */
export interface Auth {
  /** Names registered so far, in registration order. */
  readonly providers: readonly string[]
  /**
   * Registers a provider under `name` (letters, digits, `-`, `_`): a generated factory with its
   * credentials (typed after the factory; `redirectUri` may be left for `authorizeRedirect`), a
   * provider spec with credentials, or a ready-made generated client. Returns the registry.
   */
  register<C extends ProviderClientConfig>(
    name: string,
    source: ProviderClientFactory<C>,
    credentials: ProviderCredentials<C>,
  ): Auth
  register(name: string, source: ProviderSpec, credentials: ProviderCredentials): Auth
  register(name: string, source: ProviderClientLike, credentials?: Partial<ProviderCredentials>): Auth
  /** Starts a login: a 302 to the provider carrying this login's sealed transaction cookie. */
  authorizeRedirect(request: Request, name: string, options?: AuthorizeRedirectOptions): Promise<Response>
  /**
   * Finishes a login at the callback: finds this state's transaction cookie, checks it (intact,
   * unexpired, same state, started for `name` when given), then lets the provider client check
   * `iss`, exchange the code with the PKCE verifier and validate the ID token with the nonce.
   * Throws `OAuthError`; see the module documentation for the codes.
   */
  authorizeAccessToken(request: Request, name?: string): Promise<AuthorizeResult>
  /** `Set-Cookie` headers deleting the transaction cookie a callback refers to (for error pages). */
  clearTransaction(request: Request): Promise<Headers>
  /** The provider's normalized profile (`id`, `name`, `email`, `emailVerified`, `avatarUrl`, `raw`). */
  profile(name: string, tokens: AuthTokens): Promise<NormalizedProfile>
  /** OpenID Connect UserInfo; its `sub` must equal the ID token's. Needs the `openid` scope. */
  userinfo(name: string, tokens: AuthTokens): Promise<Record<string, unknown>>
  /** Refreshes now with the refresh token (rotated ones kept, ID token checked). */
  refresh(name: string, tokens: AuthTokens): Promise<AuthTokens>
  /** A bearer `fetch` that refreshes before expiry and once on `invalid_token`. */
  fetch(name: string, tokens: AuthTokens, options?: AuthFetchOptions): AuthFetch
  /**
   * The provider's RP-initiated logout URL (`id_token_hint`, `client_id`,
   * `post_logout_redirect_uri`, `state`), or undefined when its metadata has no
   * `end_session_endpoint`; with `revoke`, revokes the tokens first.
   */
  logout(name: string, options?: LogoutOptions): Promise<URL | undefined>
  /** A `Set-Cookie` value holding `data` sealed (encrypted, authenticated) for the app's own session. */
  setSession(request: Request, data: SessionData, options?: SessionOptions): Promise<string>
  /** The sealed session's data, or undefined (none, expired, tampered). */
  getSession(request: Request): Promise<SessionData | undefined>
  /** A `Set-Cookie` value deleting the session. */
  clearSession(request: Request): string
}
