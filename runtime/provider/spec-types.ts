import type { ClientAuthMethod } from '../oauth2/types.js'

/**
 * The provider spec language: what a `providers/<id>.ts` file declares with `defineProvider`.
 * Every provider difference is a named field here that the runtime reads generically.
 */

export type Protocol = 'oauth2' | 'oidc' | 'oauth1'
export type PkceSupport = 'unsupported' | 'supported' | 'required'
/** Separator of scopes in the request `scope` parameter and in the granted `scope` of a response. */
export type ScopeDelimiter = ' ' | ','
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What signing in reads of a customer's host: a sample and a default (see `HostParam`). */
export interface HostCheck {
  /** A sample value, shown in the generated option's documentation; `authspec mock` answers as it. */
  example: string
  /** The value when the option is left out (GitLab.com); without one the option is required. */
  default?: string
}

/** A customer's host (`dev-123.okta.com`): a host name with an optional port, no scheme or path. */
export interface HostParam extends HostCheck {
  description: string
}

/** Endpoint URLs; with an `issuer` they come from discovery and only overrides are listed. */
export interface EndpointsSpec {
  authorization?: string
  token?: string
  /** Where refresh requests go when not to `token` (Figma `/v1/oauth/refresh`). */
  refresh?: string
  revocation?: string
  userinfo?: string
  device?: string
  jwks?: string
  introspection?: string
}

export interface ScopeInfo {
  description: string
}

export interface ScopesSpec<S extends string = string> {
  /** Every scope the provider documents, with what it grants. */
  supported: { readonly [K in S]: ScopeInfo }
  /** Scopes requested when the caller names none. */
  defaults: readonly NoInfer<S>[]
  requestDelimiter: ScopeDelimiter
  /** Delimiter of the granted `scope` in token responses (GitHub: comma). */
  responseDelimiter: ScopeDelimiter
  /** Scopes that put `email` into the normalized profile; the profile type follows them. */
  emailScopes?: readonly NoInfer<S>[]
  /** Scopes of which `profile()` needs one (Google's `openid`); without any it does not compile. */
  profileRequires?: readonly NoInfer<S>[]
  /** Also accept scopes not listed (a generic OpenID Connect issuer); off means a typo does not compile. */
  allowUnlisted?: boolean
}

/** A typed extra authorization parameter (`access_type`, `prompt`, `hd`…). */
export type AuthorizationParamSpec =
  | ({ type: 'string'; description: string } & ClaimCheck & RequiredParam)
  | { type: 'boolean'; description: string }
  | ({ type: 'enum'; values: readonly string[]; description: string } & ClaimCheck & RequiredParam)

/** A parameter the provider requires on every authorization request (Reddit `duration`). */
export interface RequiredParam {
  /**
   * Sent when the caller gives no value: the provider refuses an authorization request without the
   * parameter (or, as Dropbox `token_access_type`, issues no refresh token), so the runtime always
   * sends one. An enum's default is one of its values.
   */
  default?: string
}

/** A parameter the ID token must confirm (OpenID Connect specs). */
export interface ClaimCheck {
  /**
   * An ID token claim that must echo the parameter: a parameter that is only a hint to the
   * provider's pages (Google `hd`) proves nothing until the signed ID token says so. When the
   * parameter is sent, the callback fails with `JWT_CLAIM_INVALID` naming the claim unless the
   * claim equals the value; the value `*` asks only that the claim be present.
   */
  checkClaim?: string
}

/** How the provider writes `expires_in` where it departs from RFC 6749 §5.1. */
export interface ExpiresInQuirks {
  /** `expires_in: 0` means the token does not expire (VK with `offline`), not that it already has. */
  zeroMeansNever?: boolean
  /** JSON responses carry `expires_in` as a string (`"3600"`); without this a string is a shape error. */
  asString?: boolean
}

/** Scalar type of an extra token-response field. */
export type FieldType = 'string' | 'number' | 'boolean'

export interface TokenRequestQuirks {
  /**
   * Send `Accept: application/json`, without which the provider answers form-encoded (GitHub).
   * Without it the token request carries no `Accept: application/json`, as a plain client's
   * would not.
   */
  acceptJson?: boolean
  /** The code exchange must carry the callback's `state` too (and refresh a fresh one). */
  sendState?: boolean
  /** Code exchange and refresh carry the requested `scope` again (start.gg). */
  sendScope?: boolean
  /** The body is JSON, not a form (Notion); client authentication stays in the header. */
  jsonBody?: boolean
  /** Fixed members every token request carries (Withings `action: 'requesttoken'`). */
  extraParams?: { readonly [name: string]: string }
}

export interface TokenResponseQuirks {
  /**
   * OAuth error bodies arrive with HTTP 200 (GitHub). With it, a 200 carrying `error` is the
   * provider's `OAUTH_RESPONSE_ERROR` (`error`, `error_description`, status 200); without it the
   * same answer is refused as `INVALID_RESPONSE`, since RFC 6749 §5.2 sends errors with 400. An
   * error body with an error status is `OAUTH_RESPONSE_ERROR` either way.
   */
  errorsWithStatus200?: boolean
  /** The token endpoint may answer `application/x-www-form-urlencoded`. */
  formEncoded?: boolean
  /** `token_type` is omitted by the provider; this value is assumed. */
  defaultTokenType?: string
  /** Provider-specific members of the token response and their types. */
  extraFields?: { readonly [name: string]: FieldType }
  /** Departures from a JSON-number `expires_in` counted from now. */
  expiresIn?: ExpiresInQuirks
  /** The answer repeats the request's `state` (with `tokenRequest.sendState`); a different one is refused. */
  echoesState?: boolean
  /** Member that wraps the tokens (Withings `{ status, body: { access_token… } }`). */
  unwrap?: string
}

/** How ID tokens depart from OpenID Connect Core defaults (OpenID Connect specs). */
export interface IdTokenQuirks {
  /**
   * The accepted signing algorithms, an explicit allow-list that wins over discovery; an HS*
   * algorithm verifies with the client secret (LINE signs HS256 with the channel secret).
   */
  algorithms?: readonly string[]
  /**
   * The issuer as a template whose `{claim}` placeholders the ID token's own claims fill: a
   * multi-tenant issuer (Microsoft Entra `https://login.microsoftonline.com/{tid}/v2.0`). The
   * token is checked against the filled issuer, so a tenant's token passes only its own issuer.
   */
  issuerTemplate?: string
}

/**
 * A client secret that is a JWT the client signs for each request (Sign in with Apple): ES256
 * from a PKCS#8 private key, `iss` the team id, `kid` the key id, `sub` the client id. The
 * factory takes `teamId`, `keyId` and `privateKey` instead of `clientSecret`.
 */
export interface SignedClientSecretSpec {
  alg: 'ES256'
  /** The `aud` of the secret (`https://appleid.apple.com`). */
  audience: string
  /** Seconds each secret is valid. */
  lifetime: number
}

/** JSON callback parameters by name (`callback.data`), each with its response schema. */
export type CallbackDataSpec = { readonly [name: string]: ResponseSchema }

export interface CallbackQuirks<D = { readonly [name: string]: ResponseSchema | Record<never, never> }> {
  /** Callback parameters the token request must carry back (VK ID `device_id`); kept for refresh. */
  echoParams?: readonly string[]
  /** RFC 9207 `iss` of authorization responses; `required` rejects a callback without it. */
  issuer?: { value: string; required: boolean }
  /** The provider POSTs the authorization response to the redirect URI (`response_mode=form_post`). */
  responseMode?: 'form_post'
  /**
   * Callback parameters that carry JSON (Apple's first-login `user`), returned in `tokens.fields`
   * when present. A whole spec gives each a response schema that checks it; the sign-in data of a
   * generated `<provider>Login` carries only the names, and there the value must be a JSON object.
   */
  data?: D
}

/** How tokens are revoked, when the provider does not follow RFC 7009 exactly. */
export interface RevocationSpec {
  method: 'POST' | 'DELETE'
  /** Absolute URL; `{client_id}` is replaced. */
  url: string
  auth: ClientAuthMethod
  /** How the parameters travel: a form or JSON body, or the query string (Kick) with no body. */
  body: 'form' | 'json' | 'query'
  /** Name of the body member carrying the token (`token` in RFC 7009). */
  tokenParam: string
  /** Also send `client_id` in the body (public clients). */
  sendClientId?: boolean
  /** Send `token_type_hint`. */
  sendTokenTypeHint?: boolean
}

export interface OperationParamSpec {
  in: 'path' | 'query' | 'body'
  type: FieldType
  description: string
  required?: boolean
  /** Filled by the client instead of the caller. */
  from?: 'clientId' | 'accessToken'
}

/**
 * What the runtime needs of an operation's response schema: a zod schema's `safeParse` and its
 * output type. Structural on purpose: checking a spec against the whole `z.ZodType` class makes
 * the compiler compare every zod member, which made type-checking a spec take seconds.
 */
export interface ResponseSchema<T = unknown> {
  readonly _zod: { readonly output: T }
  safeParse(data: unknown): ResponseParseResult<T>
}

/** The result of `ResponseSchema.safeParse`. */
export type ResponseParseResult<T> =
  | { readonly success: true; readonly data: T }
  | {
      readonly success: false
      readonly error: {
        readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]
      }
    }

/** The value a response schema accepts. */
export type ResponseOf<R extends ResponseSchema> = R['_zod']['output']

export interface OperationSpec<R extends ResponseSchema = ResponseSchema> {
  method: HttpMethod
  /**
   * Path relative to `api.baseUrl`; `{name}` placeholders are path parameters. It may end with a
   * fixed query the provider requires on every call whose names no parameter can spell (JSON:API
   * `?fields%5Buser%5D=…`); the client sends it and the mock refuses a call without it.
   */
  path: string
  description: string
  params?: { readonly [name: string]: OperationParamSpec }
  /** Body encoding when there are body parameters. */
  body?: 'form' | 'json'
  /** The response, validated at run time; a provider changing its shape fails naming the field. */
  response: R
}

/** Where an API error is found in a response body, as dot paths. */
export interface ApiErrorShape {
  /** Present only in error bodies (`error` for VK); checked on every status. */
  field: string
  code?: string
  message?: string
}

/** A config value the API wants in a header, and the typed factory option that gives it. */
export interface ApiKeyHeader {
  /** The header (`X-API-Key`). */
  name: string
  /** The factory option holding the value (`apiKey`). */
  option: string
  /** What the value is and where the developer finds it. */
  description: string
}

export interface ApiSpec<Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>> {
  baseUrl: string
  /** Headers every API call needs (`User-Agent`, `Accept`, an API version). */
  headers?: { readonly [name: string]: string }
  /** Query parameters every call needs (VK `v`). */
  query?: { readonly [name: string]: string }
  /** Header that carries the app's client id on every call (Twitch Helix `Client-Id`). */
  clientIdHeader?: string
  /**
   * A key from the client's config sent in a header on every call (Bungie `X-API-Key`): the
   * generated factory requires the option `option`.
   */
  keyHeader?: ApiKeyHeader
  /** How the access token travels: a Bearer header (default) or a parameter. */
  auth?: { in: 'header' } | { in: 'query' | 'body'; name: string }
  /** Member that wraps every success body (`response` for VK). */
  unwrap?: string
  errorShape?: ApiErrorShape
  operations: Ops
}

/** The provider-independent profile every client returns. */
/** The profile every provider maps to; `R` is what the mapping read (its API response, typed). */
export interface NormalizedProfile<R extends object = Readonly<Record<string, unknown>>> {
  id: string
  name: string | null
  email: string | null
  emailVerified: boolean
  avatarUrl: string | null
  raw: R
}

export type ApiCaller<Ops extends Record<string, OperationSpec>> = {
  [K in keyof Ops]: (
    params?: Readonly<Record<string, string | number | boolean>>,
  ) => Promise<ResponseOf<Ops[K]['response']>>
}

/** What a profile mapping receives. */
export interface ProfileContext<Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>> {
  tokens: {
    accessToken: string
    /** Granted scopes (requested ones when the provider does not say). */
    scopes: readonly string[]
    /** The token response, extra fields included. */
    raw: Readonly<Record<string, unknown>>
    /** `tokens.fields`: extra token fields and the callback's `callback.data` (Apple's `user`). */
    fields?: Readonly<Record<string, unknown>>
  }
  /** Validated ID token claims, when there was an ID token. */
  claims: Readonly<Record<string, unknown>> | undefined
  /** UserInfo response (OIDC), `sub` checked against the ID token. */
  userinfo: () => Promise<Readonly<Record<string, unknown>>>
  api: ApiCaller<Ops>
}

/** OAuth 1.0a signature methods (RFC 5849 §3.4, plus the SHA-256 variants services deploy). */
export type OAuth1SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'RSA-SHA256' | 'PLAINTEXT'

/** How an OAuth 1.0a service (`protocol: 'oauth1'`) is reached and how requests are signed. */
export interface OAuth1Spec {
  /** The three endpoints of RFC 5849 §2. */
  endpoints: { temporaryCredentials: string; authorization: string; tokenCredentials: string }
  signatureMethod: OAuth1SignatureMethod
  /** Where the `oauth_*` parameters travel (RFC 5849 §3.5). */
  placement: 'header' | 'query' | 'body'
  /** HTTP method of the two credential requests; default POST. */
  credentialsMethod?: 'POST' | 'GET'
}

/** An authorization parameter as the sign-in flow checks it: its type, without the description. */
export type AuthorizationParamCheck =
  | ({ type: 'string' } & ClaimCheck & RequiredParam)
  | { type: 'boolean' }
  | ({ type: 'enum'; values: readonly string[] } & ClaimCheck & RequiredParam)

/**
 * What the sign-in flow (authorization URL, callback, refresh, revocation) reads of a spec: every
 * protocol field, without documentation (scope and parameter descriptions, `docs`), API operations
 * or the profile mapping. A whole `ProviderSpec` is one; generated files also carry this part as
 * plain data, so a sign-in-only client bundles without the spec module and its response schemas.
 */
export interface ProviderLoginSpec {
  /** Lowercase kebab-case; equals the file name. */
  id: string
  displayName: string
  protocol: Protocol
  /**
   * Hosts that depend on the customer (an Okta domain, a self-managed GitLab): each a required
   * factory option, typed, written `{name}` in the spec's URLs (issuer, endpoints, `api.baseUrl`,
   * revocation URL, callback `iss`).
   */
  hosts?: { readonly [name: string]: HostCheck }
  /** Issuer for discovery (RFC 8414 / OIDC Discovery). */
  issuer?: string
  /** The issuer is given by the caller at run time (a generic OpenID Connect client). */
  issuerAtRuntime?: boolean
  endpoints?: EndpointsSpec
  scopes: {
    /** Scope names as keys; what each grants is documentation only. */
    supported: { readonly [name: string]: object }
    defaults: readonly string[]
    requestDelimiter: ScopeDelimiter
    responseDelimiter: ScopeDelimiter
    allowUnlisted?: boolean
  }
  /**
   * Client authentication at the token endpoint: one method, or the methods the provider documents;
   * with `none` among them a client without `clientSecret` is a public client (PKCE, no secret).
   */
  clientAuth: ClientAuthMethod | readonly ClientAuthMethod[]
  /** The client secret is a JWT the client signs per request (Sign in with Apple). */
  signedClientSecret?: SignedClientSecretSpec
  /** Name of the client id parameter where it is not `client_id` (TikTok `client_key`). */
  clientIdParam?: string
  pkce: PkceSupport
  /** PKCE method; `plain` only where the provider supports nothing else (MyAnimeList). Default S256. */
  pkceMethod?: 'S256' | 'plain'
  /** `unsupported`: the provider issues no refresh tokens, so its client has no `refresh()`. */
  refresh?: 'unsupported'
  authorizationParams?: { readonly [name: string]: AuthorizationParamCheck }
  tokenRequest?: TokenRequestQuirks
  tokenResponse?: TokenResponseQuirks
  callback?: CallbackQuirks
  idToken?: IdTokenQuirks
  revocation?: RevocationSpec
  /** The API's origin and headers: a revocation URL on the API host is an API call. */
  api?: { baseUrl: string; headers?: { readonly [name: string]: string } }
}

/** A whole provider spec. */
export interface ProviderSpec<
  S extends string = string,
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
  D extends CallbackDataSpec = CallbackDataSpec,
  R extends object = Readonly<Record<string, unknown>>,
> extends ProviderLoginSpec {
  callback?: CallbackQuirks<D>
  hosts?: { readonly [name: string]: HostParam }
  scopes: ScopesSpec<S>
  authorizationParams?: { readonly [name: string]: AuthorizationParamSpec }
  api?: ApiSpec<Ops>
  /** OAuth 1.0a services only (`protocol: 'oauth1'`). */
  oauth1?: OAuth1Spec
  /** Maps what the provider returns to the normalized profile; pure apart from `ctx` calls. */
  profile(ctx: ProfileContext<Ops>): Promise<NormalizedProfile<R>>
  /** A documentation link per fact, keyed by field path (`tokenResponse.errorsWithStatus200`). */
  docs: { readonly [fieldPath: string]: string }
}
