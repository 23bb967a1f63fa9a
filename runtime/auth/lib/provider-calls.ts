import { ArgumentError } from '../../errors.js'
import { createAuthenticatedFetch } from '../../oauth2/authenticated-fetch.js'
import type { ServerMetadata, TokenResponse } from '../../oauth2/types.js'
import { createRemoteJwks } from '../../oidc/jwks-cache.js'
import type { KeyResolver } from '../../oidc/types.js'
import { fetchUserInfo } from '../../oidc/userinfo.js'
import type { AuthFetch, AuthFetchOptions, AuthTokens, LogoutOptions } from '../types.js'
import type { Entry } from './registry.js'

const userinfoKeys = new WeakMap<Entry, KeyResolver>()

/** The tokens must come from this entry's provider. */
export function assertTokensOf(entry: Entry, tokens: AuthTokens): void {
  if (typeof tokens?.accessToken !== 'string' || !tokens.tokenSet) {
    throw new ArgumentError('"tokens" must be the tokens authorizeAccessToken returned')
  }
  if (tokens.provider !== entry.client.id) {
    throw new ArgumentError(`"tokens" come from provider "${tokens.provider}", not "${entry.name}"`)
  }
}

/** The provider's metadata: the ID token's issuer (already validated) or the registered one. */
async function metadataOf(entry: Entry, tokens: AuthTokens | undefined): Promise<ServerMetadata | undefined> {
  const issuer = tokens?.claims?.iss ?? entry.issuer
  return issuer ? entry.cache.get(issuer) : undefined
}

/** UserInfo (OIDC Core §5.3): the response's `sub` must equal the ID token's. */
export async function userinfo(entry: Entry, tokens: AuthTokens): Promise<Record<string, unknown>> {
  assertTokensOf(entry, tokens)
  const sub = tokens.claims?.sub
  if (!sub) throw new ArgumentError('userinfo needs an ID token: request the "openid" scope')
  const metadata = await metadataOf(entry, tokens)
  const endpoint = entry.credentials.endpointOverrides?.userinfo ?? metadata?.userinfo_endpoint
  if (!endpoint) throw new ArgumentError(`"${entry.name}" has no userinfo endpoint`)
  let keys = entry.credentials.keys ?? userinfoKeys.get(entry)
  if (!keys && metadata?.jwks_uri) {
    keys = createRemoteJwks(metadata.jwks_uri, entry.http)
    userinfoKeys.set(entry, keys)
  }
  const info = await fetchUserInfo(
    endpoint,
    tokens.accessToken,
    {
      expectedSub: sub,
      issuer: metadata?.issuer,
      clientId: entry.credentials.clientId,
      clientSecret: entry.credentials.clientSecret,
      keys,
    },
    entry.http,
  )
  return { ...info }
}

/** A bearer `fetch` that refreshes through the provider client (ID token checks included). */
export function authFetch(entry: Entry, tokens: AuthTokens, options: AuthFetchOptions = {}): AuthFetch {
  assertTokensOf(entry, tokens)
  let latest = tokens
  const renew = async (refreshToken: string): Promise<TokenResponse> => {
    latest = await entry.client.refresh({ ...latest, refreshToken })
    return latest.tokenSet.raw
  }
  const inner = createAuthenticatedFetch({
    tokens: tokens.tokenSet,
    refresh: tokens.refreshToken ? renew : undefined,
    onTokens: () => options.onTokens?.(latest),
    leeway: options.leeway,
    fetch: entry.http.fetch,
    timeout: entry.http.timeout,
    allowInsecureRequests: entry.http.allowInsecureRequests,
  })
  return Object.assign(inner, { current: () => latest })
}

/**
 * The provider's RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2), or
 * undefined when its metadata has no `end_session_endpoint`.
 */
export async function logoutUrl(entry: Entry, options: LogoutOptions): Promise<URL | undefined> {
  const { tokens } = options
  if (tokens) assertTokensOf(entry, tokens)
  if (options.revoke && tokens) {
    const hint = tokens.refreshToken ? 'refresh_token' : 'access_token'
    await entry.client.revoke(tokens.refreshToken ?? tokens.accessToken, { tokenTypeHint: hint })
  }
  const metadata = await metadataOf(entry, tokens)
  if (!metadata?.end_session_endpoint) return undefined
  const url = new URL(metadata.end_session_endpoint)
  const idToken = tokens?.tokenSet.idToken
  if (idToken) url.searchParams.set('id_token_hint', idToken)
  if (entry.credentials.clientId) url.searchParams.set('client_id', entry.credentials.clientId)
  if (options.postLogoutRedirectUri) {
    try {
      new URL(options.postLogoutRedirectUri)
    } catch {
      throw new ArgumentError('"postLogoutRedirectUri" must be an absolute URL')
    }
    url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri)
  }
  if (options.state) url.searchParams.set('state', options.state)
  return url
}
