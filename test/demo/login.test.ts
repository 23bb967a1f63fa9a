/**
 * The demo in a real browser: sign in with Local ID, consent, profile, refresh, log out; a wrong
 * password; a denied consent; a tampered state. Screenshots of each page go to test-artifacts/demo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningDemo } from '../../demo/start.js'
import {
  freshPage,
  launchChromium,
  removeDir,
  screenshot,
  signInToConsent,
  startTestDemo,
  type TestBrowser,
} from './support.js'

let demo: RunningDemo
let dataDir: string
let browser: TestBrowser

beforeAll(async () => {
  browser = await launchChromium()
  ;({ demo, dataDir } = await startTestDemo())
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  if (dataDir) removeDir(dataDir)
})

describe('demo in Chromium', () => {
  it('signs in with Local ID, shows the profile, refreshes the tokens and logs out', async () => {
    const page = await freshPage(browser)
    await page.goto(demo.appUrl)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Notes that follow you',
    )
    await screenshot(page, '01-app-home')

    await page.getByRole('button', { name: 'Log in with Local ID' }).click()
    await page.waitForURL((u) => u.origin === demo.idUrl)
    await expect(page.getByRole('heading', { name: 'Sign in to Local ID' }).isVisible()).resolves.toBe(true)
    await expect(page.locator('.lead').textContent()).resolves.toContain('Acme Notes')
    await screenshot(page, '02-local-id-login')

    await page.getByLabel('Username').fill('demo')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: /Acme Notes wants to access your Local ID account/ }).waitFor()
    const scopes = await page.getByTestId('scopes').textContent()
    for (const words of [
      'Know who you are',
      'See your profile',
      'See your email address',
      'Stay connected',
    ]) {
      expect(scopes).toContain(words)
    }
    await screenshot(page, '03-local-id-consent')

    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL(`${demo.appUrl}/profile`)
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Ada Lovelace')
    await expect(page.getByTestId('profile-email').textContent()).resolves.toBe('ada@example.com')
    const claims = await page.getByTestId('id-token-claims').textContent()
    expect(claims).toContain(demo.idUrl)
    expect(claims).toContain('acme-notes')
    const granted = await page.getByTestId('granted-scopes').locator('li').allTextContents()
    expect(granted.sort()).toEqual(['email', 'offline_access', 'openid', 'profile'])
    await expect(page.getByTestId('token-expiry').textContent()).resolves.toMatch(/\d{4}-\d\d-\d\d .* UTC/)
    const before = await page.getByTestId('access-token-tail').textContent()
    await screenshot(page, '04-app-profile')

    await page.getByRole('button', { name: 'Refresh tokens' }).click()
    await page.waitForURL(`${demo.appUrl}/profile?notice=refreshed`)
    await expect(page.getByTestId('notice').textContent()).resolves.toContain('Tokens refreshed')
    const after = await page.getByTestId('access-token-tail').textContent()
    expect(after).not.toBe(before)
    await screenshot(page, '05-app-refreshed')

    await page.getByRole('main').getByRole('button', { name: 'Log out' }).click()
    // RP-initiated logout: Local ID asks, signs out, and sends the browser back to the app.
    await page.getByRole('heading', { name: 'Sign out of Local ID?' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${demo.appUrl}/?notice=signed-out`)
    await expect(page.getByTestId('notice').textContent()).resolves.toContain('signed out')
    await expect(page.getByRole('button', { name: 'Log in with Local ID' }).isVisible()).resolves.toBe(true)
    await screenshot(page, '06-app-signed-out')
    await page.goto(`${demo.appUrl}/profile`)
    expect(page.url()).toBe(`${demo.appUrl}/`)
  })

  it('keeps the user on the login page with an error after a wrong password', async () => {
    const page = await freshPage(browser)
    await page.goto(demo.appUrl)
    await page.getByRole('button', { name: 'Log in with Local ID' }).click()
    await page.getByLabel('Username').fill('demo')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('login-error').waitFor()
    expect(new URL(page.url()).origin).toBe(demo.idUrl)
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('don’t match')
    await expect(page.getByRole('heading', { name: 'Sign in to Local ID' }).isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('Username').inputValue()).resolves.toBe('demo')
    await screenshot(page, '07-local-id-wrong-password')

    // The same form, with the right password now, continues the original request.
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: /wants to access your Local ID account/ }).waitFor()
  })

  it('shows access_denied in the app when the user denies consent', async () => {
    const page = await freshPage(browser)
    await signInToConsent(page, demo)
    await page.getByRole('button', { name: 'Deny' }).click()
    await page.waitForURL((u) => u.origin === demo.appUrl)
    await page.getByTestId('error-code').waitFor()
    await expect(page.getByTestId('error-code').textContent()).resolves.toBe('access_denied')
    await expect(page.locator('.lead').textContent()).resolves.toContain('declined to share')
    await screenshot(page, '08-app-access-denied')
  })

  it('shows a clear error page for a tampered state', async () => {
    const page = await freshPage(browser)
    await signInToConsent(page, demo)
    // Approve through the browser's own cookie jar but stop at the redirect, so the state in it can be changed.
    const form = page.locator('form[action="/consent"]')
    const approval = await page.context().request.post(`${demo.idUrl}/consent`, {
      form: {
        csrf: await form.locator('input[name="csrf"]').inputValue(),
        pending: await form.locator('input[name="pending"]').inputValue(),
        decision: 'allow',
      },
      headers: { origin: demo.idUrl },
      maxRedirects: 0,
    })
    expect(approval.status()).toBe(302)
    const original = approval.headers()['location'] ?? ''
    const tampered = new URL(original)
    expect(tampered.origin).toBe(demo.appUrl)
    expect(tampered.searchParams.get('code')).toBeTruthy()
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`)
    const response = await page.goto(tampered.href)
    expect(response?.status()).toBe(400)
    await expect(page.getByTestId('error-code').textContent()).resolves.toBe('missing_transaction')
    await expect(page.locator('.lead').textContent()).resolves.toContain(
      'does not belong to a sign-in this browser started',
    )
    await expect(page.getByRole('link', { name: 'Back to the start' }).isVisible()).resolves.toBe(true)
    await screenshot(page, '09-app-state-mismatch')
    // The untouched answer still completes the sign-in: only the state was wrong.
    await page.goto(original)
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Ada Lovelace')
  })

  it('serves the sign-in and consent pages with anti-framing headers', async () => {
    const page = await freshPage(browser)
    await page.goto(demo.appUrl)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${demo.idUrl}/authorize`)),
      page.getByRole('button', { name: 'Log in with Local ID' }).click(),
    ])
    const headers = response.headers()
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('can be used with the keyboard alone, with a visible focus ring', async () => {
    const page = await freshPage(browser)
    await page.goto(demo.appUrl)
    // Skip link first, then the logo, then the sign-in button.
    await page.keyboard.press('Tab')
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content')
    await page.getByRole('button', { name: 'Log in with Local ID' }).focus()
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    )
    expect(outline).toBe('solid')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.origin === demo.idUrl)
    // The username field has focus on arrival; type, Tab, type, Enter.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('username')
    await page.keyboard.type('demo')
    await page.keyboard.press('Tab')
    await page.keyboard.type('demo-password')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: /wants to access your Local ID account/ }).waitFor()
    await page.getByRole('button', { name: 'Allow' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`${demo.appUrl}/profile`)
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Ada Lovelace')
  })
})

describe('demo with external providers configured', () => {
  it('shows a button for each configured provider without contacting any of them', async () => {
    const { demo: withAll, dataDir: dir } = await startTestDemo(undefined, {
      google: { clientId: '123-abc.apps.googleusercontent.com', clientSecret: 'x' },
      github: { clientId: 'Iv1.abcdef123456', clientSecret: 'x' },
      vk: { clientId: '51234567', clientSecret: 'x' },
      discord: { clientId: '123456789012345678', clientSecret: 'x' },
    })
    try {
      expect(withAll.providers).toEqual(['Local ID', 'Google', 'GitHub', 'VK', 'Discord'])
      const page = await freshPage(browser)
      const outside: string[] = []
      page.on('request', (r) => {
        if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:')) outside.push(r.url())
      })
      await page.goto(withAll.appUrl)
      const buttons = await page.locator('.providers button').allTextContents()
      expect(buttons).toEqual([
        'Log in with Local ID',
        'Log in with Google',
        'Log in with GitHub',
        'Log in with VK',
        'Log in with Discord',
      ])
      await screenshot(page, '10-app-home-all-providers')
      expect(outside).toEqual([])
    } finally {
      await withAll.close()
      removeDir(dir)
    }
  })
})
