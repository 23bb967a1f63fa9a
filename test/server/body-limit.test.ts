import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { deviceCodeGrant } from '../../runtime/server/index.js'
import { chunked, closeServer, listenLocal, rawHttp, rawRequest } from '../helpers/raw-http.js'
import { type Fixture, ISSUER, setup } from './fixtures.js'

/** The server's own limit, far below the adapter's (1 MiB), so the core's reader meets the excess. */
const MAX = 4096
const ENDPOINTS = [
  '/authorize',
  '/token',
  '/revoke',
  '/introspect',
  '/device_authorization',
  '/register',
  '/logout',
  '/userinfo',
]

let f: Fixture
const servers: Server[] = []
const ports: Record<'lite' | 'cloning', number> = { lite: 0, cloning: 0 }

/**
 * An application handler as the docs describe it: it clones the request before
 * `validateConsentRequest` reads the body of POST /authorize (it needs the body again later).
 */
function cloningApp(request: Request): Promise<Response> {
  if (new URL(request.url).pathname !== '/authorize' || request.method !== 'POST') {
    return f.server.handler(request.clone())
  }
  const kept = request.clone()
  return f.server.validateConsentRequest(request).then(
    (consent) => f.server.createAuthorizationResponse(consent, { user: { sub: 'alice' }, approved: true }),
    (err: unknown) => {
      void kept
      return f.server.authorizationErrorResponse(err)
    },
  )
}

beforeAll(async () => {
  f = await setup({ maxBodyBytes: MAX, registration: { open: true }, endSession: async () => undefined })
  f.server.registerGrant(deviceCodeGrant())
  for (const [name, handler] of [
    ['lite', f.server.handler],
    ['cloning', cloningApp],
  ] as const) {
    const http = createServer(toNodeListener(handler, { origin: ISSUER }))
    servers.push(http)
    ports[name] = await listenLocal(http)
  }
})

afterAll(() => Promise.all(servers.map(closeServer)))

const oversized = `access_token=${'x'.repeat(MAX * 4)}`
const cases = ENDPOINTS.flatMap((path) =>
  (['lite', 'cloning'] as const).flatMap((server) =>
    (['content-length', 'chunked'] as const).map(
      (framing) => [`${server} ${framing} ${path}`, server, framing, path] as const,
    ),
  ),
)

describe('a request body over the size limit (RFC 9110 §15.5.14)', () => {
  it.each(cases)('%s: 413 at once', async (_name, server, framing, path) => {
    const type: [string, string] = [
      'content-type',
      path === '/register' ? 'application/json' : 'application/x-www-form-urlencoded',
    ]
    const framed: [string, string] =
      framing === 'chunked' ? ['transfer-encoding', 'chunked'] : ['content-length', String(oversized.length)]
    const body = framing === 'chunked' ? chunked(oversized, 1024) : oversized
    const answer = await rawHttp(ports[server], rawRequest('POST', path, [type, framed], body), 3000)
    expect(answer.timedOut).toBe(false)
    expect(answer.status).toBe(413)
  })
})

describe('toNodeListener timeoutMs: no request is held open for ever', () => {
  const hanging = (): Promise<Response> => new Promise(() => undefined)
  let port = 0
  let http: Server
  beforeAll(async () => {
    http = createServer(toNodeListener(hanging, { timeoutMs: 200 }))
    port = await listenLocal(http)
  })
  afterAll(() => closeServer(http))

  it('a handler that never answers: 503 temporarily_unavailable, connection closed', async () => {
    const answer = await rawHttp(port, rawRequest('GET', '/', []), 2000)
    expect(answer.status).toBe(503)
    expect(JSON.parse(answer.body).error).toBe('temporarily_unavailable')
  })

  it('a body that never finishes arriving: 408', async () => {
    const head = rawRequest('POST', '/token', [
      ['content-type', 'application/x-www-form-urlencoded'],
      ['content-length', '100'],
    ])
    const answer = await rawHttp(port, `${head}grant_type=`, 2000)
    expect(answer.status).toBe(408)
  })

  it('refuses a timeout that is not a positive number', () => {
    expect(() => toNodeListener(hanging, { timeoutMs: 0 })).toThrow('"timeoutMs"')
  })
})
