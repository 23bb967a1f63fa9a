import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, clientRedirect, PEOPLE, REDIRECT, startIdp, type TestIdp } from './support.js'

let op: TestIdp
let rp: oidc.Configuration

beforeAll(async () => {
  op = await startIdp()
  rp = await oidc.discovery(new URL(op.issuer), 'rp', undefined, oidc.ClientSecretBasic('rp-secret'), {
    execute: [oidc.allowInsecureRequests],
  })
})
afterAll(() => op.close())

/** An authorization request from openid-client, and what the RP must keep to finish it. */
async function start(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: REDIRECT,
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  })
  const finish = (callback: URL) =>
    oidc.authorizationCodeGrant(rp, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    })
  return { url, state, finish }
}

describe('createIdentityProvider: the code flow through the kit pages', () => {
  it('login → consent → code → token → userinfo, with openid-client as the relying party', async () => {
    const browser = new Browser(op.issuer)
    const { url, finish } = await start()
    const login = await browser.get(url)
    expect(login.status).toBe(200)
    const loginHtml = await login.text()
    expect(loginHtml).toContain('to continue to <strong>Acme Notes</strong>')
    const consent = await browser.signIn(loginHtml, 'ada')
    expect(consent.status).toBe(200)
    const consentHtml = await consent.text()
    expect(consentHtml).toContain('wants to access your Identity account')
    const back = await browser.submit(consentHtml, '/consent', { decision: 'allow' })
    const callback = clientRedirect(back)
    expect(callback.searchParams.get('iss')).toBe(op.issuer)
    const tokens = await finish(callback)
    const claims = tokens.claims()
    expect(claims?.sub).toBe(PEOPLE.ada.sub)
    expect(typeof claims?.auth_time).toBe('number')
    const info = await oidc.fetchUserInfo(rp, tokens.access_token, PEOPLE.ada.sub)
    expect(info).toMatchObject({ name: 'Ada Lovelace', email: 'u-ada@example.com' })
  })

  it('serves POST /authorize with no extra option', async () => {
    const browser = new Browser(op.issuer)
    const { url } = await start()
    const res = await browser.post(`${op.issuer}/authorize`, url.searchParams)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('action="/login"')
  })

  it('a wrong password keeps the login page with an error (401), never a session', async () => {
    const browser = new Browser(op.issuer)
    const { url } = await start()
    const page = await (await browser.get(url)).text()
    const res = await browser.submit(page, '/login', { username: 'ada', password: 'nope' })
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('data-testid="login-error"')
  })

  it('prompt=none: login_required without a session, consent_required before consent', async () => {
    const browser = new Browser(op.issuer)
    const none = await start({ prompt: 'none' })
    const noSession = clientRedirect(await browser.get(none.url))
    expect(noSession.searchParams.get('error')).toBe('login_required')
    expect(noSession.searchParams.get('state')).toBe(none.state)
    // Sign in without approving (the account page), then ask again.
    await browser.signIn(await (await browser.get(`${op.issuer}/`)).text(), 'bob')
    const noConsent = clientRedirect(await browser.get((await start({ prompt: 'none' })).url))
    expect(noConsent.searchParams.get('error')).toBe('consent_required')
  })

  it('remembers consent per user, client and scopes (also in a fresh browser); revoking asks again', async () => {
    const first = new Browser(op.issuer)
    const a = await start({ scope: 'openid email' })
    const consentPage = await first.signIn(await (await first.get(a.url)).text(), 'bob')
    await a.finish(
      clientRedirect(await first.submit(await consentPage.text(), '/consent', { decision: 'allow' })),
    )
    // Same browser: straight back with a code, and prompt=none works too.
    const b = await start({ prompt: 'none', scope: 'openid email' })
    await b.finish(clientRedirect(await first.get(b.url)))
    // A fresh browser signs in and skips consent.
    const fresh = new Browser(op.issuer)
    const c = await start({ scope: 'openid email' })
    const afterLogin = await fresh.signIn(await (await fresh.get(c.url)).text(), 'bob')
    await c.finish(clientRedirect(afterLogin))
    // Asking for more scopes asks again.
    const more = await first.get(
      (await start({ scope: 'openid profile email offline_access', prompt: 'consent' })).url,
    )
    expect(await more.text()).toContain('Stay connected')
    // Disconnect the app on the account page: the next request shows the consent page.
    const account = await (await first.get(`${op.issuer}/`)).text()
    expect(account).toContain('Acme Notes')
    const revoked = await first.submit(account, '/apps/revoke')
    expect(await revoked.text()).toContain('not connected any apps')
    const again = await first.get((await start({ scope: 'openid email' })).url)
    expect(await again.text()).toContain('wants to access your Identity account')
  })

  it('prompt=login asks a signed-in user to sign in again, then goes on', async () => {
    const browser = new Browser(op.issuer)
    const a = await start({ prompt: 'consent' })
    const consent = await browser.signIn(await (await browser.get(a.url)).text(), 'ada')
    await a.finish(
      clientRedirect(await browser.submit(await consent.text(), '/consent', { decision: 'allow' })),
    )
    op.advance(5)
    const b = await start({ prompt: 'login' })
    const login = await browser.get(b.url)
    const html = await login.text()
    expect(html).toContain('action="/login"')
    const tokens = await b.finish(clientRedirect(await browser.signIn(html, 'ada')))
    expect(tokens.claims()?.sub).toBe(PEOPLE.ada.sub)
  })

  it('max_age lapsing while the consent page is open leads to a fresh login, not a 500', async () => {
    const browser = new Browser(op.issuer)
    const a = await start({ max_age: '60', prompt: 'consent' })
    const consent = await (await browser.signIn(await (await browser.get(a.url)).text(), 'ada')).text()
    expect(consent).toContain('wants to access')
    op.advance(120)
    const res = await browser.submit(consent, '/consent', { decision: 'allow' })
    expect(res.status).toBe(200)
    const login = await res.text()
    expect(login).toContain('action="/login"')
    const again = await (await browser.signIn(login, 'ada')).text()
    const code = clientRedirect(await browser.submit(again, '/consent', { decision: 'allow' }))
    expect(code.searchParams.get('code')).toBeTruthy()
  })

  it('max_age=0 with the clock passing a second during sign-in asks again, never a 500', async () => {
    let ms = Date.now()
    // Every reading of the provider's clock is a second later.
    const ticking = await startIdp({ now: () => (ms += 1000) })
    const browser = new Browser(ticking.issuer)
    const url = `${ticking.issuer}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'rp',
      redirect_uri: REDIRECT,
      scope: 'openid',
      max_age: '0',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })}`
    const res = await browser.signIn(await (await browser.get(url)).text(), 'ada')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('action="/login"')
    await ticking.close()
  })

  it('an id_token_hint naming someone else asks for a login', async () => {
    const browser = new Browser(op.issuer)
    const a = await start({ prompt: 'consent' })
    const consent = await browser.signIn(await (await browser.get(a.url)).text(), 'ada')
    const tokens = await a.finish(
      clientRedirect(await browser.submit(await consent.text(), '/consent', { decision: 'allow' })),
    )
    const other = new Browser(op.issuer)
    await other.signIn(await (await other.get(`${op.issuer}/`)).text(), 'bob')
    const res = await other.get((await start({ id_token_hint: tokens.id_token ?? '' })).url)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('action="/login"')
  })

  it('an essential acr a password cannot give is answered access_denied', async () => {
    const browser = new Browser(op.issuer)
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:example:mfa'] } } })
    const a = await start({ claims })
    const res = await browser.signIn(await (await browser.get(a.url)).text(), 'ada')
    expect(clientRedirect(res).searchParams.get('error')).toBe('access_denied')
  })

  it('prompt=select_account lists the accounts of this browser and signs in as the chosen one', async () => {
    const browser = new Browser(op.issuer)
    await browser.signIn(await (await browser.get(`${op.issuer}/`)).text(), 'ada')
    // "Use another account" adds Bob to this browser.
    const first = await (await browser.get((await start({ prompt: 'select_account' })).url)).text()
    expect(first).toContain('Ada Lovelace (ada)')
    const login = await (await browser.submit(first, '/select-account', { account: '' })).text()
    await browser.signIn(login, 'bob')
    const a = await start({ prompt: 'select_account consent' })
    const page = await (await browser.get(a.url)).text()
    expect(page).toContain('Choose an account')
    expect(page).toContain('Ada Lovelace (ada)')
    expect(page).toContain('Bob Babbage (bob)')
    const consent = await browser.submit(page, '/select-account', { account: PEOPLE.ada.sub })
    const back = await browser.submit(await consent.text(), '/consent', { decision: 'allow' })
    expect((await a.finish(clientRedirect(back))).claims()?.sub).toBe(PEOPLE.ada.sub)
  })

  it('denying consent sends access_denied back to the client', async () => {
    const browser = new Browser(op.issuer)
    const a = await start({ prompt: 'consent' })
    const consent = await browser.signIn(await (await browser.get(a.url)).text(), 'bob')
    const back = await browser.submit(await consent.text(), '/consent', { decision: 'deny' })
    expect(clientRedirect(back).searchParams.get('error')).toBe('access_denied')
  })

  it('shows an error page, not a redirect, for an unknown client', async () => {
    const res = await new Browser(op.issuer).get(`${op.issuer}/authorize?client_id=nobody&response_type=code`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('data-testid="error-code">invalid_request<')
  })
})
