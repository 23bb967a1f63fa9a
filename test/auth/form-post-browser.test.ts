/**
 * A form_post provider in a real browser: headless Chromium signs in through createAuth with the
 * Sign in with Apple emulator on 127.0.0.1 while the app is on http://localhost, another site, so
 * the callback is a cross-site POST. The transaction cookie must be SameSite=None; Secure to come
 * back with it; a SameSite=Lax control cookie set beside it shows the browser withholds Lax ones
 * (so this test fails if the transaction cookie is Lax, as it was).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apple } from '../../generated/providers/apple.js'
import { createAuth } from '../../runtime/auth/index.js'
import { sendWebResponse, toWebRequest } from '../../runtime/http/node.js'
import { freshPage, launchChromium, type TestBrowser } from '../demo/support.js'
import { APPLE_ISSUER, type AppleEmulator, startAppleEmulator } from '../emulators/apple.js'
import { SECRET } from './support.js'

const CLIENT = { clientId: 'com.example.web', teamId: 'TEAM123456', keyId: 'KEY1234567' }
let emu: AppleEmulator
let app: Server
let appUrl: string
let browser: TestBrowser
/** What the callback saw: the control cookie's presence and the outcome. */
const seen: { laxControl: boolean; error?: string }[] = []

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  app = createServer()
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  // localhost and 127.0.0.1 are different sites: the provider's POST to the app is cross-site.
  appUrl = `http://localhost:${(app.address() as AddressInfo).port}`
  const redirectUri = `${appUrl}/callback/apple`
  emu = await startAppleEmulator({
    users: [{ sub: '001234.abc', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' }],
    clients: [{ ...CLIENT, publicKey: await exportJWK(pair.publicKey), redirectUris: [redirectUri] }],
  })
  const auth = createAuth({ secret: SECRET }).register('apple', apple, {
    ...CLIENT,
    privateKey: await exportPKCS8(pair.privateKey),
    redirectUri,
    hostMap: { [APPLE_ISSUER]: emu.url },
  })
  app.on('request', (req, res) => {
    void (async () => {
      const request = await toWebRequest(req, { origin: appUrl })
      const path = new URL(request.url).pathname
      if (path === '/login') {
        const start = await auth.authorizeRedirect(request, 'apple')
        const headers = new Headers(start.headers)
        headers.append('set-cookie', 'lax-control=1; Path=/; SameSite=Lax')
        return sendWebResponse(res, new Response(null, { status: 302, headers }))
      }
      if (path === '/callback/apple' && request.method === 'POST') {
        // False proves the POST was cross-site: the browser kept the Lax cookie back.
        const laxControl = /(?:^|; )lax-control=1/.test(request.headers.get('cookie') ?? '')
        try {
          const done = await auth.authorizeAccessToken(request, 'apple')
          seen.push({ laxControl })
          const headers = new Headers(done.headers)
          // The registry's tokens are untyped per provider: Apple's first-login `user`, as parsed.
          const user = done.tokens.fields['user'] as { name?: { firstName?: string } } | undefined
          const name = user?.name?.firstName ?? ''
          headers.append('set-cookie', await auth.setSession(request, { sub: done.tokens.claims?.sub, name }))
          headers.set('location', '/me')
          return sendWebResponse(res, new Response(null, { status: 303, headers }))
        } catch (err) {
          seen.push({ laxControl, error: (err as { error?: string }).error ?? String(err) })
          return sendWebResponse(res, new Response(`login failed: ${String(err)}`, { status: 400 }))
        }
      }
      if (path === '/me') {
        const session = await auth.getSession(request)
        return sendWebResponse(res, Response.json(session ?? null))
      }
      return sendWebResponse(res, new Response('not found', { status: 404 }))
    })()
  })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await emu?.close()
  await new Promise<void>((resolve) => app?.close(() => resolve()))
})

describe('createAuth with a form_post provider in Chromium', () => {
  it('the cross-site POSTed callback carries the transaction cookie and signs the user in', async () => {
    const page = await freshPage(browser)
    const callback = page.waitForResponse((r) => r.url() === `${appUrl}/callback/apple`)
    await page.goto(`${appUrl}/login`)
    await callback
    // With a SameSite=Lax transaction cookie this is [{ laxControl: false, error: 'missing_transaction' }].
    expect(seen).toEqual([{ laxControl: false }])
    await page.waitForURL(`${appUrl}/me`)
    expect(JSON.parse((await page.locator('body').textContent()) ?? '')).toEqual({
      sub: '001234.abc',
      name: 'Jane',
    })
    const cookies = await browser.context.cookies(appUrl)
    expect(cookies.map((c) => c.name).sort()).toEqual(['authspec-session', 'lax-control'])
  })
})
