import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { vk } from '../../generated/providers/vk.js'
import { vkLegacy } from '../../generated/providers/vk-legacy.js'
import { OAuthError } from '../../runtime/errors.js'

/**
 * The generated clients against a small local server that answers the way each provider's
 * documentation says (the full emulators live in test/emulators/). Each test sets the handler.
 */
interface Seen {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: string
}
type Handler = (req: Seen, res: ServerResponse) => void

let server: Server
let base: string
let handler: Handler
let seen: Seen[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base)
      const s: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      }
      seen.push(s)
      handler(s, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  seen = []
})

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

const overrides = () => ({
  authorization: `${base}/authorize`,
  token: `${base}/token`,
  revocation: `${base}/applications/{client_id}/token`,
  api: base,
})

function githubClient() {
  return github({
    clientId: 'app id',
    clientSecret: 's:e%cret',
    redirectUri: 'http://127.0.0.1/cb',
    endpointOverrides: overrides(),
  })
}

async function githubLogin(scopes: ('read:user' | 'user:email')[] = ['read:user', 'user:email']) {
  const gh = githubClient()
  const { url, session } = await gh.authorizationUrl({ scopes })
  const cb = new URL('http://127.0.0.1/cb')
  cb.searchParams.set('code', 'the-code')
  cb.searchParams.set('state', url.searchParams.get('state')!)
  cb.searchParams.set('iss', 'https://github.com/login/oauth')
  return { gh, cb, session, url }
}

describe('GitHub client', () => {
  it('logs in: PKCE S256, iss accepted, client_secret_post, comma scopes, typed extra fields', async () => {
    handler = (_req, res) =>
      send(res, 200, {
        access_token: 'gho_1',
        token_type: 'bearer',
        scope: 'read:user,user:email',
        expires_in: 28800,
        refresh_token: 'ghr_1',
        refresh_token_expires_in: 15897600,
      })
    const { gh, cb, session, url } = await githubLogin()
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const tokens = await gh.callback(cb, session)
    const form = new URLSearchParams(seen[0]!.body)
    expect(seen[0]!.headers.accept).toBe('application/json')
    expect(form.get('client_secret')).toBe('s:e%cret')
    expect(form.get('code_verifier')).toBe(session.transaction.codeVerifier)
    expect(tokens.scopes).toEqual(['read:user', 'user:email'])
    expect(tokens.fields.refresh_token_expires_in).toBe(15897600)
  })

  it('tokens survive JSON storage: restore rebuilds them, fields and scopes included', async () => {
    handler = (_req, res) =>
      send(res, 200, {
        access_token: 'gho_s',
        token_type: 'bearer',
        scope: 'read:user',
        expires_in: 60,
        refresh_token: 'r',
        refresh_token_expires_in: 5,
      })
    const { gh, cb, session } = await githubLogin(['read:user'])
    const tokens = await gh.callback(cb, session)
    const back = gh.restore(JSON.stringify(tokens), { scopes: ['read:user'] })
    expect(back.accessToken).toBe('gho_s')
    expect(back.expiresAt).toBe(tokens.expiresAt)
    expect(back.fields).toEqual({ refresh_token_expires_in: 5 })
    expect(back.scopes).toEqual(['read:user'])
    expect(() =>
      gh.restore(JSON.stringify({ ...JSON.parse(JSON.stringify(tokens)), provider: 'vk' })),
    ).toThrow('holds tokens of "vk"')
  })

  it('accepts a form-encoded token response and converts its numbers', async () => {
    handler = (_req, res) =>
      send(
        res,
        200,
        'access_token=gho_2&scope=read%3Auser&token_type=bearer&refresh_token_expires_in=100',
        'application/x-www-form-urlencoded',
      )
    const { gh, cb, session } = await githubLogin()
    const tokens = await gh.callback(cb, session)
    expect(tokens.accessToken).toBe('gho_2')
    expect(tokens.fields.refresh_token_expires_in).toBe(100)
  })

  it('an error sent with HTTP 200 is an OAuthError', async () => {
    handler = (_req, res) =>
      send(res, 200, {
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      })
    const { gh, cb, session } = await githubLogin()
    const err = await gh.callback(cb, session).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthError)
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'bad_verification_code', status: 200 })
  })

  it('a callback with another iss is refused', async () => {
    handler = (_req, res) => send(res, 500, {})
    const { gh, cb, session } = await githubLogin()
    cb.searchParams.set('iss', 'https://evil.example')
    await expect(gh.callback(cb, session)).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' })
    expect(seen).toHaveLength(0)
  })

  it('revokes with DELETE /applications/{client_id}/token, Basic auth and a JSON body', async () => {
    handler = (_req, res) => {
      res.writeHead(204)
      res.end()
    }
    await githubClient().revoke('gho_9')
    const req = seen[0]!
    expect(req.method).toBe('DELETE')
    expect(req.path).toBe('/applications/app%20id/token')
    expect(req.headers.authorization).toBe(`Basic ${btoa('app+id:s%3Ae%25cret')}`)
    expect(JSON.parse(req.body)).toEqual({ access_token: 'gho_9' })
  })

  it('profile: User-Agent sent, email from /user/emails (primary and verified) when /user has none', async () => {
    const tokens = { ...(await fakeTokens()), scopes: ['read:user', 'user:email'] }
    seen = []
    handler = (req, res) => {
      if (req.path === '/user') {
        return send(res, 200, {
          id: 7,
          login: 'octo',
          name: null,
          email: null,
          avatar_url: 'https://a/7',
          html_url: 'h',
        })
      }
      send(res, 200, [
        { email: 'old@example.com', primary: false, verified: true, visibility: null },
        { email: 'octo@example.com', primary: true, verified: true, visibility: 'private' },
      ])
    }
    const gh = githubClient()
    const profile = await gh.profile(tokens)
    expect(seen.map((s) => s.path)).toEqual(['/user', '/user/emails'])
    expect(seen[0]!.headers['user-agent']).toBe('authspec')
    expect(seen[0]!.headers.authorization).toBe('Bearer gho_t')
    expect(profile).toMatchObject({ id: '7', name: 'octo', email: 'octo@example.com', emailVerified: true })
  })

  it('an API response of another shape fails naming the field', async () => {
    handler = (_req, res) =>
      send(res, 200, { id: 'seven', login: 'octo', name: null, email: null, avatar_url: 'a', html_url: 'h' })
    const err = await githubClient()
      .api.getAuthenticatedUser('gho_t')
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'id' })
    expect((err as Error).message).toContain('getAuthenticatedUser (GET /user): response field "id"')
  })
})

async function fakeTokens() {
  handler = (_req, res) => send(res, 200, { access_token: 'gho_t', token_type: 'bearer', scope: 'read:user' })
  const { gh, cb, session } = await githubLogin(['read:user'])
  return gh.callback(cb, session)
}

describe('VK ID client', () => {
  it('requires PKCE, echoes device_id and state to the token request, and device_id to refresh', async () => {
    const client = vk({
      clientId: '5123',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { authorization: `${base}/authorize`, token: `${base}/oauth2/auth`, api: base },
    })
    handler = (_req, res) =>
      send(res, 200, {
        access_token: 'vk1',
        refresh_token: 'vkr1',
        token_type: 'Bearer',
        expires_in: 3600,
        user_id: 1234,
        scope: 'vkid.personal_info email',
      })
    const { url, session } = await client.authorizationUrl()
    expect(url.searchParams.get('code_challenge')).toBeTruthy()
    const cb = new URL(
      `http://127.0.0.1/cb?code=c1&device_id=dev-42&type=code_v2&state=${url.searchParams.get('state')}`,
    )
    const tokens = await client.callback(cb, session)
    const exchange = new URLSearchParams(seen[0]!.body)
    expect(exchange.get('device_id')).toBe('dev-42')
    expect(exchange.get('state')).toBe(url.searchParams.get('state'))
    expect(exchange.get('client_id')).toBe('5123')
    expect(tokens.fields.user_id).toBe(1234)

    await client.refresh(tokens)
    const refresh = new URLSearchParams(seen[1]!.body)
    expect(refresh.get('grant_type')).toBe('refresh_token')
    expect(refresh.get('device_id')).toBe('dev-42')
    expect(refresh.get('refresh_token')).toBe('vkr1')
  })

  it('userinfo is a form POST with client_id and access_token', async () => {
    const client = vk({
      clientId: '5123',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { api: base },
    })
    handler = (_req, res) =>
      send(res, 200, { user: { user_id: '99', first_name: 'Ivan', last_name: 'P', email: 'i@vk.example' } })
    const me = await client.api.getUserInfo('vk1')
    const form = new URLSearchParams(seen[0]!.body)
    expect(seen[0]!.method).toBe('POST')
    expect(form.get('client_id')).toBe('5123')
    expect(form.get('access_token')).toBe('vk1')
    expect(me.user.first_name).toBe('Ivan')
  })
})

describe('VK legacy client', () => {
  const client = () =>
    vkLegacy({
      clientId: '51',
      clientSecret: 'sec',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { authorization: `${base}/authorize`, token: `${base}/access_token`, api: base },
    })

  it('comma scopes, no PKCE, token without token_type, user_id and email typed', async () => {
    handler = (_req, res) =>
      send(res, 200, { access_token: 'vkl', expires_in: 86400, user_id: 66, email: 'a@b.c' })
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['email', 'friends'] })
    expect(url.searchParams.get('scope')).toBe('email,friends')
    expect(url.searchParams.has('code_challenge')).toBe(false)
    const tokens = await c.callback(
      `http://127.0.0.1/cb?code=x&state=${url.searchParams.get('state')}`,
      session,
    )
    expect(tokens.tokenSet.tokenType).toBe('bearer')
    expect(tokens.fields).toEqual({ email: 'a@b.c', user_id: 66 })
  })

  it('API calls carry v and access_token; {"response": …} is unwrapped; {"error": …} with 200 is API_ERROR', async () => {
    handler = (req, res) =>
      req.query.get('user_ids') === 'bad'
        ? send(res, 200, { error: { error_code: 113, error_msg: 'Invalid user id' } })
        : send(res, 200, { response: [{ id: 1, first_name: 'Pavel', last_name: 'D' }] })
    const users = await client().api.usersGet('vkl', { fields: 'photo_200' })
    expect(users[0]?.first_name).toBe('Pavel')
    expect(seen[0]!.query.get('v')).toBe('5.131')
    expect(seen[0]!.query.get('access_token')).toBe('vkl')
    const err = await client()
      .api.usersGet('vkl', { user_ids: 'bad' })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'API_ERROR', error: '113', status: 200 })
    expect((err as Error).message).toContain('Invalid user id')
  })
})
