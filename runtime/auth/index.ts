/**
 * Client integrations: a registry of providers for web apps (what Authlib's Flask/Starlette
 * `OAuth` registry gives), Web-standard at the core with Express 5, Fastify 5 and Hono adapters
 * (`runtime/auth/express.ts`, `fastify.ts`, `hono.ts`).
 *
 * ```ts
 * const auth = createAuth({ secret })                      // secret: >= 32 bytes
 * // or createAuth({ secret, providers: { local: { source: oidc, credentials: { issuer, clientId } } } })
 * auth.register('local', oidc, { issuer, clientId, clientSecret, redirectUri })
 * auth.register('github', github, { clientId, clientSecret })   // redirectUri per request
 * auth.register('acme', acmeSpec, { clientId, clientSecret, redirectUri })
 *
 * // GET /login/:name  -> 302 to the provider, with the sealed transaction cookie
 * const res: Response = await auth.authorizeRedirect(request, 'local', {
 *   redirectUri?, returnTo?: '/profile', scopes?: ['openid', 'email'], params?: { prompt: 'login' },
 * })
 * // GET /callback/:name
 * try {
 *   const { provider, tokens, idTokenClaims, returnTo, headers } = await auth.authorizeAccessToken(request, 'local')
 *   // copy headers' Set-Cookie (deletes the transaction cookie) onto your response, keep tokens
 * } catch (err) {
 *   // OAuthError: err.code 'MISSING_STATE' (error 'missing_transaction'), 'STATE_MISMATCH'
 *   // (error 'state_mismatch' | 'transaction_expired' | 'provider_mismatch'),
 *   // 'OAUTH_AUTHORIZATION_ERROR' (err.error 'access_denied'…), 'NONCE_MISMATCH', JWT_* …
 *   // Set-Cookie of await auth.clearTransaction(request) deletes the transaction cookie.
 * }
 * await auth.profile('local', tokens)        // NormalizedProfile { id, name, email, emailVerified, avatarUrl, raw }
 * await auth.userinfo('local', tokens)       // OIDC UserInfo, sub checked
 * await auth.refresh('local', tokens)        // new AuthTokens
 * const api = auth.fetch('local', tokens, { onTokens: save })  // bearer fetch, refreshes itself
 * await api(userinfoUrl); api.current()      // latest AuthTokens
 * await auth.logout('local', { tokens, postLogoutRedirectUri, state, revoke })  // URL | undefined
 * // A sealed session cookie for the app's own login state (JSON, < 4 KB sealed):
 * const setCookie = await auth.setSession(request, { user: profile.id }, { maxAge: 3600 })
 * const session = await auth.getSession(request)   // data | undefined
 * const clear = auth.clearSession(request)         // Set-Cookie value
 * // Tokens as JSON for a store: serializeTokens(tokens) / restoreTokens(json)
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
export { createAuth } from './create-auth.js'
export { sanitizeReturnTo } from './return-to.js'
export { restoreTokens, type StoredTokens, serializeTokens } from './tokens.js'
export type {
  Auth,
  AuthFetch,
  AuthFetchOptions,
  AuthorizeRedirectOptions,
  AuthorizeResult,
  AuthTokens,
  CreateAuthOptions,
  LogoutOptions,
  ProviderClientFactory,
  ProviderClientLike,
  ProviderCredentials,
  ProviderRegistration,
  ProviderSource,
  SessionData,
  SessionOptions,
} from './types.js'
