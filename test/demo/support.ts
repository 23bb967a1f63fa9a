/**
 * Shared set-up of the browser tests: the demo on free ports with a temporary data directory, and
 * Debian's Chromium driven by playwright-core. A missing Chromium fails the tests (never skips).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import type { DemoConfig } from '../../demo/config.js'
import { type RunningDemo, startDemo } from '../../demo/start.js'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'demo')

/** Starts the demo on ports chosen by the OS, with its own data directory. */
export async function startTestDemo(
  dataDir = mkdtempSync(join(tmpdir(), 'authspec-demo-')),
  providers: DemoConfig['providers'] = {},
) {
  const demo = await startDemo({ host: '127.0.0.1', appPort: 0, idPort: 0, dataDir, providers })
  return { demo, dataDir }
}

export interface TestBrowser {
  context: BrowserContext
  close(): Promise<void>
}

/** Launches headless Chromium with a fresh profile; throws naming the install script when it is missing. */
export async function launchChromium(executablePath = CHROMIUM): Promise<TestBrowser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}: run \`bash scripts/chromium.sh\` first`)
  }
  const profile = mkdtempSync(join(tmpdir(), 'authspec-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 860 },
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Writes a full-page screenshot to test-artifacts/demo/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/**
 * A fresh page with no cookies from earlier tests. It is opened before the old pages close, so
 * the browser never runs with no page at all, and brought to the front, so keyboard tests have
 * its focus.
 */
export async function freshPage(browser: TestBrowser): Promise<Page> {
  await browser.context.clearCookies()
  const page = await browser.context.newPage()
  for (const p of browser.context.pages()) if (p !== page) await p.close()
  await page.bringToFront()
  return page
}

/** From the app's home to Local ID's consent page, signing in as the demo user. */
export async function signInToConsent(page: Page, demo: RunningDemo): Promise<void> {
  await page.goto(demo.appUrl)
  await page.getByRole('button', { name: 'Log in with Local ID' }).click()
  await page.getByLabel('Username').fill(demo.credentials.username)
  await page.getByLabel('Password').fill(demo.credentials.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: /wants to access your Local ID account/ }).waitFor()
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
