import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GITHUB_APP_REFRESH_TTL,
  GITHUB_APP_TOKEN_TTL,
  type GithubEmulator,
  startGithubEmulator,
} from './github.js'
import { GITHUB_USER_AGENT_REQUIRED } from './github-api.js'
import { basic, followAuthorize, formPost, pkcePair } from './lib/client.js'

const UA = { 'user-agent': 'authspec-tests' }
const CB = 'http://127.0.0.1:9999/callback'

let gh: GithubEmulator
beforeAll(async () => {
  gh = await startGithubEmulator({
    users: [
      {
        id: 583231,
        login: 'octocat',
        name: 'The Octocat',
        email: null,
        emails: [
          { email: 'octo@old.example', primary: false, verified: true, visibility: null },
          { email: 'octocat@github.example', primary: true, verified: true, visibility: 'private' },
        ],
      },
      { id: 2, login: 'hubot', name: null, email: 'hubot@example.com', emails: [] },
    ],
    clients: [
      { clientId: 'Iv1.classic', clientSecret: 's3cr3t', callbackUrls: [CB] },
      { clientId: 'Iv1.app', clientSecret: 'app-secret', callbackUrls: [CB], githubApp: true },
      {
        clientId: 'Iv1.noemail',
        clientSecret: 'x',
        callbackUrls: [CB],
        githubApp: true,
        emailPermission: false,
      },
    ],
  })
})
afterAll(() => gh.close())

function authorizeUrl(params: Record<string, string>): string {
  return `${gh.url}/login/oauth/authorize?${new URLSearchParams(params)}`
}

async function code(clientId = 'Iv1.classic', extra: Record<string, string> = {}): Promise<URL> {
  return followAuthorize(authorizeUrl({ client_id: clientId, redirect_uri: CB, state: 'st', ...extra }))
}

async function exchange(params: Record<string, string>, json = true): Promise<Response> {
  return formPost(`${gh.url}/login/oauth/access_token`, params, json ? { accept: 'application/json' } : {})
}

async function classicToken(scope = 'read:user user:email'): Promise<string> {
  const cb = await code('Iv1.classic', { scope })
  const res = await exchange({
    client_id: 'Iv1.classic',
    client_secret: 's3cr3t',
    code: cb.searchParams.get('code')!,
  })
  return ((await res.json()) as { access_token: string }).access_token
}

describe('github emulator: authorization', () => {
  it('redirects back with code, state and the real iss by default', async () => {
    const cb = await code()
    expect(cb.origin + cb.pathname).toBe(CB)
    expect(cb.searchParams.get('state')).toBe('st')
    expect(cb.searchParams.get('iss')).toBe('https://github.com/login/oauth')
    expect(cb.searchParams.get('code')).toMatch(/^[\w-]{10,}$/)
  })

  it.each([
    ['the emulator origin', (o: string) => `${o}/login/oauth`, (o: string) => `${o}/login/oauth`],
    ['no iss at all', null, () => null],
  ] as const)('iss is configurable: %s', async (_n, iss, want) => {
    const other = await startGithubEmulator({
      users: [{ id: 1, login: 'a', name: null, email: null, emails: [] }],
      clients: [{ clientId: 'c', clientSecret: 's', callbackUrls: [CB] }],
      iss,
    })
    try {
      const cb = await followAuthorize(`${other.url}/login/oauth/authorize?client_id=c&state=x`)
      expect(cb.searchParams.get('iss')).toBe(want(other.url))
      expect(other.iss).toBe(want(other.url))
    } finally {
      await other.close()
    }
  })

  it('redirect_uri outside the callback URL goes to the registered callback with redirect_uri_mismatch', async () => {
    const cb = await followAuthorize(
      authorizeUrl({ client_id: 'Iv1.classic', redirect_uri: 'https://evil.example/cb', state: 'q' }),
    )
    expect(cb.origin + cb.pathname).toBe(CB)
    expect(cb.searchParams.get('error')).toBe('redirect_uri_mismatch')
    expect(cb.searchParams.get('state')).toBe('q')
  })

  it('accepts a sub-path of the callback and any loopback port', async () => {
    const sub = await followAuthorize(
      authorizeUrl({ client_id: 'Iv1.classic', redirect_uri: `${CB}/deeper` }),
    )
    expect(sub.pathname).toBe('/callback/deeper')
    expect(sub.searchParams.get('code')).toBeTruthy()
    const port = await followAuthorize(
      authorizeUrl({ client_id: 'Iv1.classic', redirect_uri: 'http://127.0.0.1:1234/callback' }),
    )
    expect(port.port).toBe('1234')
    expect(port.searchParams.get('code')).toBeTruthy()
  })

  it('unknown client: 404 page, no redirect', async () => {
    const res = await fetch(authorizeUrl({ client_id: 'nope' }), { redirect: 'manual' })
    expect(res.status).toBe(404)
  })

  it('refuses PKCE plain', async () => {
    const cb = await code('Iv1.classic', { code_challenge: 'abc', code_challenge_method: 'plain' })
    expect(cb.searchParams.get('error')).toBe('invalid_request')
    expect(cb.searchParams.get('code')).toBeNull()
  })

  it('a denied login comes back as access_denied', async () => {
    gh.login.decision = 'deny'
    try {
      const cb = await code()
      expect(cb.searchParams.get('error')).toBe('access_denied')
    } finally {
      gh.login.decision = 'approve'
    }
  })
})

describe('github emulator: token endpoint', () => {
  it('answers form-encoded without Accept: application/json, scope comma-separated, no expiry', async () => {
    const cb = await code('Iv1.classic', { scope: 'read:user user:email not-a-scope' })
    const res = await exchange(
      { client_id: 'Iv1.classic', client_secret: 's3cr3t', code: cb.searchParams.get('code')! },
      false,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
    const body = new URLSearchParams(await res.text())
    expect(body.get('access_token')).toMatch(/^gho_/)
    expect(body.get('scope')).toBe('read:user,user:email')
    expect(body.get('token_type')).toBe('bearer')
    expect(body.has('expires_in')).toBe(false)
    expect(body.has('refresh_token')).toBe(false)
  })

  it('answers JSON with Accept: application/json; comma scopes in the request work too', async () => {
    const cb = await code('Iv1.classic', { scope: 'repo,gist' })
    const res = await exchange({
      client_id: 'Iv1.classic',
      client_secret: 's3cr3t',
      code: cb.searchParams.get('code')!,
    })
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toMatchObject({ scope: 'repo,gist', token_type: 'bearer' })
  })

  it('accepts client credentials by HTTP Basic as well as parameters', async () => {
    const cb = await code()
    const res = await formPost(
      `${gh.url}/login/oauth/access_token`,
      { code: cb.searchParams.get('code')! },
      { accept: 'application/json', authorization: basic('Iv1.classic', 's3cr3t') },
    )
    expect(((await res.json()) as Record<string, string>)['access_token']).toMatch(/^gho_/)
  })

  const errorCases: Array<[string, Record<string, string>, string]> = [
    ['wrong secret', { client_secret: 'wrong' }, 'incorrect_client_credentials'],
    ['unknown code', { code: 'nope' }, 'bad_verification_code'],
    ['other redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/other' }, 'redirect_uri_mismatch'],
  ]
  it.each(errorCases)('%s: HTTP 200 with error %s in both formats', async (_n, override, error) => {
    const cb = await code()
    const params = {
      client_id: 'Iv1.classic',
      client_secret: 's3cr3t',
      code: cb.searchParams.get('code')!,
      redirect_uri: CB,
      ...override,
    }
    const j = await exchange(params)
    expect(j.status).toBe(200)
    const jb = (await j.json()) as Record<string, string>
    expect(jb['error']).toBe(error)
    expect(jb['error_description']).toBeTruthy()
    expect(jb['error_uri']).toMatch(/^https:\/\/docs\.github\.com\//)
    const f = await exchange(params, false)
    expect(f.status).toBe(200)
    expect(new URLSearchParams(await f.text()).get('error')).toBe(error)
  })

  it('a code sent to the default callback is bound to it at the token endpoint', async () => {
    const cb = await followAuthorize(authorizeUrl({ client_id: 'Iv1.classic' }))
    expect(cb.origin + cb.pathname).toBe(CB)
    const base = { client_id: 'Iv1.classic', client_secret: 's3cr3t', code: cb.searchParams.get('code')! }
    const wrong = await exchange({ ...base, redirect_uri: `${CB}/sub` })
    expect(((await wrong.json()) as Record<string, string>)['error']).toBe('redirect_uri_mismatch')
    const ok = await exchange({ ...base, redirect_uri: CB })
    expect(((await ok.json()) as Record<string, string>)['access_token']).toMatch(/^gho_/)
  })

  it('a code works once', async () => {
    const cb = await code()
    const params = { client_id: 'Iv1.classic', client_secret: 's3cr3t', code: cb.searchParams.get('code')! }
    expect(((await (await exchange(params)).json()) as Record<string, string>)['access_token']).toBeTruthy()
    expect(((await (await exchange(params)).json()) as Record<string, string>)['error']).toBe(
      'bad_verification_code',
    )
  })

  it('codes expire after 10 minutes (injected clock)', async () => {
    const start = Date.now()
    gh.setNow(start)
    const cb = await code()
    gh.setNow(start + 10 * 60 * 1000 + 1)
    const res = await exchange({
      client_id: 'Iv1.classic',
      client_secret: 's3cr3t',
      code: cb.searchParams.get('code')!,
    })
    gh.clock.reset()
    expect(((await res.json()) as Record<string, string>)['error']).toBe('bad_verification_code')
  })

  it('checks code_verifier when a challenge was given', async () => {
    const { verifier, challenge } = pkcePair()
    const base = { client_id: 'Iv1.classic', client_secret: 's3cr3t' }
    const cb1 = await code('Iv1.classic', { code_challenge: challenge, code_challenge_method: 'S256' })
    const missing = await exchange({ ...base, code: cb1.searchParams.get('code')! })
    expect(((await missing.json()) as Record<string, string>)['error']).toBe('bad_verification_code')
    const cb2 = await code('Iv1.classic', { code_challenge: challenge, code_challenge_method: 'S256' })
    const wrong = await exchange({
      ...base,
      code: cb2.searchParams.get('code')!,
      code_verifier: pkcePair().verifier,
    })
    expect(((await wrong.json()) as Record<string, string>)['error']).toBe('bad_verification_code')
    const cb3 = await code('Iv1.classic', { code_challenge: challenge, code_challenge_method: 'S256' })
    const ok = await exchange({ ...base, code: cb3.searchParams.get('code')!, code_verifier: verifier })
    expect(((await ok.json()) as Record<string, string>)['access_token']).toMatch(/^gho_/)
  })

  it('GitHub App user tokens expire, carry a refresh token, and refresh rotates both', async () => {
    const cb = await code('Iv1.app', { scope: 'repo' })
    const res = await exchange({
      client_id: 'Iv1.app',
      client_secret: 'app-secret',
      code: cb.searchParams.get('code')!,
    })
    const t = (await res.json()) as Record<string, string | number>
    expect(t).toMatchObject({
      expires_in: GITHUB_APP_TOKEN_TTL,
      refresh_token_expires_in: GITHUB_APP_REFRESH_TTL,
      scope: '',
      token_type: 'bearer',
    })
    expect(t['expires_in']).toBe(28800)
    expect(t['refresh_token_expires_in']).toBe(15897600)
    expect(t['access_token']).toMatch(/^ghu_/)
    expect(t['refresh_token']).toMatch(/^ghr_/)
    const r = await exchange({
      client_id: 'Iv1.app',
      client_secret: 'app-secret',
      grant_type: 'refresh_token',
      refresh_token: String(t['refresh_token']),
    })
    const t2 = (await r.json()) as Record<string, string | number>
    expect(t2['access_token']).toMatch(/^ghu_/)
    expect(t2['refresh_token']).not.toBe(t['refresh_token'])
    expect(gh.state.revoked).toEqual(expect.arrayContaining([t['access_token'], t['refresh_token']]))
    const again = await exchange({
      client_id: 'Iv1.app',
      client_secret: 'app-secret',
      grant_type: 'refresh_token',
      refresh_token: String(t['refresh_token']),
    })
    expect(((await again.json()) as Record<string, string>)['error']).toBe('bad_refresh_token')
    const old = await fetch(`${gh.apiUrl}/user`, {
      headers: { ...UA, authorization: `Bearer ${t['access_token']}` },
    })
    expect(old.status).toBe(401)
  })

  it('classic OAuth app tokens cannot be refreshed', async () => {
    const res = await exchange({
      client_id: 'Iv1.classic',
      client_secret: 's3cr3t',
      grant_type: 'refresh_token',
      refresh_token: 'ghr_x',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Record<string, string>)['error']).toBe('bad_refresh_token')
  })
})

describe('github emulator: REST API', () => {
  it.each([
    ['no User-Agent', { 'user-agent': '' }],
    ["Node fetch's own User-Agent", {}],
  ])('%s: 403 with the documented body on every path', async (_n, headers) => {
    for (const path of ['/user', '/user/emails', '/nonexistent']) {
      const res = await fetch(`${gh.apiUrl}${path}`, { headers })
      expect(res.status).toBe(403)
      expect(await res.text()).toBe(GITHUB_USER_AGENT_REQUIRED)
    }
  })

  it('GET /user with Bearer or token; email may be null', async () => {
    const token = await classicToken()
    for (const scheme of ['Bearer', 'token']) {
      const res = await fetch(`${gh.apiUrl}/user`, {
        headers: { ...UA, authorization: `${scheme} ${token}` },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-oauth-scopes')).toBe('read:user, user:email')
      expect(await res.json()).toMatchObject({
        id: 583231,
        login: 'octocat',
        name: 'The Octocat',
        email: null,
      })
    }
  })

  it.each([
    ['missing', undefined, 'Requires authentication'],
    ['unknown', 'Bearer gho_nope', 'Bad credentials'],
  ])('401 for a %s token', async (_n, authorization, message) => {
    const res = await fetch(`${gh.apiUrl}/user`, {
      headers: { ...UA, ...(authorization ? { authorization } : {}) },
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ message, status: '401' })
  })

  it('GET /user/emails lists {email, primary, verified, visibility} with user:email', async () => {
    const res = await fetch(`${gh.apiUrl}/user/emails`, {
      headers: { ...UA, authorization: `Bearer ${await classicToken()}` },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(gh.users.get('583231')!.emails)
  })

  it('GET /user/emails without user:email is 404', async () => {
    const res = await fetch(`${gh.apiUrl}/user/emails`, {
      headers: { ...UA, authorization: `Bearer ${await classicToken('read:user')}` },
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-accepted-oauth-scopes')).toBe('user, user:email')
    expect(res.headers.get('x-oauth-scopes')).toBe('read:user')
    expect(await res.json()).toMatchObject({ message: 'Not Found' })
  })

  it('GitHub App without the email permission: 403', async () => {
    const cb = await code('Iv1.noemail')
    const t = (await (
      await exchange({ client_id: 'Iv1.noemail', client_secret: 'x', code: cb.searchParams.get('code')! })
    ).json()) as Record<string, string>
    const res = await fetch(`${gh.apiUrl}/user/emails`, {
      headers: { ...UA, authorization: `Bearer ${t['access_token']}` },
    })
    expect(res.status).toBe(403)
  })

  it('GitHub App tokens stop working after 8 hours (injected clock)', async () => {
    const start = Date.now()
    gh.setNow(start)
    const cb = await code('Iv1.app')
    const t = (await (
      await exchange({
        client_id: 'Iv1.app',
        client_secret: 'app-secret',
        code: cb.searchParams.get('code')!,
      })
    ).json()) as Record<string, string>
    const call = () =>
      fetch(`${gh.apiUrl}/user`, { headers: { ...UA, authorization: `Bearer ${t['access_token']}` } })
    expect((await call()).status).toBe(200)
    gh.setNow(start + GITHUB_APP_TOKEN_TTL * 1000)
    expect((await call()).status).toBe(401)
    gh.clock.reset()
  })
})

describe('github emulator: DELETE /applications/{client_id}/token', () => {
  const del = (clientId: string, body: unknown, auth = basic('Iv1.classic', 's3cr3t')) =>
    fetch(`${gh.apiUrl}/applications/${clientId}/token`, {
      method: 'DELETE',
      headers: { ...UA, authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('204, then the token is dead and a second delete is 404', async () => {
    const token = await classicToken()
    expect((await del('Iv1.classic', { access_token: token })).status).toBe(204)
    expect(gh.state.revoked).toContain(token)
    const res = await fetch(`${gh.apiUrl}/user`, { headers: { ...UA, authorization: `Bearer ${token}` } })
    expect(res.status).toBe(401)
    expect((await del('Iv1.classic', { access_token: token })).status).toBe(404)
  })

  it.each([
    ['unknown token', 'Iv1.classic', { access_token: 'gho_unknown' }, undefined, 404],
    ['no access_token', 'Iv1.classic', {}, undefined, 422],
    ['wrong client secret', 'Iv1.classic', { access_token: 'x' }, basic('Iv1.classic', 'bad'), 401],
    ['client id in path differs', 'Iv1.app', { access_token: 'x' }, undefined, 404],
  ])('%s -> %i', async (_n, clientId, body, auth, status) => {
    const res = await del(clientId, body, auth)
    expect(res.status).toBe(status)
  })

  it('a token of another app is 404 and stays alive', async () => {
    const token = await classicToken()
    const res = await del('Iv1.app', { access_token: token }, basic('Iv1.app', 'app-secret'))
    expect(res.status).toBe(404)
    expect(gh.state.tokens.get(token)!.revoked).toBe(false)
  })

  it('logs every request', () => {
    expect(
      gh.state.requests.some(
        (r) => r.method === 'DELETE' && r.headers['authorization']?.startsWith('Basic '),
      ),
    ).toBe(true)
  })
})
