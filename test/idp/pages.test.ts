import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIdentityProvider, defaultPages, html } from '../../runtime/idp/index.js'
import { randomToken } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { AFTER_LOGOUT, Browser, clientRedirect, startIdp, type TestIdp } from './support.js'

let op: TestIdp
beforeAll(async () => {
  op = await startIdp()
})
afterAll(() => op.close())

const AUTHORIZE = {
  response_type: 'code',
  client_id: 'rp',
  redirect_uri: 'http://127.0.0.1:9/callback',
  scope: 'openid profile',
  state: 's-1',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
}
const authorizeUrl = (extra: Record<string, string> = {}) =>
  `${op.issuer}/authorize?${new URLSearchParams({ ...AUTHORIZE, ...extra })}`

describe('kit pages: CSRF, headers, cookie', () => {
  it.each([
    ['missing', undefined],
    ['wrong', 'not-the-token'],
  ])('refuses a form with a %s CSRF token (403)', async (_name, csrf) => {
    const browser = new Browser(op.issuer)
    const page = await (await browser.get(authorizeUrl())).text()
    const res = await browser.submit(page, '/login', {
      username: 'ada',
      password: 'lovelace-pw',
      csrf: csrf ?? '',
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('data-testid="error-code">csrf<')
  })

  it('answers a consent form whose pending request was tampered with by a 400 page', async () => {
    const browser = new Browser(op.issuer)
    const consent = await browser.signIn(
      await (await browser.get(authorizeUrl({ prompt: 'consent' }))).text(),
      'ada',
    )
    const page = await consent.text()
    const res = await browser.submit(page, '/consent', { decision: 'allow', pending: 'x.y.z.w.v' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('data-testid="error-code">invalid_request<')
  })

  it('refuses a form posted from another origin (403), even with the token', async () => {
    const browser = new Browser(op.issuer)
    const page = await (await browser.get(authorizeUrl())).text()
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const body = new URLSearchParams({ csrf, username: 'ada', password: 'lovelace-pw' })
    const res = await browser.post(`${op.issuer}/login`, body, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
  })

  it('serves every page non-frameable, with lang, labels and a heading', async () => {
    const res = await new Browser(op.issuer).get(authorizeUrl())
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const page = await res.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('<label for="username">')
    expect(page).toContain('<h1 id="login-title">')
    const css = await fetch(`${op.issuer}/styles.css`)
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  it('sets an HttpOnly SameSite=Lax session cookie living policies.sessionTtl seconds', async () => {
    const res = await fetch(authorizeUrl())
    const cookie = res.headers.getSetCookie()[0] ?? ''
    expect(cookie).toMatch(/^authspec-idp=/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain(`Max-Age=${8 * 3600}`)
    const short = await startIdp({ policies: { sessionTtl: 600 } })
    const other = await fetch(`${short.issuer}/`)
    expect(other.headers.getSetCookie()[0]).toContain('Max-Age=600')
    await short.close()
  })

  it('names the cookie __Host- and marks it Secure on an https issuer', async () => {
    const idp = await createIdentityProvider({
      issuer: 'https://id.example',
      store: new MemoryStore(),
      secret: randomToken(32),
      accounts: { findByLogin: async () => undefined, claims: async () => undefined },
    })
    const res = await idp.handler(new Request('https://id.example/'))
    const cookie = res.headers.getSetCookie()[0] ?? ''
    expect(cookie).toMatch(/^__Host-authspec-idp=/)
    expect(cookie).toContain('Secure')
  })

  it('renders a page the application passes instead of the built-in one', async () => {
    const custom = await startIdp({
      pages: {
        login: (i) => defaultPages.login(i).replace('</h1>', html`</h1><p id="brand">${'<Acme>'}</p>`.value),
      },
      branding: { name: 'Acme ID', loginNote: 'Use your work account' },
    })
    const page = await (await new Browser(custom.issuer).get(`${custom.issuer}/`)).text()
    expect(page).toContain('<p id="brand">&#60;Acme&#62;</p>')
    expect(page).toContain('Sign in to Acme ID')
    expect(page).toContain('Use your work account')
    await custom.close()
  })

  it('refuses a secret that is not 32 bytes, naming the option', async () => {
    await expect(
      createIdentityProvider({
        issuer: 'https://id.example',
        store: new MemoryStore(),
        secret: 'short',
        accounts: { findByLogin: async () => undefined, claims: async () => undefined },
      }),
    ).rejects.toThrow('"secret" must be 32 bytes')
  })
})

describe('kit pages: device verification and logout', () => {
  it('verifies a device user code at /device after signing in, and the device gets tokens', async () => {
    const start = await fetch(`${op.issuer}/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'tv', scope: 'openid profile' }),
    })
    const device = (await start.json()) as Record<string, string>
    expect(device['verification_uri']).toBe(`${op.issuer}/device`)
    const browser = new Browser(op.issuer)
    const login = await (await browser.get(device['verification_uri_complete'] ?? '')).text()
    const confirm = await (await browser.signIn(login, 'ada')).text()
    expect(confirm).toContain('Living Room TV')
    expect(confirm).toContain(device['user_code'])
    const done = await browser.submit(confirm, '/device', { decision: 'allow' })
    expect(await done.text()).toContain('Device connected')
    const token = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: device['device_code'] ?? '',
        client_id: 'tv',
      }),
    })
    expect(token.status).toBe(200)
    expect(await token.json()).toHaveProperty('id_token')
  })

  it('says so when a typed user code is unknown', async () => {
    const browser = new Browser(op.issuer)
    await browser.signIn(await (await browser.get(`${op.issuer}/`)).text(), 'ada')
    const entry = await (await browser.get(`${op.issuer}/device`)).text()
    const res = await browser.submit(entry, '/device', { user_code: 'ZZZZ-ZZZZ' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('That code is not valid')
  })

  it('asks before logging out, clears the cookie, then redirects to the registered URI with state', async () => {
    const browser = new Browser(op.issuer)
    const consent = await browser.signIn(
      await (await browser.get(authorizeUrl({ prompt: 'consent' }))).text(),
      'ada',
    )
    const code = clientRedirect(await browser.submit(await consent.text(), '/consent', { decision: 'allow' }))
    expect(code.searchParams.get('code')).toBeTruthy()
    expect(browser.jar.size).toBe(1)
    const query = new URLSearchParams({
      client_id: 'rp',
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    })
    const confirm = await browser.get(`${op.issuer}/logout?${query}`)
    const page = await confirm.text()
    expect(page).toContain('Sign out of Identity?')
    const res = await browser.submit(page, '/logout', { confirm: 'yes' })
    const back = clientRedirect(res)
    expect(`${back.origin}${back.pathname}`).toBe(AFTER_LOGOUT)
    expect(back.searchParams.get('state')).toBe('bye')
    expect(res.headers.getSetCookie().some((c) => c.includes('Max-Age=0'))).toBe(true)
    expect(browser.jar.size).toBe(0)
    // Signed out: the next request asks for a login again.
    expect(await (await browser.get(authorizeUrl())).text()).toContain('action="/login"')
  })

  it('signs out from the account page without a relying party: the signed-out page', async () => {
    const browser = new Browser(op.issuer)
    const account = await (
      await browser.signIn(await (await browser.get(`${op.issuer}/`)).text(), 'bob')
    ).text()
    expect(account).toContain('Signed in as <strong>Bob Babbage</strong>')
    const res = await browser.submit(account, '/logout', { confirm: 'yes' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('You are signed out')
    expect(res.headers.getSetCookie()).toEqual([expect.stringContaining('Max-Age=0')])
    expect(browser.jar.size).toBe(0)
  })

  it('refuses a confirmed logout without the CSRF token (403) and keeps the session', async () => {
    const browser = new Browser(op.issuer)
    const account = await (
      await browser.signIn(await (await browser.get(`${op.issuer}/`)).text(), 'bob')
    ).text()
    const res = await browser.submit(account, '/logout', { confirm: 'yes', csrf: 'not-the-token' })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('data-testid="error-code">csrf<')
    expect(await (await browser.get(`${op.issuer}/`)).text()).toContain('Signed in as')
  })

  it('refuses a post_logout_redirect_uri that is not registered', async () => {
    const browser = new Browser(op.issuer)
    const query = new URLSearchParams({ client_id: 'rp', post_logout_redirect_uri: 'http://evil.example/' })
    const page = await (await browser.get(`${op.issuer}/logout?${query}`)).text()
    const res = await browser.submit(page, '/logout', { confirm: 'yes' })
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
  })
})
