import { ArgumentError, checkFailed } from '../errors.js'
import type { ProviderSpec } from '../provider/spec-types.js'
import type { CookieContext } from './lib/context.js'
import { assertTokensOf, authFetch, logoutUrl, userinfo } from './lib/provider-calls.js'
import { buildEntry, type Entry } from './lib/registry.js'
import { deriveKey, MIN_SECRET_BYTES } from './lib/seal.js'
import { clearSession, getSession, setSession } from './lib/session.js'
import {
  answersByFormPost,
  clearTransactionCookies,
  openTransaction,
  sealTransaction,
} from './lib/transaction.js'
import { sanitizeReturnTo } from './return-to.js'
import type {
  Auth,
  AuthorizeRedirectOptions,
  AuthorizeResult,
  CreateAuthOptions,
  ProviderClientLike,
  ProviderCredentials,
} from './types.js'

const DEFAULT_TTL = 600
const PREFIX = /^[A-Za-z0-9_-]{1,32}$/

/**
 * The client registry: register providers once, then per request start a login
 * (`authorizeRedirect`) and finish it (`authorizeAccessToken`). Each login's state, PKCE verifier,
 * nonce, provider and return path live in their own sealed cookie (JWE `dir` + `A256GCM`, key
 * derived from `secret` with HKDF; HttpOnly, SameSite=Lax, Path=/, Secure with the `__Host-`
 * prefix outside loopback http; expires after `transactionTtl`; SameSite=None and Secure when the
 * provider answers by a cross-site `form_post`, as Sign in with Apple does), so parallel logins in two tabs
 * do not clash and no server-side storage is needed. Web-standard: `Request` in, `Response` or
 * data plus `Set-Cookie` headers out; the Express, Fastify and Hono adapters sit on top.
 *
 * @example
 * const auth = createAuth({ secret: process.env.AUTH_SECRET! })
 *   .register('github', github, { clientId, clientSecret, redirectUri: 'https://app.example/cb/github' })
 * // GET /login/github
 * return auth.authorizeRedirect(request, 'github', { returnTo: '/settings' })
 * // GET /cb/github
 * const { tokens, returnTo, headers } = await auth.authorizeAccessToken(request, 'github')
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function createAuth(options: CreateAuthOptions): Auth {
  const secret = secretBytes(options?.secret)
  const ttl = options.transactionTtl ?? DEFAULT_TTL
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > 3600) {
    throw new ArgumentError('"transactionTtl" must be a whole number of seconds between 30 and 3600')
  }
  const prefix = options.cookiePrefix ?? 'authspec'
  if (!PREFIX.test(prefix) || prefix.startsWith('__')) {
    throw new ArgumentError('"cookiePrefix" must be 1-32 letters, digits, "-" or "_", not starting with "__"')
  }
  const secureMode = options.secureCookies ?? 'auto'
  if (secureMode !== 'auto' && typeof secureMode !== 'boolean') {
    throw new ArgumentError('"secureCookies" must be "auto", true or false')
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    throw new ArgumentError('"now" must be a function')
  const ctx: CookieContext = {
    prefix,
    secureMode,
    ttl,
    now: options.now ?? Date.now,
    transactionKey: deriveKey(secret, 'transaction'),
    sessionKey: deriveKey(secret, 'session'),
  }
  const entries = new Map<string, Entry>()
  const get = (name: string): Entry => {
    const entry = entries.get(name)
    if (!entry) throw new ArgumentError(`"name": no provider registered as "${name}"`)
    return entry
  }

  const auth: Auth = {
    get providers() {
      return [...entries.keys()]
    },

    register(name: string, source: unknown, credentials?: Partial<ProviderCredentials>): Auth {
      if (entries.has(name)) throw new ArgumentError(`"name": "${name}" is already registered`)
      entries.set(name, buildEntry(name, source as ProviderClientLike | ProviderSpec, credentials))
      return auth
    },

    async authorizeRedirect(request: Request, name: string, opts: AuthorizeRedirectOptions = {}) {
      assertRequest(request)
      const entry = get(name)
      const redirectUri = opts.redirectUri ?? entry.credentials.redirectUri
      if (!redirectUri && !entry.prebuilt) {
        throw new ArgumentError(`"redirectUri" is required: "${name}" was registered without one`)
      }
      const { url, session } = await entry.client.authorizationUrl({
        ...(redirectUri ? { redirectUri } : {}),
        ...(opts.scopes ? { scopes: opts.scopes } : {}),
        ...(opts.params ? { params: opts.params } : {}),
      })
      const cookies = await sealTransaction(
        ctx,
        request,
        name,
        session,
        sanitizeReturnTo(opts.returnTo),
        answersByFormPost(url),
      )
      const headers = new Headers({ location: url.href, 'cache-control': 'no-store' })
      for (const cookie of cookies) headers.append('set-cookie', cookie)
      return new Response(null, { status: 302, headers })
    },

    async authorizeAccessToken(request: Request, name?: string): Promise<AuthorizeResult> {
      assertRequest(request)
      if (name !== undefined) get(name)
      const opened = await openTransaction(ctx, request, name)
      const entry = entries.get(opened.name)
      if (!entry || entry.client.id !== opened.session.provider) {
        throw checkFailed(
          'STATE_MISMATCH',
          `this login was started for "${opened.name}", which is not registered`,
          'provider',
        )
      }
      const tokens = await entry.client.callback(opened.params, opened.session)
      const headers = new Headers({ 'cache-control': 'no-store' })
      for (const cookie of await clearTransactionCookies(ctx, request)) headers.append('set-cookie', cookie)
      return {
        provider: entry.name,
        tokens,
        ...(tokens.claims ? { idTokenClaims: tokens.claims } : {}),
        returnTo: opened.returnTo,
        headers,
      }
    },

    async clearTransaction(request: Request) {
      assertRequest(request)
      const headers = new Headers()
      for (const cookie of await clearTransactionCookies(ctx, request)) headers.append('set-cookie', cookie)
      return headers
    },

    async profile(name, tokens) {
      const entry = get(name)
      assertTokensOf(entry, tokens)
      return entry.client.profile(tokens)
    },

    userinfo: (name, tokens) => userinfo(get(name), tokens),

    async refresh(name, tokens) {
      const entry = get(name)
      assertTokensOf(entry, tokens)
      return entry.client.refresh(tokens)
    },

    fetch: (name, tokens, opts) => authFetch(get(name), tokens, opts),

    logout: (name, opts = {}) => logoutUrl(get(name), opts),

    setSession: (request, data, opts) => setSession(ctx, request, data, opts),
    getSession: (request) => getSession(ctx, request),
    clearSession: (request) => clearSession(ctx, request),
  }
  for (const [name, registration] of Object.entries(options.providers ?? {})) {
    entries.set(name, buildEntry(name, registration?.source, registration?.credentials))
  }
  return auth
}

function secretBytes(secret: unknown): Uint8Array {
  const bytes =
    typeof secret === 'string'
      ? new TextEncoder().encode(secret)
      : secret instanceof Uint8Array
        ? secret
        : undefined
  if (!bytes) throw new ArgumentError('"secret" must be a string or a Uint8Array')
  if (bytes.byteLength < MIN_SECRET_BYTES) {
    throw new ArgumentError(
      `"secret" must be at least ${MIN_SECRET_BYTES} bytes (e.g. 32 random bytes, base64url)`,
    )
  }
  return bytes
}

function assertRequest(request: unknown): asserts request is Request {
  if (!(request instanceof Request)) throw new ArgumentError('"request" must be a Request')
}
