/**
 * Headless Chromium through the kit's real pages: login, consent, account choice, device
 * verification and logout, with a relying party's callback served on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPage, launchChromium, type TestBrowser } from '../demo/support.js'
import { startIdp, type TestIdp } from './support.js'

let op: TestIdp
let browser: TestBrowser
let rp: Server
let rpUrl: string

beforeAll(async () => {
  rp = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' })
    const query = new URL(req.url ?? '/', 'http://x').searchParams
    res.end(
      `<!doctype html><title>RP</title><p id="code">${query.get('code') ?? ''}</p><p id="error">${query.get('error') ?? ''}</p>`,
    )
  })
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve))
  rpUrl = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`
  op = await startIdp()
  await op.store.saveClient({
    clientId: 'web',
    clientName: 'Acme Notes',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [`${rpUrl}/callback`],
    postLogoutRedirectUris: [`${rpUrl}/signed-out`],
    grantTypes: ['authorization_code'],
    responseTypes: ['code'],
    scope: 'openid profile email',
  })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await op?.close()
  await new Promise<void>((resolve) => rp.close(() => resolve()))
})

function authorizeUrl(extra: Record<string, string> = {}): string {
  return `${op.issuer}/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'web',
    redirect_uri: `${rpUrl}/callback`,
    scope: 'openid profile',
    state: 'st',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  })}`
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(login)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** A full-page screenshot in test-artifacts/idp/, to look at the kit's pages. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-artifacts', 'idp')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

async function codeAtRp(page: Page): Promise<string> {
  await page.waitForURL((u) => u.origin === rpUrl)
  return (await page.locator('#code').textContent()) ?? ''
}

describe('the kit in Chromium', () => {
  it('signs in, consents, chooses an account, verifies a device code and logs out', async () => {
    let page = await freshPage(browser)

    // Login and consent.
    await page.goto(authorizeUrl())
    await page.getByRole('heading', { name: 'Sign in to Identity' }).waitFor()
    await shot(page, '01-login')
    await signIn(page, 'ada', 'lovelace-pw')
    await page.getByRole('heading', { name: /Acme Notes wants to access your Identity account/ }).waitFor()
    await shot(page, '02-consent')
    await page.getByRole('button', { name: 'Allow' }).click()
    expect(await codeAtRp(page)).not.toBe('')

    // select_account: add Bob through "Use another account", then come back as Ada.
    await page.goto(authorizeUrl({ prompt: 'select_account' }))
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor()
    await page.getByRole('button', { name: 'Use another account' }).click()
    await signIn(page, 'bob', 'babbage-pw')
    await page.getByRole('button', { name: 'Allow' }).click()
    expect(await codeAtRp(page)).not.toBe('')
    await page.goto(authorizeUrl({ prompt: 'select_account' }))
    await page.getByRole('button', { name: 'Bob Babbage (bob)' }).waitFor()
    await shot(page, '03-select-account')
    await page.getByRole('button', { name: 'Ada Lovelace (ada)' }).click()
    expect(await codeAtRp(page)).not.toBe('')

    // Device verification: the code typed on the kit's /device page.
    const started = await fetch(`${op.issuer}/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'tv', scope: 'openid profile' }),
    })
    const device = (await started.json()) as Record<string, string>
    await page.goto(device['verification_uri'] ?? '')
    await shot(page, '04-device-code')
    await page.getByLabel('Code').fill(device['user_code'] ?? '')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: /Living Room TV on another device/ }).waitFor()
    await shot(page, '05-device-confirm')
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.getByRole('heading', { name: 'Device connected' }).waitFor()
    await page.goto(`${op.issuer}/`)
    await page.getByRole('heading', { name: 'Connected apps' }).waitFor()
    await shot(page, '06-account')
    await page.getByRole('button', { name: 'Disconnect Living Room TV' }).waitFor()
    // The list is the store's: a fresh browser (no cookies) signed in as Ada shows both apps.
    page = await freshPage(browser)
    await page.goto(`${op.issuer}/`)
    await signIn(page, 'ada', 'lovelace-pw')
    await page.getByRole('button', { name: 'Disconnect Living Room TV' }).waitFor()
    await page.getByRole('button', { name: 'Disconnect Acme Notes' }).click()
    await page.getByRole('button', { name: 'Disconnect Living Room TV' }).click()
    await page.getByText('You have not connected any apps yet.').waitFor()

    // RP-initiated logout: confirm, cookie gone, back at the registered URI.
    const logout = new URLSearchParams({ client_id: 'web', post_logout_redirect_uri: `${rpUrl}/signed-out` })
    await page.goto(`${op.issuer}/logout?${logout}`)
    await shot(page, '07-logout')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${rpUrl}/signed-out`)
    const cookies = await page.context().cookies(op.issuer)
    expect(cookies).toEqual([])
    await page.goto(authorizeUrl())
    await page.getByRole('heading', { name: 'Sign in to Identity' }).waitFor()
  }, 60_000)

  it('cannot be framed', async () => {
    const page = await freshPage(browser)
    await page.goto(`${rpUrl}/`)
    await page.setContent(`<iframe id="f" src="${op.issuer}/"></iframe>`)
    await page.waitForTimeout(500)
    const frame = page.frames().find((f) => f.url().startsWith(op.issuer))
    const framed = frame ? await frame.locator('h1').count() : 0
    expect(framed).toBe(0)
  })
})
