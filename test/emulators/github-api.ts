// The REST endpoints of the GitHub emulator, under /api (standing for https://api.github.com).
// Docs: "Getting started with the REST API" (User-Agent required), REST users, users/emails and
// oauth-applications ("Delete an app token", "Delete an app authorization").
import type { GithubClient, GithubUser } from './github.js'
import { authToken, basicAuth, jsonBody } from './lib/body.js'
import { type EmuRequest, type EmuResponse, empty, json, type Route, text } from './lib/server.js'
import {
  type Clock,
  type EmulatorState,
  type IssuedToken,
  liveToken,
  revoke,
  revokeGrant,
  safeEqual,
} from './lib/state.js'

export const GITHUB_USER_AGENT_REQUIRED =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header ' +
  '(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). ' +
  'Check https://developer.github.com for other possible causes.\n'

interface Ctx {
  state: EmulatorState
  clock: Clock
  users: Map<string, GithubUser>
  clients: Map<string, GithubClient>
  /** User-Agent values treated as absent (see GithubEmulatorOptions.anonymousUserAgents). */
  anonymousUserAgents: string[]
}

/** True when the request carries a User-Agent the emulator counts as present. */
export function hasUserAgent(req: EmuRequest, anonymous: string[]): boolean {
  const ua = req.headers['user-agent']?.trim()
  return ua !== undefined && ua !== '' && !anonymous.includes(ua)
}

function apiError(status: number, message: string, doc = 'https://docs.github.com/rest'): EmuResponse {
  return json(status, { message, documentation_url: doc, status: String(status) })
}

/** Wraps an API route: no User-Agent, no service (the documented 403, plain text). */
function needsUserAgent(route: Route, anonymous: string[]): Route {
  return {
    ...route,
    handler: (req, params) =>
      hasUserAgent(req, anonymous) ? route.handler(req, params) : text(403, GITHUB_USER_AGENT_REQUIRED),
  }
}

export function githubApiRoutes(ctx: Ctx): Route[] {
  const { state, clock, users, clients } = ctx

  function scopeHeaders(t: IssuedToken, accepted: string): Record<string, string> {
    // Classic tokens report their scopes ("a, b"); GitHub App tokens have none.
    return { 'x-oauth-scopes': t.scopes.join(', '), 'x-accepted-oauth-scopes': accepted }
  }

  function bearer(req: EmuRequest, doc: string): IssuedToken | EmuResponse {
    // Both `Bearer` and the older `token` scheme are accepted.
    const raw = authToken(req, ['bearer', 'token'])
    if (!raw) return apiError(401, 'Requires authentication', doc)
    const t = liveToken(state, raw, 'access', clock.now())
    if (!t || !users.has(t.userId)) return apiError(401, 'Bad credentials')
    return t
  }

  function publicUser(u: GithubUser) {
    return {
      login: u.login,
      id: u.id,
      node_id: Buffer.from(`04:User${u.id}`).toString('base64'),
      avatar_url: u.avatar_url ?? `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
      html_url: `https://github.com/${u.login}`,
      type: 'User',
      site_admin: false,
      name: u.name,
      company: null,
      blog: '',
      location: null,
      email: u.email,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2011-01-25T18:44:36Z',
      updated_at: '2024-01-01T00:00:00Z',
    }
  }

  function getUser(req: EmuRequest): EmuResponse {
    const t = bearer(req, 'https://docs.github.com/rest/users/users#get-the-authenticated-user')
    if (!('token' in t)) return t
    return json(200, publicUser(users.get(t.userId)!), scopeHeaders(t, ''))
  }

  function getEmails(req: EmuRequest): EmuResponse {
    const doc = 'https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user'
    const t = bearer(req, doc)
    if (!('token' in t)) return t
    const client = clients.get(t.clientId)
    if (client?.githubApp) {
      if (client.emailPermission === false)
        return apiError(403, 'Resource not accessible by integration', doc)
    } else if (!t.scopes.includes('user:email') && !t.scopes.includes('user')) {
      // Classic OAuth tokens without user:email (or user) are told the resource does not exist.
      const notFound = apiError(404, 'Not Found', doc)
      return { ...notFound, headers: { ...notFound.headers, ...scopeHeaders(t, 'user, user:email') } }
    }
    return json(200, users.get(t.userId)!.emails, scopeHeaders(t, 'user, user:email'))
  }

  /** Basic auth with the app's client_id and client_secret, matching the path's client id. */
  function appAuth(req: EmuRequest, clientId: string, doc: string): GithubClient | EmuResponse {
    const cred = basicAuth(req)
    if (!cred) return apiError(401, 'Requires authentication', doc)
    const client = clients.get(cred.id)
    if (!client || !safeEqual(cred.secret, client.clientSecret)) return apiError(401, 'Bad credentials')
    if (cred.id !== clientId) return apiError(404, 'Not Found', doc)
    return client
  }

  function deleteToken(req: EmuRequest, params: string[]): EmuResponse {
    const doc = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token'
    const client = appAuth(req, params[0]!, doc)
    if (!('clientId' in client)) return client
    const body = jsonBody(req)
    const token = body?.['access_token']
    if (typeof token !== 'string' || token === '') {
      return apiError(422, 'Invalid request.\n\n"access_token" wasn\'t supplied.', doc)
    }
    const t = state.tokens.get(token)
    if (t?.kind !== 'access' || t.revoked || t.clientId !== client.clientId) {
      return apiError(404, 'Not Found', doc)
    }
    revoke(state, t)
    return empty(204)
  }

  function deleteGrant(req: EmuRequest, params: string[]): EmuResponse {
    const doc = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization'
    const client = appAuth(req, params[0]!, doc)
    if (!('clientId' in client)) return client
    const token = jsonBody(req)?.['access_token']
    const t = typeof token === 'string' ? state.tokens.get(token) : undefined
    if (!t || t.revoked || t.clientId !== client.clientId) return apiError(404, 'Not Found', doc)
    // Deleting the authorization removes every token the user granted this app.
    for (const other of state.tokens.values()) {
      if (other.clientId === client.clientId && other.userId === t.userId) revokeGrant(state, other.grantId)
    }
    return empty(204)
  }

  return [
    { method: 'GET', path: '/api/user', handler: getUser },
    { method: 'GET', path: '/api/user/emails', handler: getEmails },
    { method: 'DELETE', path: /^\/api\/applications\/([^/]+)\/token$/, handler: deleteToken },
    { method: 'DELETE', path: /^\/api\/applications\/([^/]+)\/grant$/, handler: deleteGrant },
  ].map((r) => needsUserAgent(r, ctx.anonymousUserAgents))
}
