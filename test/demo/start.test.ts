/**
 * The demo's start-up over real HTTP, without a browser: first run creates the data directory and
 * keys, a restart reuses them; a taken port and bad settings give one clear line; forms refuse
 * posts without the CSRF token or from another origin; pages cannot be framed.
 */

import { once } from 'node:events'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../demo/config.js'
import { PortInUseError, type RunningDemo, startDemo } from '../../demo/start.js'
import { removeDir, startTestDemo } from './support.js'

let demo: RunningDemo
let dataDir: string

beforeAll(async () => {
  ;({ demo, dataDir } = await startTestDemo())
}, 60_000)

afterAll(async () => {
  await demo?.close()
  if (dataDir) removeDir(dataDir)
})

/** GETs a page and returns its first CSRF token, with the session cookie it was issued with. */
async function formToken(url: string): Promise<{ csrf: string; cookie: string }> {
  const res = await fetch(url)
  const html = await res.text()
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1]
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0]
  if (!csrf || !cookie) throw new Error(`no form on ${url}`)
  return { csrf, cookie }
}

describe('demo start-up', () => {
  it('creates the data directory with owner-only secrets and reuses the signing key on restart', async () => {
    expect(demo.keysCreated).toBe(true)
    for (const file of ['authspec.db', 'signing-keys.json', 'demo-client.json', 'app-cookie-secret.json']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true)
    }
    for (const file of ['signing-keys.json', 'demo-client.json', 'app-cookie-secret.json']) {
      expect(statSync(join(dataDir, file)).mode & 0o077, file).toBe(0)
    }
    const before = (await (await fetch(`${demo.idUrl}/jwks`)).json()) as { keys: { kid: string }[] }
    const again = await startDemo({ host: '127.0.0.1', appPort: 0, idPort: 0, dataDir, providers: {} })
    try {
      expect(again.keysCreated).toBe(false)
      const after = (await (await fetch(`${again.idUrl}/jwks`)).json()) as { keys: { kid: string }[] }
      expect(after.keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid))
    } finally {
      await again.close()
    }
  })

  it('keeps no password in clear in the database', () => {
    // WAL mode: recent writes may still be in the -wal file.
    const bytes = ['authspec.db', 'authspec.db-wal']
      .filter((f) => existsSync(join(dataDir, f)))
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('')
    expect(bytes).not.toContain(demo.credentials.password)
    expect(bytes).toContain('scrypt$')
  })

  it('names the port and the variable to change when a port is taken', async () => {
    const blocker = createServer()
    blocker.listen(0, '127.0.0.1')
    await once(blocker, 'listening')
    const port = (blocker.address() as { port: number }).port
    try {
      const attempt = startDemo({ host: '127.0.0.1', appPort: port, idPort: 0, dataDir, providers: {} })
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError)
      await expect(attempt).rejects.toThrow(`Port ${port} (the demo app) is already in use`)
      await expect(attempt).rejects.toThrow('DEMO_APP_PORT')
    } finally {
      blocker.close()
    }
  })

  it('shows discovery with the Local ID issuer', async () => {
    const meta = (await (await fetch(`${demo.idUrl}/.well-known/openid-configuration`)).json()) as {
      issuer: string
      authorization_endpoint: string
    }
    expect(meta.issuer).toBe(demo.idUrl)
    expect(meta.authorization_endpoint).toBe(`${demo.idUrl}/authorize`)
  })
})

describe('demo configuration', () => {
  it.each([
    ['nothing set', {}, [], []],
    [
      'GitHub complete',
      { GITHUB_CLIENT_ID: 'Iv1.abcdef123456', GITHUB_CLIENT_SECRET: 's3cret' },
      ['github'],
      [],
    ],
    [
      'Google without a secret',
      { GOOGLE_CLIENT_ID: '123-abc.apps.googleusercontent.com' },
      [],
      ['Google: GOOGLE_CLIENT_SECRET is not set, so the Google button is hidden (see .env.example)'],
    ],
    [
      'Discord with a malformed id',
      { DISCORD_CLIENT_ID: 'my-app', DISCORD_CLIENT_SECRET: 'x' },
      [],
      [
        'Discord: DISCORD_CLIENT_ID does not look right (it is the numeric application id), so the Discord button is hidden',
      ],
    ],
    ['VK complete', { VK_CLIENT_ID: '51234567', VK_CLIENT_SECRET: 'x' }, ['vk'], []],
  ])('%s', (_name, env, providers, warnings) => {
    const { config, warnings: got } = loadConfig(env)
    expect(Object.keys(config.providers)).toEqual(providers)
    expect(got).toEqual(warnings)
  })

  it.each([
    ['DEMO_APP_PORT', 'abc'],
    ['LOCAL_ID_PORT', '70000'],
  ])('refuses %s=%s with one line', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      `${name} must be a port number from 0 to 65535, got "${value}"`,
    )
  })

  it('defaults to ports 3000 and 4000 and ./data', () => {
    expect(loadConfig({}).config).toMatchObject({ appPort: 3000, idPort: 4000, dataDir: './data' })
  })
})

describe('demo forms and headers', () => {
  /** The Local ID sign-in page of a real authorization request started by the app. */
  async function localIdLoginPage(): Promise<string> {
    const { csrf, cookie } = await formToken(`${demo.appUrl}/`)
    const res = await fetch(`${demo.appUrl}/login/local`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: demo.appUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${csrf}`,
    })
    return res.headers.get('location') ?? ''
  }

  it.each([
    ['the app', () => Promise.resolve(`${demo.appUrl}/`), `/login/local`, ''],
    ['Local ID', localIdLoginPage, '/login', '&username=demo&password=demo-password'],
  ])(
    '%s refuses a post without the CSRF token or from another origin',
    async (_name, pageUrl, path, extra) => {
      const url = await pageUrl()
      const own = new URL(url).origin
      expect(url.startsWith(own)).toBe(true)
      const { csrf, cookie } = await formToken(url)
      const post = (body: string, origin: string) =>
        fetch(`${own}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: `${body}${extra}`,
        })
      expect((await post('csrf=', own)).status).toBe(403)
      expect((await post(`csrf=${csrf}x`, own)).status).toBe(403)
      expect((await post(`csrf=${csrf}`, 'http://evil.example')).status).toBe(403)
      const accepted = await post(`csrf=${csrf}`, own)
      expect([302, 303]).toContain(accepted.status)
    },
  )

  it('shows an error page, not a redirect, for an unknown client', async () => {
    const res = await fetch(
      `${demo.idUrl}/authorize?response_type=code&client_id=nobody&redirect_uri=http://127.0.0.1/cb`,
      { redirect: 'manual' },
    )
    expect(res.status).toBe(400)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const html = await res.text()
    expect(html).toContain('data-testid="error-code">invalid_request<')
    expect(html).toContain('the client is unknown')
  })
})
