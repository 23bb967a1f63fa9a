import type { HostMap } from '../lib/host-map.js'
import type { HttpOptions } from '../lib/http.js'
import type { AuthorizationTransaction } from '../oauth2/authorization-url.js'
import type { MetadataCache } from '../oauth2/metadata-cache.js'
import type { TokenSet } from '../oauth2/token-set.js'
import type { IdTokenClaims, KeyResolver } from '../oidc/types.js'
import type { NormalizedProfile } from './spec-types.js'

/** How an app is registered with a provider, plus the usual HTTP escape hatches. */
export interface ProviderClientConfig extends HttpOptions {
  clientId: string
  clientSecret?: string | undefined
  redirectUri: string
  /** Headers added to every API call; they win over the spec's (e.g. your own `User-Agent`). */
  headers?: Record<string, string> | undefined
  /** Shared discovery cache; default one per client. */
  metadataCache?: MetadataCache | undefined
  /** ID token keys; default the provider's JWKS from discovery or the spec. */
  keys?: KeyResolver | undefined
  /** Clock in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
  /**
   * The way to test against a local fake: maps each origin the spec names to a local origin,
   * paths kept, and refuses with `UNMAPPED_HOST`, before sending anything, every request (and the
   * authorization URL) to an origin it does not map, URLs learned from discovery included.
   * `authspec mock <id>` prints the map for its spec. A `metadataCache` you pass fetches with its
   * own options: give it the same `hostMap` client's fetch or let the client create it.
   *
   * @example
   * github({ clientId, clientSecret, redirectUri,
   *   hostMap: { 'https://github.com': 'http://127.0.0.1:4010', 'https://api.github.com': 'http://127.0.0.1:4010' } })
   * @see https://www.rfc-editor.org/rfc/rfc7239
   */
  hostMap?: HostMap | undefined
  /**
   * Lower-level escape hatch for proxies: replaces single spec URLs. An endpoint it leaves out
   * keeps the production URL, so tests use `hostMap` instead. `api` replaces `api.baseUrl`;
   * `revocation` also replaces a templated revocation URL.
   */
  endpointOverrides?: EndpointOverrides | undefined
}

/**
 * Config of a provider without public clients (its spec's `clientAuth` does not list `none`):
 * `clientSecret` is required.
 */
export type ConfidentialClientConfig = ProviderClientConfig & { clientSecret: string }

/** The key a spec with `signedClientSecret` signs its client secrets with (Sign in with Apple). */
export interface SignedSecretKey {
  /** `iss` of each secret: the team id of the developer account. */
  teamId: string
  /** `kid` of each secret: the id of the private key registered with the provider. */
  keyId: string
  /** The private key: PKCS#8 PEM (the downloaded `.p8` file's text) or a `CryptoKey`. */
  privateKey: string | CryptoKey
}

/**
 * Config of a provider whose client secret is a JWT the client signs per request: the signing key
 * instead of `clientSecret`.
 */
export type SignedSecretClientConfig = Omit<ProviderClientConfig, 'clientSecret'> & SignedSecretKey

export interface EndpointOverrides {
  issuer?: string | undefined
  authorization?: string | undefined
  token?: string | undefined
  refresh?: string | undefined
  revocation?: string | undefined
  userinfo?: string | undefined
  jwks?: string | undefined
  api?: string | undefined
}

/** Config of a provider whose issuer is given at run time (a generic OpenID Connect client). */
export interface IssuerClientConfig extends ProviderClientConfig {
  issuer: string
}

/** Options of `authorizationUrl`. */
export interface AuthorizationUrlOptions<S extends string, P> {
  /** Scopes to ask for; default the spec's defaults. A scope the provider does not have does not compile. */
  scopes?: readonly S[] | undefined
  /** The provider's typed extra parameters. */
  params?: P | undefined
  /** Your own state (>= 22 characters); default 32 random bytes. */
  state?: string | undefined
  /** Default `client.redirectUri`. */
  redirectUri?: string | undefined
}

/** What to keep (server side) between the redirect and the callback. Plain JSON. */
export interface AuthorizationSession<S extends string = string> {
  provider: string
  scopes: readonly S[]
  transaction: AuthorizationTransaction
  /** ID token claims the sent parameters promise (spec `checkClaim`), checked at the callback. */
  expectedClaims?: Readonly<Record<string, string>>
}

/** Tokens from a provider: the token set, the provider's typed extra fields and ID token claims. */
export interface ProviderTokens<S extends string = string, F = Record<string, unknown>> {
  provider: string
  accessToken: string
  refreshToken: string | undefined
  /** Epoch seconds; undefined when the provider gave no `expires_in`. */
  expiresAt: number | undefined
  /** Granted scopes (the requested ones when the provider does not say). */
  scopes: readonly string[]
  /** Scopes asked for; the profile type follows them. */
  requested: readonly S[]
  /** Provider-specific token response fields, typed and checked. */
  fields: F
  /** Validated ID token claims, when an ID token came back. */
  claims: IdTokenClaims | undefined
  /** Callback parameters echoed to token requests (e.g. a device id), kept for refresh. */
  echoed: Readonly<Record<string, string>>
  tokenSet: TokenSet
}

/**
 * The profile; `email` and `emailVerified` only when an email scope was requested. `R` is what the
 * spec's mapping read (its API response), typed.
 */
export type ProfileFor<
  S extends string,
  E extends string,
  R extends object = Readonly<Record<string, unknown>>,
> = [Extract<S, E>] extends [never]
  ? Omit<NormalizedProfile<R>, 'email' | 'emailVerified'>
  : NormalizedProfile<R>

/**
 * Tokens `profile` takes. `Q`, the scopes the spec's mapping needs (`scopes.profileRequires`,
 * Google's `openid`): tokens asked for without any of them lack `profileNeedsScope`, so the call
 * does not compile.
 */
export type ProfileTokens<T extends string, F, Q extends string> = ProviderTokens<T, F> &
  ([Q] extends [never] ? unknown : [Extract<T, Q>] extends [never] ? { profileNeedsScope: Q } : unknown)

export interface RevokeOptions {
  tokenTypeHint?: 'access_token' | 'refresh_token' | undefined
}

/** Options of `restore`: the scopes the stored tokens must have been asked for. */
export interface RestoreOptions<T extends string> {
  scopes: readonly T[]
}

/** Methods a spec can lack: `refresh` without refresh tokens, `revoke` without a revocation endpoint. */
export type OptionalLoginMethod = 'refresh' | 'revoke'

/** Every method of the sign-in client; `ProviderLoginClient` leaves out the ones a spec lacks. */
export interface LoginMethods<S extends string, D extends S, P, F> {
  readonly id: string
  authorizationUrl<const T extends S = D>(
    options?: AuthorizationUrlOptions<T, P>,
  ): Promise<{ url: URL; session: AuthorizationSession<T> }>
  callback<T extends S>(
    callbackUrl: string | URL | URLSearchParams,
    session: AuthorizationSession<T>,
  ): Promise<ProviderTokens<T, F>>
  refresh<T extends S>(tokens: ProviderTokens<T, F>): Promise<ProviderTokens<T, F>>
  revoke(tokens: ProviderTokens<S, F> | string, options?: RevokeOptions): Promise<void>
  /**
   * Rebuilds tokens stored with `JSON.stringify(tokens)` (e.g. in a session). Without `scopes` they
   * promise no scope (a profile without `email`); with `scopes`, each must be one the stored tokens
   * were asked for, else an `ArgumentError`.
   *
   * @example
   * const tokens = client.restore(stored, { scopes: ['user:email'] })
   */
  restore(stored: unknown): ProviderTokens<never, F>
  restore<const T extends S>(stored: unknown, options: RestoreOptions<T>): ProviderTokens<T, F>
}

/**
 * The sign-in part of every provider client: authorization URL, callback, refresh, revocation and
 * stored tokens, without `profile` and `api`. Generated `<provider>Login` factories return it, so a
 * bundle that only signs users in carries no API code or response schemas.
 * `S` scopes, `D` default scopes, `P` extra parameters, `F` extra token fields, `X` the methods the
 * spec lacks (absent from the type).
 */
export type ProviderLoginClient<
  S extends string,
  D extends S,
  P,
  F,
  X extends OptionalLoginMethod = never,
> = Omit<LoginMethods<S, D, P, F>, X>

/** What a full client adds to the sign-in client. */
export interface ProfileMethods<
  S extends string,
  E extends string,
  F,
  A,
  R extends object,
  Q extends string,
> {
  profile<T extends S>(tokens: ProfileTokens<T, F, Q>): Promise<ProfileFor<T, E, R>>
  api: A
}

/**
 * The client every provider gets: the same methods, only the types differ.
 * `S` scopes, `D` default scopes, `E` email scopes, `P` extra parameters, `F` extra token fields,
 * `A` the API operations, `X` the methods the spec lacks, `R` the profile's `raw`, `Q` the scopes
 * `profile` needs.
 */
export type ProviderClient<
  S extends string,
  D extends S,
  E extends string,
  P,
  F,
  A,
  X extends OptionalLoginMethod = never,
  R extends object = Readonly<Record<string, unknown>>,
  Q extends S = never,
> = ProviderLoginClient<S, D, P, F, X> & ProfileMethods<S, E, F, A, R, Q>

/** Values of API operation parameters. */
export type ApiParams = Readonly<Record<string, string | number | boolean | undefined>>

/** Anything that carries an access token. */
export type AccessTokenSource = string | { accessToken: string }

/** The untyped sign-in client; generated `<provider>Login` factories give it the provider's types. */
export interface GenericLoginClient {
  readonly id: string
  authorizationUrl(
    options?: AuthorizationUrlOptions<string, Record<string, string | boolean | undefined>>,
  ): Promise<{ url: URL; session: AuthorizationSession }>
  callback(
    callbackUrl: string | URL | URLSearchParams,
    session: AuthorizationSession,
  ): Promise<ProviderTokens>
  refresh(tokens: ProviderTokens): Promise<ProviderTokens>
  revoke(tokens: ProviderTokens | string, options?: RevokeOptions): Promise<void>
  restore(stored: unknown, options?: RestoreOptions<string>): ProviderTokens
}

/** One API operation of the untyped client. */
export type ApiMethod = (tokens: AccessTokenSource, params?: ApiParams) => Promise<unknown>

/** The untyped client; generated factories give it the provider's types. */
export interface GenericProviderClient extends GenericLoginClient {
  profile(tokens: ProviderTokens): Promise<NormalizedProfile>
  api: Record<string, ApiMethod>
}
