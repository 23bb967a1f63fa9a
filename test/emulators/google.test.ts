import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GoogleEmulator, startGoogleEmulator } from './google.js'
import { basic, followAuthorize, formPost, pkcePair } from './lib/client.js'

const CB = 'http://127.0.0.1:9999/google/callback'
const EMAIL = 'https://www.googleapis.com/auth/userinfo.email'
const PROFILE = 'https://www.googleapis.com/auth/userinfo.profile'

let g: GoogleEmulator
beforeAll(async () => {
  g = await startGoogleEmulator({
    users: [
      {
        sub: '1100001',
        email: 'ada@corp.example',
        email_verified: true,
        name: 'Ada L',
        given_name: 'Ada',
        family_name: 'L',
        picture: 'https://lh3.example/a.png',
        hd: 'corp.example',
      },
      {
        sub: '1100002',
        email: 'bob@gmail.com',
        email_verified: false,
        name: 'Bob',
        given_name: 'Bob',
        family_name: 'B',
        picture: 'https://lh3.example/b.png',
      },
    ],
    clients: [
      { clientId: 'web.apps.googleusercontent.com', clientSecret: 'GOCSPX-1', redirectUris: [CB] },
      {
        clientId: 'testing.apps.googleusercontent.com',
        clientSecret: 'GOCSPX-2',
        redirectUris: [CB],
        refreshTokenExpiresIn: 604800,
      },
    ],
  })
})
afterAll(() => g.close())

type Json = Record<string, unknown>

async function authorize(
  params: Record<string, string>,
  clientId = 'web.apps.googleusercontent.com',
): Promise<URL> {
  const q = new URLSearchParams({
    client_id: clientId,
    redirect_uri: CB,
    response_type: 'code',
    scope: 'openid email profile',
    state: 's1',
    ...params,
  })
  return followAuthorize(`${g.url}/o/oauth2/v2/auth?${q}`)
}

function exchange(
  code: string,
  extra: Record<string, string> = {},
  clientId = 'web.apps.googleusercontent.com',
  secret = 'GOCSPX-1',
): Promise<Response> {
  return formPost(`${g.url}/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CB,
    client_id: clientId,
    client_secret: secret,
    ...extra,
  })
}

async function tokens(
  params: Record<string, string> = {},
  clientId?: string,
  secret?: string,
): Promise<Json> {
  const cb = await authorize(params, clientId)
  const res = await exchange(cb.searchParams.get('code')!, {}, clientId, secret)
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

describe('google emulator: discovery and ID token', () => {
  it('serves discovery with issuer = origin by default', async () => {
    const d = (await (await fetch(`${g.url}/.well-known/openid-configuration`)).json()) as Json
    expect(d).toMatchObject({
      issuer: g.url,
      token_endpoint: `${g.url}/token`,
      revocation_endpoint: `${g.url}/revoke`,
      jwks_uri: `${g.url}/oauth2/v3/certs`,
    })
  })

  it('issuer is configurable', async () => {
    const other = await startGoogleEmulator({ issuer: 'https://accounts.google.com' })
    try {
      const d = (await (await fetch(`${other.url}/.well-known/openid-configuration`)).json()) as Json
      expect(d['issuer']).toBe('https://accounts.google.com')
    } finally {
      await other.close()
    }
  })

  it('code flow gives an RS256 ID token verifiable with the served JWKS; nonce and hd present', async () => {
    g.login.userId = '1100001'
    const t = await tokens({ nonce: 'n-123', hd: 'corp.example' })
    expect(t).toMatchObject({ expires_in: 3599, token_type: 'Bearer' })
    expect(String(t['scope']).split(' ').sort()).toEqual([EMAIL, PROFILE, 'openid'].sort())
    expect(t['refresh_token']).toBeUndefined()
    const jwks = createRemoteJWKSet(new URL(`${g.url}/oauth2/v3/certs`))
    const { payload, protectedHeader } = await jwtVerify(String(t['id_token']), jwks, {
      issuer: g.url,
      audience: 'web.apps.googleusercontent.com',
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      sub: '1100001',
      email: 'ada@corp.example',
      email_verified: true,
      nonce: 'n-123',
      hd: 'corp.example',
      azp: 'web.apps.googleusercontent.com',
    })
    expect(payload['at_hash']).toEqual(expect.any(String))
  })

  it('a consumer account has no hd claim even if hd was requested', async () => {
    g.login.userId = '1100002'
    const t = await tokens({ hd: 'corp.example' })
    const { payload } = await jwtVerify(
      String(t['id_token']),
      createRemoteJWKSet(new URL(`${g.url}/oauth2/v3/certs`)),
    )
    expect(payload['hd']).toBeUndefined()
    expect(payload['email_verified']).toBe(false)
    g.login.userId = '1100001'
  })
})

describe('google emulator: refresh tokens', () => {
  it('access_type=offline gives a refresh token on first consent, not again, and again with prompt=consent', async () => {
    const fresh = await startGoogleEmulator({
      users: [...g.users.values()],
      clients: [...g.clients.values()],
    })
    const run = async (params: Record<string, string>) => {
      const q = new URLSearchParams({
        client_id: 'web.apps.googleusercontent.com',
        redirect_uri: CB,
        response_type: 'code',
        scope: 'openid email',
        ...params,
      })
      const cb = await followAuthorize(`${fresh.url}/o/oauth2/v2/auth?${q}`)
      const res = await formPost(
        `${fresh.url}/token`,
        { grant_type: 'authorization_code', code: cb.searchParams.get('code')!, redirect_uri: CB },
        { authorization: basic('web.apps.googleusercontent.com', 'GOCSPX-1') },
      )
      return (await res.json()) as Json
    }
    try {
      expect((await run({ access_type: 'offline' }))['refresh_token']).toMatch(/^1\/\//)
      // Consent was given above, so offline without prompt=consent gets none.
      expect((await run({ access_type: 'offline' }))['refresh_token']).toBeUndefined()
      expect((await run({ access_type: 'online', prompt: 'consent' }))['refresh_token']).toBeUndefined()
      const withConsent = await run({ access_type: 'offline', prompt: 'consent' })
      expect(withConsent['refresh_token']).toMatch(/^1\/\//)
      expect(withConsent['refresh_token_expires_in']).toBeUndefined()
    } finally {
      await fresh.close()
    }
  })

  it('first consent with access_type=offline gives one; refresh keeps it and returns a new id_token', async () => {
    const t = await tokens({ access_type: 'offline', prompt: 'consent' })
    const rt = String(t['refresh_token'])
    const res = await formPost(`${g.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: rt,
      client_id: 'web.apps.googleusercontent.com',
      client_secret: 'GOCSPX-1',
    })
    const r = (await res.json()) as Json
    expect(r['access_token']).toMatch(/^ya29\./)
    expect(r['refresh_token']).toBeUndefined()
    expect(r['id_token']).toEqual(expect.any(String))
  })

  it('testing-mode apps: refresh_token_expires_in, then invalid_grant after it (injected clock)', async () => {
    const start = Date.now()
    g.setNow(start)
    const t = await tokens(
      { access_type: 'offline', prompt: 'consent' },
      'testing.apps.googleusercontent.com',
      'GOCSPX-2',
    )
    expect(t['refresh_token_expires_in']).toBe(604800)
    g.setNow(start + 604800 * 1000)
    const res = await formPost(`${g.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: String(t['refresh_token']),
      client_id: 'testing.apps.googleusercontent.com',
      client_secret: 'GOCSPX-2',
    })
    g.clock.reset()
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    })
  })
})

describe('google emulator: errors', () => {
  it.each([
    ['unknown code', { code: '4/nope' }, 400, 'invalid_grant'],
    ['other redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/else' }, 400, 'redirect_uri_mismatch'],
    ['wrong secret', { client_secret: 'bad' }, 401, 'invalid_client'],
    ['unknown client', { client_id: 'x' }, 401, 'invalid_client'],
    ['other grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
  ])('token endpoint: %s -> %i %s', async (_n, override, status, error) => {
    const cb = await authorize({})
    const res = await exchange(cb.searchParams.get('code')!, override)
    expect(res.status).toBe(status)
    expect(((await res.json()) as Json)['error']).toBe(error)
  })

  it('a replayed code is invalid_grant and revokes what it issued', async () => {
    const cb = await authorize({})
    const code = cb.searchParams.get('code')!
    const first = (await (await exchange(code)).json()) as Json
    const again = await exchange(code)
    expect(again.status).toBe(400)
    expect(g.state.revoked).toContain(first['access_token'])
  })

  it('PKCE: missing and wrong verifiers are invalid_grant; right one works', async () => {
    const { verifier, challenge } = pkcePair()
    const p = { code_challenge: challenge, code_challenge_method: 'S256' }
    const r1 = await exchange((await authorize(p)).searchParams.get('code')!)
    expect(await r1.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Missing code verifier.',
    })
    const r2 = await exchange((await authorize(p)).searchParams.get('code')!, {
      code_verifier: pkcePair().verifier,
    })
    expect(await r2.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    })
    const r3 = await exchange((await authorize(p)).searchParams.get('code')!, { code_verifier: verifier })
    expect(r3.status).toBe(200)
  })

  it.each([
    ['unknown client', { client_id: 'nope' }, 401],
    ['unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 400],
    ['no scope', { scope: '' }, 400],
  ])('authorization: %s shows an error page (%i), no redirect', async (_n, override, status) => {
    const q = new URLSearchParams({
      client_id: 'web.apps.googleusercontent.com',
      redirect_uri: CB,
      response_type: 'code',
      scope: 'openid',
      ...override,
    })
    const res = await fetch(`${g.url}/o/oauth2/v2/auth?${q}`, { redirect: 'manual' })
    expect(res.status).toBe(status)
    expect(res.headers.get('location')).toBeNull()
  })

  it('denied login redirects with access_denied and state', async () => {
    g.login.decision = 'deny'
    const cb = await authorize({})
    g.login.decision = 'approve'
    expect(cb.searchParams.get('error')).toBe('access_denied')
    expect(cb.searchParams.get('state')).toBe('s1')
  })
})

describe('google emulator: userinfo and revocation', () => {
  it('userinfo returns the claims of the granted scopes', async () => {
    const full = await tokens({})
    const res = await fetch(`${g.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${full['access_token']}` },
    })
    expect(await res.json()).toEqual({
      sub: '1100001',
      name: 'Ada L',
      given_name: 'Ada',
      family_name: 'L',
      picture: 'https://lh3.example/a.png',
      email: 'ada@corp.example',
      email_verified: true,
      hd: 'corp.example',
    })
    const narrow = await tokens({ scope: 'openid' })
    const r2 = await fetch(`${g.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${narrow['access_token']}` },
    })
    expect(await r2.json()).toEqual({ sub: '1100001', hd: 'corp.example' })
  })

  it('userinfo without a valid token: 401 with WWW-Authenticate', async () => {
    const res = await fetch(`${g.url}/v1/userinfo`, { headers: { authorization: 'Bearer ya29.bad' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
  })

  it('revoke: 200, then the whole grant is gone; unknown or repeated -> 400 invalid_token', async () => {
    const t = await tokens({ access_type: 'offline', prompt: 'consent' })
    const ok = await formPost(`${g.url}/revoke`, { token: String(t['access_token']) })
    expect(ok.status).toBe(200)
    expect(g.state.revoked).toEqual(expect.arrayContaining([t['access_token'], t['refresh_token']]))
    const again = await formPost(`${g.url}/revoke`, { token: String(t['access_token']) })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ error: 'invalid_token' })
    const unknown = await formPost(`${g.url}/revoke`, { token: 'nope' })
    expect(unknown.status).toBe(400)
    const ui = await fetch(`${g.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${t['access_token']}` },
    })
    expect(ui.status).toBe(401)
  })
})
