import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GithubClient, github } from '../../generated/providers/github.js'
import { followAuthorize, type GithubEmulator, startGithubEmulator } from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'
import { githubEmulatorOverrides } from './lib/github-emulator.js'

/** The generated GitHub client against the GitHub emulator, over real HTTP on 127.0.0.1. */
const REDIRECT = 'http://127.0.0.1/callback'
let gh: GithubEmulator
let wrongIss: GithubEmulator

const users = [
  {
    id: 1,
    login: 'octocat',
    name: 'The Octocat',
    email: null,
    emails: [
      { email: 'old@example.com', primary: false, verified: true, visibility: null },
      { email: 'octo@example.com', primary: true, verified: true, visibility: 'private' as const },
    ],
  },
  { id: 2, login: 'public', name: null, email: 'public@example.com', emails: [] },
]
const clients = [
  { clientId: 'oauth-app', clientSecret: 'oauth-secret', callbackUrls: [REDIRECT] },
  { clientId: 'gh-app', clientSecret: 'app-secret', callbackUrls: [REDIRECT], githubApp: true },
  {
    clientId: 'gh-app-no-email',
    clientSecret: 'app-secret-2',
    callbackUrls: [REDIRECT],
    githubApp: true,
    emailPermission: false,
  },
]

beforeAll(async () => {
  gh = await startGithubEmulator({ users, clients })
  wrongIss = await startGithubEmulator({ users, clients, iss: 'https://evil.example/login/oauth' })
})
afterAll(async () => {
  await gh.close()
  await wrongIss.close()
})

function client(emu = gh, clientId = 'oauth-app', extra: Partial<Parameters<typeof github>[0]> = {}) {
  const secret = clients.find((c) => c.clientId === clientId)!.clientSecret
  return github({
    clientId,
    clientSecret: secret,
    redirectUri: REDIRECT,
    endpointOverrides: githubEmulatorOverrides(emu),
    ...extra,
  })
}

async function login<const S extends Parameters<GithubClient['authorizationUrl']>[0]>(
  c: GithubClient,
  options?: S,
) {
  const { url, session } = await c.authorizationUrl(options)
  const cb = await followAuthorize(url)
  return { url, session, cb }
}

describe('GitHub: login against the emulator', () => {
  it('authorizationUrl -> authorize -> callback: PKCE S256, JSON asked for, comma scopes parsed, iss checked', async () => {
    gh.login.userId = '1'
    const c = client()
    const { url, session, cb } = await login(c, { scopes: ['read:user', 'user:email', 'gist'] })
    expect(url.searchParams.get('scope')).toBe('read:user user:email gist')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(cb.searchParams.get('iss')).toBe('https://github.com/login/oauth')
    const tokens = await c.callback(cb, session)
    expect(tokens.accessToken).toMatch(/^gho_/)
    expect(tokens.scopes).toEqual(['read:user', 'user:email', 'gist'])
    expect(tokens.expiresAt).toBeUndefined()
    expect(tokens.refreshToken).toBeUndefined()
    const req = gh.state.requests.find((r) => r.path === '/login/oauth/access_token')
    expect(req?.headers['accept']).toMatch(/application\/json/)
  })

  it('accepts a form-encoded token answer (GitHub without Accept: application/json)', async () => {
    gh.login.userId = '1'
    // A proxy that strips Accept makes GitHub fall back to its default form encoding.
    const stripAccept: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      if (String(input).endsWith('/login/oauth/access_token')) headers.delete('accept')
      return fetch(input, { ...init, headers })
    }
    const c = client(gh, 'gh-app', { fetch: stripAccept })
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    expect(tokens.accessToken).toMatch(/^ghu_/)
    expect(tokens.refreshToken).toMatch(/^ghr_/)
    expect(tokens.fields.refresh_token_expires_in).toBe(15897600)
    expect(typeof tokens.expiresAt).toBe('number')
  })

  it('rejects a callback whose iss is not GitHub (mix-up defence)', async () => {
    wrongIss.login.userId = '1'
    const c = client(wrongIss)
    const { session, cb } = await login(c)
    expect(cb.searchParams.get('iss')).toBe('https://evil.example/login/oauth')
    const err = await rejection(c.callback(cb, session))
    expect(err.code).toBe('ISSUER_MISMATCH')
    expect(wrongIss.state.requests.some((r) => r.path === '/login/oauth/access_token')).toBe(false)
  })

  it('accepts a callback without iss (GitHub sends it, but older flows may not)', async () => {
    const noIss = await startGithubEmulator({ users, clients, iss: null })
    try {
      const c = client(noIss)
      const { session, cb } = await login(c)
      expect(cb.searchParams.has('iss')).toBe(false)
      expect((await c.callback(cb, session)).accessToken).toMatch(/^gho_/)
    } finally {
      await noIss.close()
    }
  })

  it('turns the access_denied redirect into a typed error', async () => {
    gh.login.decision = 'deny'
    try {
      const c = client()
      const { session, cb } = await login(c)
      const err = await rejection(c.callback(cb, session))
      expect(err.code).toBe('OAUTH_AUTHORIZATION_ERROR')
      expect(err.error).toBe('access_denied')
    } finally {
      gh.login.decision = 'approve'
    }
  })

  it.each([
    { name: 'form', accept: false },
    { name: 'JSON', accept: true },
  ])('bad_verification_code sent with HTTP 200 ($name) becomes a typed OAuthError', async ({ accept }) => {
    const maybeStrip: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      if (!accept) headers.delete('accept')
      return fetch(input, { ...init, headers })
    }
    const c = client(gh, 'oauth-app', { fetch: maybeStrip })
    const { session, cb } = await login(c)
    await c.callback(cb, session)
    // The code is single-use: the second exchange is refused with HTTP 200.
    const err = await rejection(c.callback(cb, session))
    expect(err.code).toBe('OAUTH_RESPONSE_ERROR')
    expect(err.error).toBe('bad_verification_code')
    expect(err.error_description).toMatch(/incorrect or expired/)
  })

  it('incorrect_client_credentials with HTTP 200 becomes a typed OAuthError', async () => {
    const c = github({
      clientId: 'oauth-app',
      clientSecret: 'wrong',
      redirectUri: REDIRECT,
      endpointOverrides: {
        authorization: `${gh.url}/login/oauth/authorize`,
        token: `${gh.url}/login/oauth/access_token`,
      },
    })
    const { session, cb } = await login(c)
    const err = await rejection(c.callback(cb, session))
    expect(err.error).toBe('incorrect_client_credentials')
  })
})

describe('GitHub: profile and API', () => {
  it('falls back to GET /user/emails for the primary verified email when /user has none', async () => {
    gh.login.userId = '1'
    const c = client()
    const { session, cb } = await login(c, { scopes: ['read:user', 'user:email'] })
    const tokens = await c.callback(cb, session)
    const profile = await c.profile(tokens)
    expect(profile).toMatchObject({
      id: '1',
      name: 'The Octocat',
      email: 'octo@example.com',
      emailVerified: true,
      avatarUrl: 'https://avatars.githubusercontent.com/u/1?v=4',
    })
    const uas = gh.state.requests
      .filter((r) => r.path.startsWith('/api/'))
      .map((r) => r.headers['user-agent'])
    expect(uas.length).toBeGreaterThanOrEqual(2)
    for (const ua of uas) expect(ua).toBe('authspec')
  })

  it('without an email scope the profile has no email in its type and /user/emails is not called', async () => {
    gh.login.userId = '2'
    const c = client()
    // Called directly (not through login()) so the scope literal reaches the profile type.
    const { url, session } = await c.authorizationUrl({ scopes: ['read:user'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const before = gh.state.requests.filter((r) => r.path === '/api/user/emails').length
    const profile = await c.profile(tokens)
    // @ts-expect-error email is not in the profile type without an email scope
    void profile.email
    expect(profile).toMatchObject({ id: '2', name: 'public' })
    expect(gh.state.requests.filter((r) => r.path === '/api/user/emails').length).toBe(before)
    // The emulator refuses /user/emails to a token without user:email: a typed API error.
    const err = await rejection(c.api.listEmails(tokens))
    expect(err.code).toBe('API_ERROR')
    expect(err.status).toBe(404)
  })

  it('a GitHub App without the email permission still gets a profile, with the public email', async () => {
    gh.login.userId = '2'
    const c = client(gh, 'gh-app-no-email')
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    expect((await rejection(c.api.listEmails(tokens))).status).toBe(403)
    expect(await c.profile(tokens)).toMatchObject({
      id: '2',
      email: 'public@example.com',
      emailVerified: false,
    })
  })

  it('typed API operations: getAuthenticatedUser and listEmails (with query parameters)', async () => {
    gh.login.userId = '1'
    const c = client()
    const { session, cb } = await login(c, { scopes: ['user'] })
    const tokens = await c.callback(cb, session)
    const user = await c.api.getAuthenticatedUser(tokens)
    expect(user.login).toBe('octocat')
    expect(user.email).toBeNull()
    const emails = await c.api.listEmails(tokens.accessToken, { per_page: 50, page: 1 })
    expect(emails.map((e) => e.email)).toEqual(['old@example.com', 'octo@example.com'])
    const last = gh.state.requests.filter((r) => r.path === '/api/user/emails').at(-1)
    expect(last?.query).toMatchObject({ per_page: '50', page: '1' })
  })

  it("the User-Agent is required: node's default one is refused, the spec's is sent", async () => {
    gh.login.userId = '1'
    const c = client()
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    const noUa = client(gh, 'oauth-app', { headers: { 'User-Agent': 'node' } })
    const err = await rejection(noUa.api.getAuthenticatedUser(tokens))
    expect(err.code).toBe('API_ERROR')
    expect(err.status).toBe(403)
    const mine = client(gh, 'oauth-app', { headers: { 'User-Agent': 'my-app/1.0' } })
    expect((await mine.api.getAuthenticatedUser(tokens)).id).toBe(1)
  })

  it('a changed response shape is a clear error naming the field', async () => {
    gh.login.userId = '1'
    const c = client()
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    gh.users.get('1')!.login = 42 as unknown as string
    try {
      const err = await rejection(c.api.getAuthenticatedUser(tokens))
      expect(err.code).toBe('INVALID_RESPONSE')
      expect(err.claim).toBe('login')
      expect(err.message).toMatch(/getAuthenticatedUser.*"login"/)
    } finally {
      gh.users.get('1')!.login = 'octocat'
    }
  })

  it('a revoked token is refused by the API with a typed 401', async () => {
    const c = client()
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    await c.revoke(tokens)
    const err = await rejection(c.api.getAuthenticatedUser(tokens))
    expect(err.status).toBe(401)
    expect(err.message).toMatch(/Bad credentials/)
  })
})

describe('GitHub: revocation and GitHub App refresh', () => {
  it('revokes with DELETE /applications/{client_id}/token, Basic client auth and a JSON body', async () => {
    const c = client()
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    await c.revoke(tokens)
    const req = gh.state.requests.filter((r) => r.path === '/api/applications/oauth-app/token').at(-1)
    expect(req?.method).toBe('DELETE')
    expect(req?.headers['authorization']).toMatch(/^Basic /)
    expect(req?.headers['content-type']).toMatch(/application\/json/)
    expect(gh.state.tokens.get(tokens.accessToken)?.revoked).toBe(true)
    // Revoking again: GitHub answers 404 for a token it no longer knows.
    const err = await rejection(c.revoke(tokens))
    expect(err).toMatchObject({ code: 'API_ERROR', status: 404 })
    expect(err.message).toMatch(/revocation \(DELETE \/api\/applications\/oauth-app\/token\): Not Found/)
  })

  it('GitHub App user tokens expire and refresh; the old refresh token is single-use', async () => {
    gh.login.userId = '1'
    const c = client(gh, 'gh-app')
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    expect(tokens.accessToken).toMatch(/^ghu_/)
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(28790)
    const renewed = await c.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken)
    expect(renewed.fields.refresh_token_expires_in).toBe(15897600)
    expect((await c.api.getAuthenticatedUser(renewed)).login).toBe('octocat')
    const err = await rejection(c.refresh(tokens))
    expect(err.error).toBe('bad_refresh_token')
  })

  it('restore() rebuilds stored tokens that still work against the API', async () => {
    gh.login.userId = '1'
    const c = client(gh, 'gh-app')
    const { session, cb } = await login(c)
    const tokens = await c.callback(cb, session)
    const back = c.restore(JSON.stringify(tokens))
    expect(back.refreshToken).toBe(tokens.refreshToken)
    expect((await c.refresh(back)).accessToken).toMatch(/^ghu_/)
  })
})
