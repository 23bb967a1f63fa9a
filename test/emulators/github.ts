// GitHub emulator: the OAuth web flow of github.com (OAuth apps and GitHub App user tokens) and
// the few REST endpoints a login needs, served under /api in place of api.github.com.
// Written from docs.github.com: "Authorizing OAuth apps", "Troubleshooting authorization request
// errors", "Troubleshooting OAuth app access token request errors", "Refreshing user access tokens",
// "Generating a user access token for a GitHub App", REST users / emails / oauth-applications.
import { GITHUB_USER_AGENT_REQUIRED, githubApiRoutes, hasUserAgent } from './github-api.js'
import { basicAuth, formBody, jsonBody } from './lib/body.js'
import {
  type Emulator,
  type OriginDependent,
  performLogin,
  resolveOrigin,
  splitScopes,
} from './lib/emulator.js'
import {
  type EmuRequest,
  type EmuResponse,
  form,
  html,
  json,
  redirect,
  startServer,
  text,
} from './lib/server.js'
import {
  addToken,
  Clock,
  type EmulatorState,
  liveToken,
  mint,
  newState,
  pkceMatches,
  revokeGrant,
  safeEqual,
} from './lib/state.js'

export interface GithubEmail {
  email: string
  primary: boolean
  verified: boolean
  visibility: 'public' | 'private' | null
}

export interface GithubUser {
  id: number
  login: string
  name: string | null
  /** The public profile email shown by GET /user; null when the user keeps it private. */
  email: string | null
  avatar_url?: string
  emails: GithubEmail[]
}

export interface GithubClient {
  clientId: string
  clientSecret: string
  /** Registered callback URLs; the first is used when the request has no redirect_uri. */
  callbackUrls: string[]
  /** A GitHub App with expiring user tokens (expires_in, refresh_token); default: classic OAuth app. */
  githubApp?: boolean
  /** GitHub App only: whether it holds the "Email addresses" user permission (default true). */
  emailPermission?: boolean
}

export interface GithubEmulatorOptions {
  users?: GithubUser[]
  clients?: GithubClient[]
  /**
   * `iss` added to the authorization callback (RFC 9207). Default the real
   * 'https://github.com/login/oauth'; a function of the origin to use the emulator's own; null to omit.
   */
  iss?: OriginDependent<string | null>
  /** Login of the user the fake login step approves (default: the first user). */
  loginAs?: string
  /**
   * User-Agent values counted as no User-Agent at all. Default ['node', 'undici']: the values
   * Node's fetch sends on its own, so a client that forgets to set one fails here as it would from
   * a browser or a worker. Pass [] to accept them as github.com does.
   */
  anonymousUserAgents?: string[]
}

export type GithubEmulator = Emulator<GithubUser, GithubClient> & {
  /** Base URL of the REST API (stands for https://api.github.com). */
  apiUrl: string
  /** The iss value sent in callbacks, or null. */
  iss: string | null
}

/** Lifetimes documented for GitHub App user tokens. */
export const GITHUB_APP_TOKEN_TTL = 28800
export const GITHUB_APP_REFRESH_TTL = 15897600
const CODE_TTL_MS = 10 * 60 * 1000

/** Scopes GitHub knows; any other requested scope is silently dropped from the grant. */
export const GITHUB_SCOPES = new Set([
  'repo',
  'repo:status',
  'repo_deployment',
  'public_repo',
  'repo:invite',
  'security_events',
  'admin:repo_hook',
  'write:repo_hook',
  'read:repo_hook',
  'admin:org',
  'write:org',
  'read:org',
  'admin:public_key',
  'write:public_key',
  'read:public_key',
  'admin:org_hook',
  'gist',
  'notifications',
  'user',
  'read:user',
  'user:email',
  'user:follow',
  'project',
  'read:project',
  'delete_repo',
  'write:packages',
  'read:packages',
  'delete:packages',
  'admin:gpg_key',
  'write:gpg_key',
  'read:gpg_key',
  'codespace',
  'workflow',
  'offline_access',
])

const DOCS = 'https://docs.github.com'
const TOKEN_ERRORS = {
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
  bad_verification_code: 'The code passed is incorrect or expired.',
  bad_refresh_token: 'The refresh token passed is incorrect or expired.',
  unsupported_grant_type: 'The grant type is not supported.',
} as const
type TokenError = keyof typeof TOKEN_ERRORS

/** GitHub's rule: same host and port (any port for loopback), path inside the callback's path. */
function redirectAllowed(requested: string, registered: string[]): boolean {
  let r: URL
  try {
    r = new URL(requested)
  } catch {
    return false
  }
  const loopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '[::1]'
  return registered.some((cb) => {
    const c = new URL(cb)
    if (r.protocol !== c.protocol || r.hostname !== c.hostname) return false
    if (r.port !== c.port && !loopback(c.hostname)) return false
    const base = c.pathname.endsWith('/') ? c.pathname : `${c.pathname}/`
    return r.pathname === c.pathname || r.pathname.startsWith(base)
  })
}

export async function startGithubEmulator(opts: GithubEmulatorOptions = {}): Promise<GithubEmulator> {
  const state: EmulatorState = newState()
  const clock = new Clock()
  const users = new Map((opts.users ?? []).map((u) => [String(u.id), u]))
  const clients = new Map((opts.clients ?? []).map((c) => [c.clientId, c]))
  const loginId = opts.loginAs ? [...users.values()].find((u) => u.login === opts.loginAs)?.id : undefined
  const login: GithubEmulator['login'] = {
    userId: loginId === undefined ? undefined : String(loginId),
    decision: 'approve',
  }
  let iss: string | null = null
  const anonymousUserAgents = opts.anonymousUserAgents ?? ['node', 'undici']

  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    // Unknown apps get GitHub's 404 page, never a redirect.
    if (!client) return html(404, '<h1>404</h1><p>This is not the web page you are looking for.</p>')
    const registered = client.callbackUrls[0]!
    const redirectUri = q.get('redirect_uri') ?? undefined
    const st = q.get('state') ?? undefined
    if (redirectUri !== undefined && !redirectAllowed(redirectUri, client.callbackUrls)) {
      return redirect(registered, {
        error: 'redirect_uri_mismatch',
        error_description: TOKEN_ERRORS.redirect_uri_mismatch,
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch`,
        state: st,
      })
    }
    const back = redirectUri ?? registered
    const challenge = q.get('code_challenge') ?? undefined
    const method = q.get('code_challenge_method') ?? undefined
    if (challenge !== undefined && method !== 'S256') {
      // GitHub supports S256 only; "plain" (or no method) is refused.
      return redirect(back, {
        error: 'invalid_request',
        error_description: 'code_challenge_method must be S256',
        state: st,
      })
    }
    const who = performLogin(login, users)
    if (!who.ok) {
      return redirect(back, {
        error: 'access_denied',
        error_description: 'The user has denied your application access.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied`,
        state: st,
      })
    }
    // GitHub Apps ignore scopes (permissions are fixed by the app); OAuth apps keep known ones.
    const scopes = client.githubApp ? [] : splitScopes(q.get('scope')).filter((s) => GITHUB_SCOPES.has(s))
    const code = mint('', 10)
    state.codes.set(code, {
      code,
      clientId: client.clientId,
      userId: who.userId,
      // Bound to where the code was sent, whether or not the request named it.
      redirectUri: back,
      scopes,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      expiresAt: clock.now() + CODE_TTL_MS,
      used: false,
      extra: {},
    })
    return redirect(back, { code, state: st, iss: iss ?? undefined })
  }

  function tokenResponse(req: EmuRequest, body: Record<string, string | number>): EmuResponse {
    // The documented quirk: form-encoded unless the client asks for JSON; always HTTP 200.
    const accept = req.headers['accept'] ?? ''
    if (/application\/json/i.test(accept)) return json(200, body)
    return form(200, body)
  }

  function tokenError(req: EmuRequest, error: TokenError): EmuResponse {
    return tokenResponse(req, {
      error,
      error_description: TOKEN_ERRORS[error],
      error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${error.replace(/_/g, '-')}`,
    })
  }

  function issue(client: GithubClient, userId: string, scopes: string[], grantId: string) {
    const now = clock.now()
    const app = client.githubApp === true
    // GitHub Apps by setting; OAuth apps per request with offline_access (community/discussions/204963).
    const expiring = app || scopes.includes('offline_access')
    const access = addToken(state, {
      token: mint(app ? 'ghu_' : 'gho_', 27),
      kind: 'access',
      clientId: client.clientId,
      userId,
      scopes,
      expiresAt: expiring ? now + GITHUB_APP_TOKEN_TTL * 1000 : undefined,
      grantId,
    })
    const body: Record<string, string | number> = { access_token: access.token }
    if (expiring) {
      const refresh = addToken(state, {
        token: mint('ghr_', 57),
        kind: 'refresh',
        clientId: client.clientId,
        userId,
        scopes,
        expiresAt: now + GITHUB_APP_REFRESH_TTL * 1000,
        grantId,
      })
      body['expires_in'] = GITHUB_APP_TOKEN_TTL
      body['refresh_token'] = refresh.token
      body['refresh_token_expires_in'] = GITHUB_APP_REFRESH_TTL
    }
    // Granted scopes come back comma-separated, with no space.
    body['scope'] = scopes.join(',')
    body['token_type'] = 'bearer'
    return body
  }

  function accessToken(req: EmuRequest): EmuResponse {
    // GitHub reads the parameters from the query string, a form body or a JSON body.
    const p = new URLSearchParams(req.url.searchParams)
    for (const [k, v] of formBody(req)) p.set(k, v)
    for (const [k, v] of Object.entries(jsonBody(req) ?? {})) if (typeof v === 'string') p.set(k, v)
    // Documented as parameters; HTTP Basic works too (as RFC 6749 clients send it by default).
    const b = basicAuth(req)
    const client = clients.get(b?.id ?? p.get('client_id') ?? '')
    if (!client || !safeEqual(b?.secret ?? p.get('client_secret') ?? '', client.clientSecret)) {
      return tokenError(req, 'incorrect_client_credentials')
    }
    const grantType = p.get('grant_type') ?? 'authorization_code'
    if (grantType === 'refresh_token') {
      const old = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', clock.now())
      // A refresh token exists only where tokens expire (app setting or offline_access), so `old` decides.
      if (!old || old.clientId !== client.clientId) {
        return tokenError(req, 'bad_refresh_token')
      }
      // One use only: the refresh token and the access token it came with stop working.
      revokeGrant(state, old.grantId)
      return tokenResponse(req, issue(client, old.userId, old.scopes, mint('grant-', 9)))
    }
    if (grantType !== 'authorization_code') return tokenError(req, 'unsupported_grant_type')
    const code = state.codes.get(p.get('code') ?? '')
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= clock.now()) {
      return tokenError(req, 'bad_verification_code')
    }
    const redirectUri = p.get('redirect_uri')
    if (redirectUri !== null && redirectUri !== code.redirectUri) {
      return tokenError(req, 'redirect_uri_mismatch')
    }
    if (code.codeChallenge !== undefined) {
      const verifier = p.get('code_verifier')
      if (!verifier || !pkceMatches(verifier, code.codeChallenge, code.codeChallengeMethod)) {
        return tokenError(req, 'bad_verification_code')
      }
    }
    code.used = true
    return tokenResponse(req, issue(client, code.userId, code.scopes, mint('grant-', 9)))
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/login/oauth/authorize', handler: authorize },
      { method: 'POST', path: '/login/oauth/access_token', handler: accessToken },
      ...githubApiRoutes({ state, clock, users, clients, anonymousUserAgents }),
    ],
    state.requests,
    (req) => {
      if (!req.url.pathname.startsWith('/api/')) return html(404, '<h1>404</h1>')
      if (!hasUserAgent(req, anonymousUserAgents)) return text(403, GITHUB_USER_AGENT_REQUIRED)
      return json(404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      })
    },
  )
  iss = resolveOrigin(opts.iss === undefined ? 'https://github.com/login/oauth' : opts.iss, server.url)
  return {
    url: server.url,
    apiUrl: `${server.url}/api`,
    iss,
    close: server.close,
    state,
    users,
    clients,
    login,
    clock,
    setNow: (ms) => clock.set(ms),
  }
}
