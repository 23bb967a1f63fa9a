import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { x } from '../../generated/providers/x.js'
import xSpec from '../../providers/x.js'
import { createOAuth1Verifier } from '../../runtime/oauth1/index.js'
import { findSpecProblems } from '../../runtime/provider/validate-spec.js'
import { startOAuth1Server, type TestServer } from '../oauth1/server.js'

const START = 1_700_000_000_000
const CALLBACK = 'http://127.0.0.1:1/x/callback'
let server: TestServer
let apiServer: Server
let apiUrl: string
/** Token secrets the API server knows, filled after the token exchange. */
const tokenSecrets = new Map<string, string>()
const apiSeen: { path: string; query: string; authorization: string }[] = []

beforeAll(async () => {
  server = await startOAuth1Server(new Map([['printer', { secret: 'kd94hf93k423kf44' }]]), START)
  // A stand-in for api.x.com/1.1 that checks every request's OAuth 1.0a signature.
  const verifier = createOAuth1Verifier({
    lookupConsumer: (key) => (key === 'printer' ? { secret: 'kd94hf93k423kf44' } : undefined),
    lookupToken: (token) => {
      const secret = tokenSecrets.get(token)
      return secret ? { secret } : undefined
    },
    now: () => server.clock.now,
  })
  apiServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', apiUrl)
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
    })
    void verifier.verify(request, { requireToken: true }).then((result) => {
      apiSeen.push({ path: url.pathname, query: url.search, authorization: req.headers.authorization ?? '' })
      if (!result.ok) {
        res.writeHead(401).end(JSON.stringify({ errors: [{ code: 32, message: result.problem }] }))
        return
      }
      if (url.pathname !== '/1.1/account/verify_credentials.json') return void res.writeHead(404).end('{}')
      const withEmail = url.searchParams.get('include_email') === 'true'
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id_str: '42',
          name: 'Jane',
          screen_name: 'jane',
          profile_image_url_https: 'https://pbs.example/jane.png',
          ...(withEmail ? { email: 'jane@example.com' } : {}),
          ...(url.searchParams.get('shape') === 'broken' ? { id_str: 42 } : {}),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`
})

afterAll(async () => {
  await server.close()
  await new Promise<void>((resolve) => apiServer.close(() => resolve()))
})

function client() {
  return x({
    consumerKey: 'printer',
    consumerSecret: 'kd94hf93k423kf44',
    callbackUrl: CALLBACK,
    now: () => server.clock.now,
    endpointOverrides: {
      temporaryCredentials: `${server.url}/initiate`,
      authorization: `${server.url}/authorize`,
      tokenCredentials: `${server.url}/token`,
      api: `${apiUrl}/1.1`,
    },
  })
}

/** The user approves on the service's page; returns the callback URL the app receives. */
async function approve(url: URL): Promise<string> {
  const token = url.searchParams.get('oauth_token') ?? ''
  const res = await fetch(`${server.url}/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ oauth_token: token, decision: 'approve' }),
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}

describe('generated X client (OAuth 1.0a)', () => {
  it('the spec is valid and an oauth1 spec without oauth1 settings is refused naming the field', () => {
    expect(findSpecProblems(xSpec, 'providers/x.ts')).toEqual([])
    const { oauth1: _, ...rest } = xSpec
    const problems = findSpecProblems(rest, 'providers/x.ts').map((p) => p.message)
    expect(problems).toEqual([
      expect.stringMatching(/^providers\/x\.ts:oauth1: is required for protocol "oauth1"/),
    ])
    const wrong = findSpecProblems({ ...xSpec, protocol: 'oauth2' }, 'providers/x.ts').map((p) => p.message)
    expect(wrong.some((m) => m.startsWith('providers/x.ts:oauth1: is only for protocol "oauth1"'))).toBe(true)
  })

  it('runs the three-legged flow, then signed API calls and the profile', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl({ params: { force_login: true } })
    expect(url.searchParams.get('force_login')).toBe('true')
    expect(JSON.parse(JSON.stringify(session))).toEqual(session)
    const callbackUrl = await approve(url)
    expect(callbackUrl.startsWith(`${CALLBACK}?`)).toBe(true)
    const tokens = await c.callback(callbackUrl, session)
    expect(tokens.fields).toMatchObject({ user_id: '42', screen_name: 'jane' })
    tokenSecrets.set(tokens.accessToken, tokens.tokenSecret)

    const me = await c.api.verifyCredentials(tokens, { skip_status: true })
    expect(me).toEqual({
      id_str: '42',
      name: 'Jane',
      screen_name: 'jane',
      profile_image_url_https: 'https://pbs.example/jane.png',
    })
    expect(apiSeen.at(-1)?.authorization).toMatch(/^OAuth .*oauth_signature_method="HMAC-SHA1"/)
    expect(apiSeen.at(-1)?.query).toBe('?skip_status=true')

    const profile = await c.profile(tokens)
    expect(profile).toMatchObject({ id: '42', name: 'Jane', email: 'jane@example.com', emailVerified: true })
  })

  it('a callback replayed after the exchange is refused (temporary credentials are single use)', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const callbackUrl = await approve(url)
    await c.callback(callbackUrl, session)
    await expect(c.callback(callbackUrl, session)).rejects.toMatchObject({
      name: expect.stringMatching(/OAuthError/),
    })
  })

  it('API calls with unknown token credentials fail with API_ERROR and the status', async () => {
    const c = client()
    const err = await c.api
      .verifyCredentials({ provider: 'x', accessToken: 'forged', tokenSecret: 'nope', fields: {} })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'API_ERROR', status: 401 })
  })
})
