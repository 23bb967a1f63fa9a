import { randomBytes } from 'node:crypto'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Auth, AuthorizeRedirectOptions, CreateAuthOptions } from '../../runtime/auth/index.js'
import { createAuth, restoreTokens, sanitizeReturnTo, serializeTokens } from '../../runtime/auth/index.js'
import { ArgumentError } from '../../runtime/errors.js'
import { rejection } from '../helpers/rejection.js'
import {
  APP,
  acmeSpec,
  cookieHeader,
  parseSetCookie,
  SECRET,
  startTokenServer,
  type TokenServer,
} from './support.js'

let server: TokenServer
beforeAll(async () => {
  server = await startTokenServer()
})
afterAll(() => server.close())

function makeAuth(options: Partial<CreateAuthOptions> = {}, names: readonly string[] = ['acme']): Auth {
  const auth = createAuth({ secret: SECRET, ...options })
  for (const name of names) {
    auth.register(name, acmeSpec(server.base), {
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUri: `${APP}/callback`,
    })
  }
  return auth
}

interface Started {
  setCookies: string[]
  authorize: URL
  state: string
  /** The callback request a browser holding `cookies` would make. */
  callback(cookies?: string, extra?: Record<string, string>): Request
}

async function begin(
  auth: Auth,
  options: AuthorizeRedirectOptions & { name?: string; url?: string; cookie?: string } = {},
): Promise<Started> {
  const { name = 'acme', url = `${APP}/login`, cookie, ...rest } = options
  const res = await auth.authorizeRedirect(
    new Request(url, cookie ? { headers: { cookie } } : {}),
    name,
    rest,
  )
  expect(res.status).toBe(302)
  const authorize = new URL(res.headers.get('location')!)
  const state = authorize.searchParams.get('state')!
  const code = randomBytes(12).toString('base64url')
  server.challenges.set(code, authorize.searchParams.get('code_challenge')!)
  const setCookies = res.headers.getSetCookie()
  const origin = new URL(url).origin
  return {
    setCookies,
    authorize,
    state,
    callback: (cookies = cookieHeader(setCookies), extra = {}) => {
      const q = new URLSearchParams({ code, state, ...extra })
      return new Request(`${origin}/callback?${q}`, { headers: cookies ? { cookie: cookies } : {} })
    },
  }
}

describe('createAuth', () => {
  it.each([
    ['31-byte string', 'x'.repeat(31)],
    ['empty string', ''],
    ['31-byte array', new Uint8Array(31)],
    ['number', 42],
    ['undefined', undefined],
  ])('refuses a secret that is a %s', (_, secret) => {
    expect(() => createAuth({ secret: secret as string })).toThrow(ArgumentError)
    expect(() => createAuth({ secret: secret as string })).toThrow(/"secret"/)
  })

  it('accepts 32 bytes', () => {
    expect(createAuth({ secret: new Uint8Array(32) }).providers).toEqual([])
  })

  it.each([
    ['cookiePrefix', { cookiePrefix: 'a b' }],
    ['cookiePrefix', { cookiePrefix: '__Host-x' }],
    ['transactionTtl', { transactionTtl: 0 }],
    ['transactionTtl', { transactionTtl: 86_400 }],
    ['secureCookies', { secureCookies: 'yes' as unknown as boolean }],
  ])('refuses a bad %s', (name, extra) => {
    expect(() => createAuth({ secret: SECRET, ...extra })).toThrow(new RegExp(`"${name}"`))
  })

  it('refuses duplicate and malformed names, unknown sources and unknown providers', async () => {
    const auth = makeAuth()
    expect(() => auth.register('acme', acmeSpec(server.base), { clientId: 'c' })).toThrow(
      /already registered/,
    )
    expect(() => auth.register('a b', acmeSpec(server.base), { clientId: 'c' })).toThrow(/"name"/)
    expect(() => auth.register('x', { nope: true } as never, { clientId: 'c' })).toThrow(/"source"/)
    await expect(auth.authorizeRedirect(new Request(`${APP}/login`), 'nobody')).rejects.toThrow(/"nobody"/)
    await expect(auth.authorizeRedirect('/login' as never, 'acme')).rejects.toThrow(/"request"/)
  })

  it('needs a redirect URI, from register or per request', async () => {
    const auth = createAuth({ secret: SECRET }).register('acme', acmeSpec(server.base), { clientId: 'c' })
    await expect(auth.authorizeRedirect(new Request(`${APP}/login`), 'acme')).rejects.toThrow(/"redirectUri"/)
    const { authorize } = await begin(auth, { redirectUri: `${APP}/cb2` })
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${APP}/cb2`)
  })
})

describe('authorizeRedirect', () => {
  it('redirects with state and PKCE S256 and seals everything in the cookie', async () => {
    const auth = makeAuth()
    const res = await auth.authorizeRedirect(new Request(`${APP}/login`), 'acme', {
      scopes: ['read', 'write'],
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const url = new URL(res.headers.get('location')!)
    expect(url.origin + url.pathname).toBe(`${server.base}/authorize`)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('scope')).toBe('read write')
    const [cookie] = res.headers.getSetCookie()
    const { value } = parseSetCookie(cookie!)
    expect(value.split('.')).toHaveLength(5)
    expect(decodeProtectedHeader(value)).toEqual({ alg: 'dir', enc: 'A256GCM' })
    expect(value).not.toContain(url.searchParams.get('state'))
  })

  it.each([
    ['http loopback', 'http://127.0.0.1:3000/login', 'auto', false],
    ['http localhost', 'http://localhost:3000/login', 'auto', false],
    ['http ::1', 'http://[::1]:3000/login', 'auto', false],
    ['https', 'https://app.example/login', 'auto', true],
    ['http elsewhere', 'http://app.example/login', 'auto', true],
    ['forced off', 'https://app.example/login', false, false],
    ['forced on', 'http://127.0.0.1/login', true, true],
  ] as const)('sets the cookie attributes (%s)', async (_, url, secureCookies, secure) => {
    const auth = makeAuth({ secureCookies, transactionTtl: 120, cookiePrefix: 'app' })
    const { setCookies } = await begin(auth, { url })
    expect(setCookies).toHaveLength(1)
    const c = parseSetCookie(setCookies[0]!)
    expect(c.name).toMatch(secure ? /^__Host-app-tx-[\w-]{16}$/ : /^app-tx-[\w-]{16}$/)
    expect(c.attrs.has('httponly')).toBe(true)
    expect(c.attrs.get('samesite')).toBe('Lax')
    expect(c.attrs.get('path')).toBe('/')
    expect(c.attrs.get('max-age')).toBe('120')
    expect(c.attrs.has('secure')).toBe(secure)
    expect(c.attrs.has('domain')).toBe(false)
  })

  it('defaults to a 10-minute transaction', async () => {
    const { setCookies } = await begin(makeAuth())
    expect(parseSetCookie(setCookies[0]!).attrs.get('max-age')).toBe('600')
  })

  it('keeps at most five parallel transactions, dropping the oldest', async () => {
    let now = 1_700_000_000_000
    const auth = makeAuth({ now: () => now })
    const jar = new Map<string, string>()
    const names: string[] = []
    for (let i = 0; i < 6; i++) {
      now += 1000
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
      const { setCookies } = await begin(auth, cookie ? { cookie } : {})
      for (const sc of setCookies) {
        const c = parseSetCookie(sc)
        if (c.attrs.get('max-age') === '0') jar.delete(c.name)
        else {
          jar.set(c.name, c.value)
          names.push(c.name)
        }
      }
    }
    expect(jar.size).toBe(5)
    expect(jar.has(names[0]!)).toBe(false)
    expect(jar.has(names[5]!)).toBe(true)
  })
})

describe('authorizeAccessToken', () => {
  it('exchanges the code with the PKCE verifier and clears the transaction cookie', async () => {
    const auth = makeAuth()
    const started = await begin(auth, { returnTo: '/settings?tab=2' })
    const result = await auth.authorizeAccessToken(started.callback(), 'acme')
    expect(result.provider).toBe('acme')
    expect(result.returnTo).toBe('/settings?tab=2')
    expect(result.tokens.accessToken).toMatch(/^at-/)
    expect(result.tokens.refreshToken).toMatch(/^rt-/)
    expect(result.idTokenClaims).toBeUndefined()
    const cleared = parseSetCookie(result.headers.getSetCookie()[0]!)
    expect(cleared.name).toBe(parseSetCookie(started.setCookies[0]!).name)
    expect(cleared.attrs.get('max-age')).toBe('0')
    expect(server.requests.at(-1)?.get('code_verifier')).toMatch(/^[\w-]{43,128}$/)
  })

  it('finds the provider from the transaction when no name is given', async () => {
    const auth = makeAuth({}, ['acme', 'other'])
    const started = await begin(auth, { name: 'other' })
    expect((await auth.authorizeAccessToken(started.callback())).provider).toBe('other')
  })

  it('refuses a transaction started for another provider', async () => {
    const auth = makeAuth({}, ['acme', 'other'])
    const started = await begin(auth, { name: 'acme' })
    const err = await rejection(auth.authorizeAccessToken(started.callback(), 'other'))
    expect([err.code, err.error, err.claim]).toEqual(['STATE_MISMATCH', 'provider_mismatch', 'provider'])
  })

  it('completes two logins started in parallel tabs, in either order', async () => {
    const auth = makeAuth()
    const tab1 = await begin(auth, { returnTo: '/one' })
    const tab2 = await begin(auth, { returnTo: '/two' })
    expect(parseSetCookie(tab1.setCookies[0]!).name).not.toBe(parseSetCookie(tab2.setCookies[0]!).name)
    const both = cookieHeader([...tab1.setCookies, ...tab2.setCookies])
    expect((await auth.authorizeAccessToken(tab2.callback(both), 'acme')).returnTo).toBe('/two')
    expect((await auth.authorizeAccessToken(tab1.callback(both), 'acme')).returnTo).toBe('/one')
  })

  it('refuses a callback without state, or without its cookie', async () => {
    const auth = makeAuth()
    const started = await begin(auth)
    const noState = new Request(`${APP}/callback?code=x`, {
      headers: { cookie: cookieHeader(started.setCookies) },
    })
    const e1 = await rejection(auth.authorizeAccessToken(noState, 'acme'))
    expect([e1.code, e1.claim]).toEqual(['MISSING_STATE', 'state'])
    const e2 = await rejection(auth.authorizeAccessToken(started.callback(''), 'acme'))
    expect([e2.code, e2.error]).toEqual(['MISSING_STATE', 'missing_transaction'])
    const e3 = await rejection(
      auth.authorizeAccessToken(started.callback(undefined, { state: 'forged-state-value-000000' }), 'acme'),
    )
    expect([e3.code, e3.error]).toEqual(['MISSING_STATE', 'missing_transaction'])
  })

  it('refuses a tampered cookie, one sealed with another secret, and one moved to another state', async () => {
    const auth = makeAuth()
    const started = await begin(auth)
    const { name, value } = parseSetCookie(started.setCookies[0]!)
    const parts = value.split('.')
    const ct = parts[3]!
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1)
    const tampered = await rejection(
      auth.authorizeAccessToken(started.callback(`${name}=${parts.join('.')}`), 'acme'),
    )
    expect([tampered.code, tampered.error]).toEqual(['STATE_MISMATCH', 'state_mismatch'])

    const foreign = await begin(makeAuth({ secret: `${SECRET}-other` }))
    const foreignValue = parseSetCookie(foreign.setCookies[0]!).value
    const e2 = await rejection(auth.authorizeAccessToken(started.callback(`${name}=${foreignValue}`), 'acme'))
    expect(e2.code).toBe('STATE_MISMATCH')

    // Another login's cookie under this state's cookie name: the sealed state differs.
    const other = await begin(auth)
    const otherValue = parseSetCookie(other.setCookies[0]!).value
    const e3 = await rejection(auth.authorizeAccessToken(started.callback(`${name}=${otherValue}`), 'acme'))
    expect([e3.code, e3.claim]).toEqual(['STATE_MISMATCH', 'state'])
  })

  it('refuses an expired transaction', async () => {
    let now = Date.now()
    const auth = makeAuth({ now: () => now, transactionTtl: 60 })
    const started = await begin(auth)
    now += 59_000
    const ok = await auth.authorizeAccessToken(started.callback(), 'acme')
    expect(ok.provider).toBe('acme')
    const late = await begin(auth)
    now += 61_000
    const err = await rejection(auth.authorizeAccessToken(late.callback(), 'acme'))
    expect([err.code, err.error]).toEqual(['STATE_MISMATCH', 'transaction_expired'])
  })

  it('reports the provider error and lets the app clear the cookie', async () => {
    const auth = makeAuth()
    const started = await begin(auth)
    const q = new URLSearchParams({
      state: started.state,
      error: 'access_denied',
      error_description: 'user said no',
    })
    const req = new Request(`${APP}/callback?${q}`, { headers: { cookie: cookieHeader(started.setCookies) } })
    const err = await rejection(auth.authorizeAccessToken(req, 'acme'))
    expect([err.code, err.error]).toEqual(['OAUTH_AUTHORIZATION_ERROR', 'access_denied'])
    const cleared = (await auth.clearTransaction(req)).getSetCookie()
    expect(cleared).toHaveLength(1)
    expect(parseSetCookie(cleared[0]!).attrs.get('max-age')).toBe('0')
  })

  it('takes a form_post response body', async () => {
    const auth = makeAuth()
    const started = await begin(auth)
    const get = started.callback()
    const body = new URL(get.url).searchParams.toString()
    const post = new Request(`${APP}/callback`, {
      method: 'POST',
      headers: { cookie: get.headers.get('cookie')!, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect((await auth.authorizeAccessToken(post, 'acme')).provider).toBe('acme')
  })
})

describe('returnTo', () => {
  it.each([
    ['/', '/'],
    ['/profile', '/profile'],
    ['/a/b?c=d#e', '/a/b?c=d#e'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/a\\b', '/'],
    ['\\\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['http://127.0.0.1:3000/profile', '/'],
    ['javascript:alert(1)', '/'],
    ['profile', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['', '/'],
    [undefined, '/'],
    [`/${'a'.repeat(3000)}`, '/'],
  ])('%j becomes %j', async (given, want) => {
    expect(sanitizeReturnTo(given)).toBe(want)
  })

  it.each([
    ['/inbox', '/inbox'],
    ['//evil.example/x', '/'],
    ['https://evil.example/', '/'],
  ])('survives the round trip through the cookie: %j -> %j', async (returnTo, want) => {
    const auth = makeAuth()
    const started = await begin(auth, { returnTo })
    expect((await auth.authorizeAccessToken(started.callback(), 'acme')).returnTo).toBe(want)
  })
})

describe('tokens, profile, refresh and sessions', () => {
  it('serializes tokens, restores them, and uses them for profile and refresh', async () => {
    const auth = makeAuth()
    const started = await begin(auth)
    const { tokens } = await auth.authorizeAccessToken(started.callback(), 'acme')
    const restored = restoreTokens(JSON.stringify(serializeTokens(tokens)))
    expect(restored.accessToken).toBe(tokens.accessToken)
    expect(restored.refreshToken).toBe(tokens.refreshToken)
    expect(restored.scopes).toEqual(['read'])
    expect((await auth.profile('acme', restored)).id).toBe(`acme:${tokens.accessToken}`)
    const renewed = await auth.refresh('acme', restored)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.refreshToken).toBe(tokens.refreshToken)
    expect(() => restoreTokens({ version: 2 })).toThrow(ArgumentError)
    await expect(auth.profile('acme', { ...tokens, provider: 'github' })).rejects.toThrow(/"tokens"/)
  })

  it('has no logout URL for a provider without discovery', async () => {
    expect(await makeAuth().logout('acme')).toBeUndefined()
  })

  it("builds the RP-initiated logout URL from the provider's end_session_endpoint", async () => {
    const auth = createAuth({ secret: SECRET }).register(
      'acme',
      { ...acmeSpec(server.base), issuer: server.base },
      { clientId: 'client-1', clientSecret: 'secret-1', redirectUri: `${APP}/callback` },
    )
    const url = await auth.logout('acme', { postLogoutRedirectUri: `${APP}/bye`, state: 'st-1' })
    expect(url?.origin).toBe(server.base)
    expect(url?.pathname).toBe('/logout')
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      client_id: 'client-1',
      post_logout_redirect_uri: `${APP}/bye`,
      state: 'st-1',
    })
    await expect(auth.logout('acme', { postLogoutRedirectUri: '/bye' })).rejects.toThrow(
      /"postLogoutRedirectUri"/,
    )
  })

  it('seals a session cookie that only this secret opens', async () => {
    let now = Date.now()
    const auth = makeAuth({ now: () => now })
    const setCookie = await auth.setSession(new Request(`${APP}/`), { user: 'u1', n: 2 }, { maxAge: 60 })
    const c = parseSetCookie(setCookie)
    expect(c.name).toBe('authspec-session')
    expect([c.attrs.has('httponly'), c.attrs.get('samesite'), c.attrs.get('max-age')]).toEqual([
      true,
      'Lax',
      '60',
    ])
    const withCookie = (v: string) => new Request(`${APP}/`, { headers: { cookie: `${c.name}=${v}` } })
    expect(await auth.getSession(withCookie(c.value))).toEqual({ user: 'u1', n: 2 })
    expect(await makeAuth({ secret: `${SECRET}!` }).getSession(withCookie(c.value))).toBeUndefined()
    // A transaction cookie is not a session: keys and audiences differ.
    const tx = parseSetCookie((await begin(auth)).setCookies[0]!).value
    expect(await auth.getSession(withCookie(tx))).toBeUndefined()
    now += 61_000
    expect(await auth.getSession(withCookie(c.value))).toBeUndefined()
    expect(parseSetCookie(auth.clearSession(new Request(`${APP}/`))).attrs.get('max-age')).toBe('0')
    await expect(auth.setSession(new Request(`${APP}/`), { big: 'x'.repeat(5000) })).rejects.toThrow(
      /too large/,
    )
  })
})
