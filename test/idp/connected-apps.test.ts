/**
 * The account page's connected apps: listed from the store (so any browser sees them), and
 * "Disconnect" takes back the consent and every token the app holds for the user. Also the
 * resources (RFC 8707) an app asks for, shown on the consent and device pages.
 */
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerEvent } from '../../runtime/server/index.js'
import { Browser, clientRedirect, PEOPLE, REDIRECT, startIdp, type TestIdp } from './support.js'

const API = 'https://api.example/'
const events: ServerEvent[] = []
let op: TestIdp
let rp: oidc.Configuration

beforeAll(async () => {
  op = await startIdp({
    server: { device: { interval: 1 }, resources: { [API]: {} }, onEvent: (e) => events.push(e) },
  })
  rp = await oidc.discovery(new URL(op.issuer), 'rp', undefined, oidc.ClientSecretBasic('rp-secret'), {
    execute: [oidc.allowInsecureRequests],
  })
})
afterAll(() => op.close())

/** Runs the code flow for `who` in `browser` up to the consent page's Allow; answers the callback URL. */
async function approve(browser: Browser, who: keyof typeof PEOPLE) {
  const verifier = oidc.randomPKCECodeVerifier()
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: REDIRECT,
    scope: 'openid email offline_access',
    prompt: 'consent',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const consent = await (await browser.signIn(await (await browser.get(url)).text(), who)).text()
  const back = clientRedirect(await browser.submit(consent, '/consent', { decision: 'allow' }))
  return { back, verifier }
}

/** The code flow for `who` in `browser` through the consent page; answers the tokens. */
async function connect(browser: Browser, who: keyof typeof PEOPLE) {
  const { back, verifier } = await approve(browser, who)
  return oidc.authorizationCodeGrant(rp, back, { pkceCodeVerifier: verifier })
}

describe('connected apps on the account page', () => {
  it('lists the apps from the store in a fresh browser; Disconnect revokes the consent and the tokens', async () => {
    const tokens = await connect(new Browser(op.issuer), 'ada')
    const refreshToken = tokens.refresh_token ?? ''
    expect(refreshToken).not.toBe('')
    expect(await oidc.fetchUserInfo(rp, tokens.access_token, PEOPLE.ada.sub)).toMatchObject({
      sub: PEOPLE.ada.sub,
    })
    // Another browser, never used with the app: the account page still lists it.
    const fresh = new Browser(op.issuer)
    const account = await (await fresh.signIn(await (await fresh.get(`${op.issuer}/`)).text(), 'ada')).text()
    expect(account).toContain('data-testid="apps"')
    expect(account).toContain('Acme Notes')
    // Bob's list is his own.
    const bob = new Browser(op.issuer)
    const bobs = await (await bob.signIn(await (await bob.get(`${op.issuer}/`)).text(), 'bob')).text()
    expect(bobs).toContain('not connected any apps')

    const after = await (await fresh.submit(account, '/apps/revoke', { client_id: 'rp' })).text()
    expect(after).toContain('not connected any apps')
    expect(await op.store.getConsent(PEOPLE.ada.sub, 'rp')).toBeUndefined()
    // The access token is refused by userinfo and introspection, the refresh token by the token endpoint.
    await expect(oidc.fetchUserInfo(rp, tokens.access_token, PEOPLE.ada.sub)).rejects.toMatchObject({
      status: 401,
    })
    expect(await oidc.tokenIntrospection(rp, tokens.access_token)).toMatchObject({ active: false })
    expect(await oidc.tokenIntrospection(rp, refreshToken)).toMatchObject({ active: false })
    await expect(oidc.refreshTokenGrant(rp, refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' })
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token_revoked', clientId: 'rp', reason: 'user_revoked', count: 2 }),
    )
    // The app must ask again.
    const again = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    })
    expect(await (await fresh.get(again)).text()).toContain('wants to access your Identity account')
  })

  it('a code issued before Disconnect and not yet exchanged is refused after it', async () => {
    const browser = new Browser(op.issuer)
    const { back, verifier } = await approve(browser, 'ada')
    expect(back.searchParams.get('code')).toBeTruthy()
    const account = await (await browser.get(`${op.issuer}/`)).text()
    await browser.submit(account, '/apps/revoke', { client_id: 'rp' })
    await expect(oidc.authorizationCodeGrant(rp, back, { pkceCodeVerifier: verifier })).rejects.toMatchObject(
      {
        error: 'invalid_grant',
        error_description: 'the end-user has taken back their consent to this client',
      },
    )
  })

  it("Disconnect leaves the user's other apps and other users' tokens alone", async () => {
    const bobTokens = await connect(new Browser(op.issuer), 'bob')
    const ada = new Browser(op.issuer)
    await connect(ada, 'ada')
    const account = await (await ada.get(`${op.issuer}/`)).text()
    await ada.submit(account, '/apps/revoke', { client_id: 'rp' })
    expect(await oidc.tokenIntrospection(rp, bobTokens.access_token)).toMatchObject({ active: true })
    expect(await op.store.getConsent(PEOPLE.bob.sub, 'rp')).toMatchObject({ clientId: 'rp' })
  })
})

/** A form POST body for fetch. */
const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body),
})

/** Starts the device flow for the TV and lets `who` approve it at /device; answers the browser and a poll. */
async function approveDevice(who: keyof typeof PEOPLE) {
  const start = await fetch(`${op.issuer}/device_authorization`, form({ client_id: 'tv', scope: 'openid' }))
  const device = (await start.json()) as Record<string, string>
  const browser = new Browser(op.issuer)
  const login = await (await browser.get(device['verification_uri_complete'] ?? '')).text()
  const confirm = await (await browser.signIn(login, who)).text()
  await browser.submit(confirm, '/device', { decision: 'allow' })
  const poll = () =>
    fetch(
      `${op.issuer}/token`,
      form({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'tv',
        device_code: device['device_code'] ?? '',
      }),
    )
  return { browser, poll }
}

describe('connected devices', () => {
  it('a device approved at /device is listed, and Disconnect revokes its tokens', async () => {
    const { browser, poll } = await approveDevice('bob')
    const accessToken = ((await (await poll()).json()) as { access_token: string }).access_token
    const account = await (await browser.get(`${op.issuer}/`)).text()
    expect(account).toContain('Disconnect Living Room TV')
    await browser.submit(account, '/apps/revoke', { client_id: 'tv' })
    const info = await fetch(`${op.issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })
    expect(info.status).toBe(401)
    expect(await (await browser.get(`${op.issuer}/`)).text()).not.toContain('Living Room TV')
  })

  it('a device approved, then disconnected before its poll, gets invalid_grant and no token', async () => {
    const { browser, poll } = await approveDevice('ada')
    const account = await (await browser.get(`${op.issuer}/`)).text()
    await browser.submit(account, '/apps/revoke', { client_id: 'tv' })
    const refused = await poll()
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the end-user has taken back their consent to this client',
    })
  })
})

describe('resources (RFC 8707) on the pages', () => {
  it('the consent page names the resource the app asks for', async () => {
    const browser = new Browser(op.issuer)
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      prompt: 'consent',
      resource: API,
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    })
    const consent = await (await browser.signIn(await (await browser.get(url)).text(), 'ada')).text()
    expect(consent).toContain(`data-testid="resources"><li><code>${API}</code>`)
  })

  it('the device page names the resource the device asks for', async () => {
    const start = await fetch(`${op.issuer}/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'tv', scope: 'openid', resource: API }),
    })
    const device = (await start.json()) as Record<string, string>
    const browser = new Browser(op.issuer)
    const login = await (await browser.get(device['verification_uri_complete'] ?? '')).text()
    const confirm = await (await browser.signIn(login, 'ada')).text()
    expect(confirm).toContain(`data-testid="resources"><li><code>${API}</code>`)
  })
})
