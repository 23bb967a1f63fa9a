import { ArgumentError, checkFailed } from '../../errors.js'
import { buildAuthorizationUrl } from '../../oauth2/authorization-url.js'
import { validateCallback } from '../../oauth2/callback.js'
import { revokeWith } from '../../oauth2/lib/revoke-with.js'
import { createTokenSet, TokenSet } from '../../oauth2/token-set.js'
import type { ClientConfig, RequestOptions, TokenResponse } from '../../oauth2/types.js'
import type { IdTokenClaims, KeyResolver } from '../../oidc/types.js'
import type {
  AuthorizationSession,
  AuthorizationUrlOptions,
  ProviderClientConfig,
  ProviderTokens,
  RevokeOptions,
} from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { checkExpectedClaims, expectedClaims } from './claim-checks.js'
import { checkScopes, extraParams, safeJson, sameOrigin } from './client-checks.js'
import { type ResolvedEndpoints, resolveEndpoints } from './resolve-endpoints.js'
import { revokeCustom } from './revoke-custom.js'
import type { ClientSupport } from './support.js'
import { tokenCall } from './token-call.js'
import { extraTokenFields } from './token-fields.js'

export type Tokens = ProviderTokens<string, Record<string, unknown>>

/** The untyped sign-in client; generated `<provider>Login` factories give it the provider's types. */
export interface GenericLoginClient {
  readonly id: string
  authorizationUrl(
    options?: AuthorizationUrlOptions<string, Record<string, string | boolean | undefined>>,
  ): Promise<{ url: URL; session: AuthorizationSession }>
  callback(callbackUrl: string | URL | URLSearchParams, session: AuthorizationSession): Promise<Tokens>
  refresh(tokens: Tokens): Promise<Tokens>
  revoke(tokens: Tokens | string, options?: RevokeOptions): Promise<void>
  restore(stored: unknown): Tokens
}

/** A sign-in client and what the rest of a full client (profile, API) shares with it. */
export interface LoginCore {
  client: GenericLoginClient
  endpoints: () => Promise<ResolvedEndpoints>
  http: RequestOptions
  jwks: (ep: ResolvedEndpoints) => KeyResolver | undefined
  now: () => number
}

/**
 * Builds the sign-in client of a spec with the protocol pieces given. Every provider difference is
 * read from the spec's fields (delimiters, PKCE, echoed callback parameters, token quirks,
 * revocation shape); the protocol work is `runtime/oauth2` and `runtime/oidc`, reached through
 * `support` so a bundler keeps only what the entry passed.
 */
export function buildLoginClient(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
  support: ClientSupport,
): LoginCore {
  const oidc = support.oidc
  if (spec.protocol === 'oidc' && !oidc) {
    throw new ArgumentError(`${spec.displayName} is an OpenID Connect provider: use createProviderClient`)
  }
  if (!config?.clientId) throw new ArgumentError('"clientId" is required')
  if (!config.redirectUri) throw new ArgumentError('"redirectUri" is required')
  const cache = config.metadataCache ?? support.discovery?.(config)
  const client: ClientConfig = {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authMethod: spec.clientAuth,
    redirectUri: config.redirectUri,
  }
  const http: RequestOptions = {
    fetch: config.fetch,
    timeout: config.timeout,
    maxResponseBytes: config.maxResponseBytes,
    allowInsecureRequests: config.allowInsecureRequests,
  }
  const now = config.now ?? Date.now
  let keys: KeyResolver | undefined = config.keys
  const endpoints = () => resolveEndpoints(spec, config, cache)
  const requestToken = (ep: ResolvedEndpoints, body: URLSearchParams, callbackState?: string) =>
    tokenCall(
      spec,
      { endpoint: ep.token, body, callbackState, issuer: ep.metadata?.issuer },
      client,
      http,
      support.clientAuth,
    )
  const jwks = (ep: ResolvedEndpoints): KeyResolver | undefined => {
    if (!keys && ep.jwks && oidc) keys = oidc.createRemoteJwks(ep.jwks, { ...http, now })
    return keys
  }

  async function toTokens(
    response: TokenResponse,
    ep: ResolvedEndpoints,
    requested: readonly string[],
    echoed: Readonly<Record<string, string>>,
    previous: Tokens | undefined,
    nonce: string | undefined,
  ): Promise<Tokens> {
    const tokenSet: TokenSet = createTokenSet(response, {
      now,
      previous: previous?.tokenSet,
      scopeDelimiter: spec.scopes.responseDelimiter,
    })
    let claims: IdTokenClaims | undefined = previous?.claims
    if (response.id_token && oidc && spec.protocol === 'oidc') {
      if (!ep.issuer)
        throw new ArgumentError(`${spec.displayName}: an ID token needs an issuer to check it against`)
      claims = await oidc.validateIdToken(response.id_token, {
        issuer: ep.issuer,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        keys: jwks(ep),
        metadata: ep.metadata,
        nonce,
        accessToken: response.access_token,
        now,
      })
    }
    return tokensOf(
      tokenSet,
      tokenSet.scopes.length > 0 ? tokenSet.scopes : requested,
      requested,
      claims,
      echoed,
    )
  }

  /** The provider tokens around a token set: what `toTokens` and `restore` both return. */
  const tokensOf = (
    tokenSet: TokenSet,
    scopes: readonly string[],
    requested: readonly string[],
    claims: IdTokenClaims | undefined,
    echoed: Readonly<Record<string, string>>,
  ): Tokens => ({
    provider: spec.id,
    accessToken: tokenSet.accessToken,
    refreshToken: tokenSet.refreshToken,
    expiresAt: tokenSet.expiresAt,
    scopes,
    requested,
    fields: extraTokenFields(spec, tokenSet.raw),
    claims,
    echoed,
    tokenSet,
  })

  const login: GenericLoginClient = {
    id: spec.id,

    async authorizationUrl(options = {}) {
      const ep = await endpoints()
      const scopes = [...(options.scopes ?? spec.scopes.defaults)]
      checkScopes(spec, scopes)
      // buildAuthorizationUrl owns prompt and login_hint as named options.
      const { prompt, login_hint: loginHint, ...params } = extraParams(spec, options.params ?? {})
      const claims = expectedClaims(spec, params)
      const { url, transaction } = await buildAuthorizationUrl({
        endpoint: ep.authorization,
        metadata: ep.metadata,
        client,
        redirectUri: options.redirectUri,
        scope: scopes,
        scopeDelimiter: spec.scopes.requestDelimiter,
        state: options.state,
        pkce: spec.pkce === 'unsupported' ? false : 'S256',
        issuer: ep.issuer,
        extraParams: params,
        prompt,
        loginHint,
        allowInsecureRequests: config.allowInsecureRequests,
        now,
      })
      const session = { provider: spec.id, scopes, transaction }
      return {
        url,
        session: Object.keys(claims).length > 0 ? { ...session, expectedClaims: claims } : session,
      }
    },

    async callback(callbackUrl, session) {
      if (session?.provider !== spec.id) {
        throw new ArgumentError(`"session" belongs to provider "${session?.provider}", not "${spec.id}"`)
      }
      const ep = await endpoints()
      const issuerQuirk = spec.callback?.issuer
      const result = validateCallback(callbackUrl, session.transaction, {
        metadata: ep.metadata,
        issuer: ep.issuer,
        callbackParamsToEcho: spec.callback?.echoParams,
      })
      if (issuerQuirk?.required && result.iss === undefined) {
        throw checkFailed(
          'ISSUER_MISMATCH',
          `${spec.displayName} always sends iss; this callback has none`,
          'iss',
        )
      }
      const echoed = { ...result.params }
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code: result.code,
        redirect_uri: session.transaction.redirectUri,
      })
      if (session.transaction.codeVerifier) body.set('code_verifier', session.transaction.codeVerifier)
      for (const [k, v] of Object.entries(echoed)) body.set(k, v)
      const response = await requestToken(ep, body, result.state)
      delete echoed['state']
      const tokens = await toTokens(
        response,
        ep,
        session.scopes,
        echoed,
        undefined,
        session.transaction.nonce,
      )
      checkExpectedClaims(spec, tokens.claims, session.expectedClaims)
      return tokens
    },

    async refresh(tokens) {
      if (!tokens?.refreshToken) throw new ArgumentError(`"tokens.refreshToken" is required to refresh`)
      const ep = await endpoints()
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken })
      for (const [k, v] of Object.entries(tokens.echoed)) body.set(k, v)
      const response = await requestToken(ep, body)
      // RFC 6749 §6: without a new refresh token the old one stays valid.
      const kept = response.refresh_token ? response : { ...response, refresh_token: tokens.refreshToken }
      return toTokens(kept, ep, tokens.requested, tokens.echoed, tokens, undefined)
    },

    async revoke(tokens, options = {}) {
      const token = typeof tokens === 'string' ? tokens : tokens.accessToken
      const hint = options.tokenTypeHint ?? (typeof tokens === 'string' ? undefined : 'access_token')
      const custom = spec.revocation
      const ep = await endpoints()
      if (custom) {
        const url = config.endpointOverrides?.revocation ?? custom.url
        // A revocation endpoint on the API host is an API call: it needs the API's headers
        // (GitHub refuses requests without a User-Agent there).
        const onApi = spec.api !== undefined && sameOrigin(custom.url, spec.api.baseUrl)
        const headers = onApi ? { ...spec.api?.headers, ...config.headers } : config.headers
        return revokeCustom(custom, url, client, token, hint, { ...http, headers }, support.clientAuth)
      }
      if (!ep.revocation) throw new ArgumentError(`${spec.displayName} has no revocation endpoint`)
      return revokeWith(
        { endpoint: ep.revocation, metadata: ep.metadata, client, token, tokenTypeHint: hint },
        http,
        support.clientAuth,
      )
    },

    restore(stored) {
      const value = typeof stored === 'string' ? safeJson(stored) : stored
      if (typeof value !== 'object' || value === null)
        throw new ArgumentError('"stored" must be stored tokens')
      const v = value as Record<string, unknown>
      if (v['provider'] !== spec.id) {
        throw new ArgumentError(`"stored" holds tokens of "${String(v['provider'])}", not "${spec.id}"`)
      }
      const tokenSet = TokenSet.fromJSON(v['tokenSet'], { now })
      const strings = (x: unknown) =>
        Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []
      const echoed = typeof v['echoed'] === 'object' && v['echoed'] !== null ? v['echoed'] : {}
      return tokensOf(
        tokenSet,
        strings(v['scopes']),
        strings(v['requested']),
        typeof v['claims'] === 'object' && v['claims'] !== null ? (v['claims'] as IdTokenClaims) : undefined,
        Object.fromEntries(Object.entries(echoed).filter(([, x]) => typeof x === 'string')),
      )
    },
  }
  return { client: login, endpoints, http, jwks, now }
}
