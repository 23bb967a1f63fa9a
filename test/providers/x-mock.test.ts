import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { x } from '../../generated/providers/x.js'
import {
  createMockProvider,
  DEFAULT_MOCK_CONSUMER,
  type MockEndpointOverrides,
  type MockProvider,
} from '../../mock/index.js'
import xSpec from '../../providers/x.js'
import { rejection } from '../helpers/rejection.js'

/** The generated X client (OAuth 1.0a) against the spec-driven OAuth 1.0a mock. */
const CALLBACK = 'http://127.0.0.1/x/callback'
let mock: MockProvider

beforeAll(async () => {
  mock = await createMockProvider(xSpec)
})
afterAll(() => mock.close())

function client(overrides: MockEndpointOverrides, secret: string = DEFAULT_MOCK_CONSUMER.secret) {
  return x({
    consumerKey: DEFAULT_MOCK_CONSUMER.key,
    consumerSecret: secret,
    callbackUrl: CALLBACK,
    endpointOverrides: overrides,
  })
}

/** The user approves at once: the mock redirects to the callback with the verifier. */
async function approve(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}

async function login(c = client(mock.endpointOverrides)) {
  const { url, session } = await c.authorizationUrl({ params: { force_login: true } })
  const callback = await approve(url)
  return { c, url, callback, session, tokens: await c.callback(callback, session) }
}

describe('OAuth 1.0a mock: the generated X client logs in', () => {
  it('request token, authorize, access token, then a signed API call and the profile', async () => {
    const before = mock.requests.length
    const { url, callback, tokens, c } = await login()
    expect(url.searchParams.get('force_login')).toBe('true')
    expect(new URL(callback).searchParams.get('oauth_verifier')).toBeTruthy()
    expect(tokens.accessToken).toMatch(/^[\w-]{20,}$/)
    expect(tokens.tokenSecret).toMatch(/^[\w-]{20,}$/)
    const user = await c.api.verifyCredentials(tokens, { include_email: true })
    expect(typeof user.id_str).toBe('string')
    expect(typeof user.screen_name).toBe('string')
    const profile = await c.profile(tokens)
    expect(profile.id).toBe(user.id_str)
    expect(mock.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth/request_token',
      'GET /oauth/authorize',
      'POST /oauth/access_token',
      'GET /api/account/verify_credentials.json',
      'GET /api/account/verify_credentials.json',
    ])
  })

  it('a wrong consumer secret fails the signature check at the request token endpoint', async () => {
    const err = await rejection(client(mock.endpointOverrides, 'not-the-secret').authorizationUrl())
    expect(err.code).toBe('OAUTH1_PROBLEM')
    expect(err.error).toBe('signature_invalid')
  })

  it('temporary credentials are single use: the same callback cannot be exchanged twice', async () => {
    const { c, callback, session } = await login()
    const err = await rejection(c.callback(callback, session))
    expect(err.code).toBe('OAUTH1_PROBLEM')
    expect(err.error).toBe('token_rejected')
  })

  it('a forged verifier is refused', async () => {
    const c = client(mock.endpointOverrides)
    const { url, session } = await c.authorizationUrl()
    const callback = new URL(await approve(url))
    callback.searchParams.set('oauth_verifier', 'forged')
    const err = await rejection(c.callback(callback, session))
    expect(err.code).toBe('OAUTH1_PROBLEM')
    expect(err.error).toBe('permission_denied')
  })

  it.each([
    { name: 'an unknown access token', tamper: { accessToken: 'unknown-token' } },
    { name: 'a wrong token secret', tamper: { tokenSecret: 'wrong-secret' } },
  ])('API calls signed with $name are refused (HTTP 401)', async ({ tamper }) => {
    const { c, tokens } = await login()
    const err = await rejection(c.api.verifyCredentials({ ...tokens, ...tamper }))
    expect(err).toMatchObject({ code: 'API_ERROR', status: 401 })
  })
})

describe('authspec mock x', () => {
  it('serves the OAuth 1.0a mock and the generated client logs in against it', async () => {
    const bin = fileURLToPath(new URL('../../bin/authspec.js', import.meta.url))
    const child = spawn(process.execPath, [bin, 'mock', 'x', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = ''
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString()
          if (text.includes('consumerSecret:')) resolve(text)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
      })
      expect(out).toContain(`consumerKey: ${DEFAULT_MOCK_CONSUMER.key}`)
      const overrides = JSON.parse(
        out.split('endpointOverrides: ')[1]!.split('\n')[0]!,
      ) as MockEndpointOverrides
      expect(overrides.temporaryCredentials).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/request_token$/)
      const { c, tokens } = await login(client(overrides))
      expect((await c.profile(tokens)).id).toBeTruthy()
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)
})
