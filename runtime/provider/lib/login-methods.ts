import { ArgumentError, checkFailed } from '../../errors.js'
import { remapUrl } from '../../lib/host-map.js'
import { buildAuthorizationUrl } from '../../oauth2/authorization-url.js'
import { validateCallback } from '../../oauth2/callback.js'
import { revokeWith } from '../../oauth2/lib/revoke-with.js'
import type { TokenResponse } from '../../oauth2/types.js'
import type {
  AuthorizationSession,
  AuthorizationUrlOptions,
  GenericLoginClient,
  ProviderTokens,
  RevokeOptions,
} from '../client-types.js'
import { callbackData } from './callback-data.js'
import { checkExpectedClaims, expectedClaims } from './claim-checks.js'
import { checkScopes, extraParams, sameOrigin } from './client-checks.js'
import type { ClientContext } from './client-context.js'
import { renameClientId } from './client-id-param.js'
import { lackingMethods } from './lacking-methods.js'
import { restoreTokens, toTokens } from './provider-tokens.js'
import type { ResolvedEndpoints } from './resolve-endpoints.js'
import { revokeCustom } from './revoke-custom.js'
import { tokenCall } from './token-call.js'

/**
 * The sign-in client of a context: each method one step of the flow, a function of the context.
 * Every provider difference is read from the spec's fields (delimiters, PKCE, echoed callback
 * parameters, token quirks, revocation shape); the protocol work is `runtime/oauth2` and, through
 * the support modules, `runtime/oidc`.
 */
export function loginClient(ctx: ClientContext): GenericLoginClient {
  // The generated types leave these methods out; plain JavaScript callers get a typed refusal.
  const lacking = lackingMethods(ctx.spec)
  const refuse = (method: string) => () =>
    Promise.reject(new ArgumentError(`${ctx.spec.displayName} has no ${method}() (see its spec)`))
  return {
    id: ctx.spec.id,
    authorizationUrl: (options) => authorizationUrl(ctx, options),
    callback: (callbackUrl, session) => callback(ctx, callbackUrl, session),
    refresh: lacking.includes('refresh') ? refuse('refresh') : (tokens) => refresh(ctx, tokens),
    revoke: lacking.includes('revoke') ? refuse('revoke') : (tokens, options) => revoke(ctx, tokens, options),
    restore: (stored, options) => restoreTokens(ctx, stored, options),
  }
}

/** The authorization URL (state, PKCE per the spec) and the session to keep until the callback. */
async function authorizationUrl(
  ctx: ClientContext,
  options: AuthorizationUrlOptions<string, Record<string, string | boolean | undefined>> = {},
): Promise<{ url: URL; session: AuthorizationSession }> {
  const { spec, config } = ctx
  const ep = await ctx.endpoints()
  const scopes = [...(options.scopes ?? spec.scopes.defaults)]
  checkScopes(spec, scopes)
  // buildAuthorizationUrl owns prompt and login_hint as named options.
  const { prompt, login_hint: loginHint, ...params } = extraParams(spec, options.params ?? {})
  const claims = expectedClaims(spec, params)
  const { url, transaction } = await buildAuthorizationUrl({
    endpoint: ep.authorization,
    metadata: ep.metadata,
    client: ctx.client,
    redirectUri: options.redirectUri,
    scope: scopes,
    scopeDelimiter: spec.scopes.requestDelimiter,
    state: options.state,
    // `plain` only where the spec says the provider has nothing else (RFC 7636 §4.2).
    pkce: spec.pkce === 'unsupported' ? false : (spec.pkceMethod ?? 'S256'),
    issuer: ep.issuer,
    responseMode: spec.callback?.responseMode,
    extraParams: params,
    prompt,
    loginHint,
    allowInsecureRequests: config.allowInsecureRequests,
    now: ctx.now,
  })
  renameClientId(spec, url.searchParams)
  const session = { provider: spec.id, scopes, transaction }
  // The browser goes there, not fetch: the same map sends it to the fake, or refuses it.
  const sent = ctx.hostMap ? remapUrl(ctx.hostMap, url) : url
  return {
    url: sent,
    session: Object.keys(claims).length > 0 ? { ...session, expectedClaims: claims } : session,
  }
}

/** Checks the callback against the session, exchanges the code, and checks the promised claims. */
async function callback(
  ctx: ClientContext,
  callbackUrl: string | URL | URLSearchParams,
  session: AuthorizationSession,
): Promise<ProviderTokens> {
  const { spec } = ctx
  if (session?.provider !== spec.id) {
    throw new ArgumentError(`"session" belongs to provider "${session?.provider}", not "${spec.id}"`)
  }
  const ep = await ctx.endpoints()
  const result = validateCallback(callbackUrl, session.transaction, {
    metadata: ep.metadata,
    issuer: ep.issuer,
    callbackParamsToEcho: spec.callback?.echoParams,
  })
  if (spec.callback?.issuer?.required && result.iss === undefined) {
    throw checkFailed(
      'ISSUER_MISMATCH',
      `${spec.displayName} always sends iss; this callback has none`,
      'iss',
    )
  }
  // Untrusted browser input, checked before the code is spent on it.
  const data = callbackData(spec, callbackUrl)
  const { state: _sentBackOnlyHere, ...echoed } = result.params
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: result.code,
    redirect_uri: session.transaction.redirectUri,
  })
  if (session.transaction.codeVerifier) body.set('code_verifier', session.transaction.codeVerifier)
  for (const [k, v] of Object.entries(result.params)) body.set(k, v)
  const response = await requestToken(ctx, ep, body, session.scopes, result.state)
  const tokens = await toTokens(ctx, response, ep, {
    requested: session.scopes,
    echoed,
    nonce: session.transaction.nonce,
  })
  checkExpectedClaims(spec, tokens.claims, session.expectedClaims)
  return data ? { ...tokens, fields: { ...tokens.fields, ...data } } : tokens
}

/** Renews the tokens; without a new refresh token the old one stays (RFC 6749 §6). */
async function refresh(ctx: ClientContext, tokens: ProviderTokens): Promise<ProviderTokens> {
  if (!tokens?.refreshToken) throw new ArgumentError(`"tokens.refreshToken" is required to refresh`)
  const ep = await ctx.endpoints()
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken })
  for (const [k, v] of Object.entries(tokens.echoed)) body.set(k, v)
  const response = await requestToken(ctx, { ...ep, token: ep.refresh }, body, tokens.requested)
  const kept = response.refresh_token ? response : { ...response, refresh_token: tokens.refreshToken }
  return toTokens(ctx, kept, ep, { requested: tokens.requested, echoed: tokens.echoed, previous: tokens })
}

/** Revokes at the spec's own revocation endpoint, else at the RFC 7009 one. */
async function revoke(
  ctx: ClientContext,
  tokens: ProviderTokens | string,
  options: RevokeOptions = {},
): Promise<void> {
  const { spec, config } = ctx
  const token = typeof tokens === 'string' ? tokens : tokens.accessToken
  const hint = options.tokenTypeHint ?? (typeof tokens === 'string' ? undefined : 'access_token')
  const custom = spec.revocation
  const ep = await ctx.endpoints()
  if (custom) {
    const url = config.endpointOverrides?.revocation ?? custom.url
    // A revocation endpoint on the API host is an API call: it needs the API's headers
    // (GitHub refuses requests without a User-Agent there).
    const onApi = spec.api !== undefined && sameOrigin(custom.url, spec.api.baseUrl)
    const headers = onApi ? { ...spec.api?.headers, ...config.headers } : config.headers
    const http = { ...ctx.http, headers }
    return revokeCustom(custom, url, ctx.client, token, hint, http, ctx.clientAuth, spec)
  }
  if (!ep.revocation) throw new ArgumentError(`${spec.displayName} has no revocation endpoint`)
  return revokeWith(
    { endpoint: ep.revocation, metadata: ep.metadata, client: ctx.client, token, tokenTypeHint: hint },
    ctx.http,
    ctx.clientAuth,
  )
}

/** One token request, the spec's token quirks applied (lib/token-call.ts). */
function requestToken(
  ctx: ClientContext,
  ep: ResolvedEndpoints,
  body: URLSearchParams,
  requested: readonly string[],
  callbackState?: string,
): Promise<TokenResponse> {
  const scope = requested.join(ctx.spec.scopes.requestDelimiter)
  return tokenCall(
    ctx.spec,
    { endpoint: ep.token, body, callbackState, scope, issuer: ep.metadata?.issuer },
    ctx.client,
    ctx.http,
    ctx.clientAuth,
  )
}
