import { createServer, type IncomingMessage, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coreOf, nodeProtect, toCoreRequest, toNodeListener } from '../../runtime/http/node.js'
import { OAuthServerError } from '../../runtime/server/errors.js'
import { webHandler } from '../../runtime/server/lib/core-http.js'
import { basic, type Fixture, setup } from './fixtures.js'

// The node:http adapter answers through the server's core (no Web Request / Response); every
// answer must match the Web-standard path (a plain Fetch handler wrapping server.handler) byte for
// byte, errors included, and `nodeProtect` must refuse exactly what `protect()` refuses.

let f: Fixture
let core: Server
let web: Server
let protectedApi: Server
let coreBase: string
let webBase: string
let apiPort: number

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

beforeAll(async () => {
  f = await setup()
  // A wrapper is a plain Fetch handler, so this listener takes the Web Request / Response path.
  core = createServer(toNodeListener(f.server.handler, { maxBodyBytes: 4096, origin: 'https://id.example' }))
  web = createServer(
    toNodeListener((r) => f.server.handler(r), { maxBodyBytes: 4096, origin: 'https://id.example' }),
  )
  protectedApi = createServer(
    nodeProtect(
      f.server.resourceProtector({ now: () => f.clock.now }),
      (_req, res, token) => {
        const json = JSON.stringify({ client: token.clientId, scopes: token.scopes })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
        res.end(json)
      },
      { scopes: ['api:read'] },
    ),
  )
  coreBase = `http://127.0.0.1:${await listen(core)}`
  webBase = `http://127.0.0.1:${await listen(web)}`
  apiPort = await listen(protectedApi)
})

afterAll(async () => {
  for (const s of [core, web, protectedApi]) await new Promise<void>((resolve) => s.close(() => resolve()))
})

const FORM = 'application/x-www-form-urlencoded'
const HEADERS = ['content-type', 'cache-control', 'pragma', 'www-authenticate', 'allow', 'content-length']

interface Case {
  name: string
  path: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  status: number
}

const cases: Case[] = [
  {
    name: 'wrong secret',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('web', 'nope'), 'content-type': FORM },
    body: 'grant_type=client_credentials',
    status: 401,
  },
  {
    name: 'unknown client',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('ghost', 'web-secret'), 'content-type': FORM },
    body: 'grant_type=client_credentials',
    status: 401,
  },
  { name: 'GET on the token endpoint', path: '/token', method: 'GET', headers: {}, status: 405 },
  {
    name: 'JSON body',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('web', 'web-secret'), 'content-type': 'application/json' },
    body: '{"grant_type":"client_credentials"}',
    status: 400,
  },
  {
    name: 'repeated parameter',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('web', 'web-secret'), 'content-type': FORM },
    body: 'grant_type=client_credentials&scope=api:read&scope=api:write',
    status: 400,
  },
  {
    name: 'body over the adapter limit',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('web', 'web-secret'), 'content-type': FORM },
    body: `grant_type=client_credentials&x=${'a'.repeat(5000)}`,
    status: 413,
  },
  {
    name: 'unsupported grant type',
    path: '/token',
    method: 'POST',
    headers: { authorization: basic('web', 'web-secret'), 'content-type': FORM },
    body: 'grant_type=urn:example:nope',
    status: 400,
  },
  {
    name: 'scope not allowed',
    path: '/token',
    method: 'POST',
    headers: { 'content-type': FORM },
    body: 'grant_type=client_credentials&scope=api:write&client_id=post&client_secret=post-secret',
    status: 400,
  },
  {
    name: 'metadata',
    path: '/.well-known/openid-configuration',
    method: 'GET',
    headers: {},
    status: 200,
  },
  { name: 'unknown path', path: '/nope', method: 'GET', headers: {}, status: 404 },
]

async function call(base: string, c: Case) {
  const res = await fetch(base + c.path, {
    method: c.method,
    headers: c.headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
  })
  const headers = Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)]))
  return { status: res.status, headers, body: await res.text() }
}

describe('node:http adapter over the core', () => {
  it("serves server.handler through the server's core, and a plain Fetch handler through Web objects", () => {
    expect(coreOf(f.server.handler)).toBe(f.server.core)
    expect(coreOf((r: Request) => f.server.handler(r))).not.toBe(f.server.core)
  })

  it.each(cases)('answers $name exactly as the Web path does', async (c) => {
    const [a, b] = [await call(coreBase, c), await call(webBase, c)]
    expect(a.status).toBe(c.status)
    expect(a).toEqual(b)
  })

  it('issues a token with the same headers and fields as the Web path', async () => {
    const c: Case = {
      name: 'ok',
      path: '/token',
      method: 'POST',
      headers: { authorization: basic('web', 'web-secret'), 'content-type': FORM },
      body: 'grant_type=client_credentials&scope=api:read',
      status: 200,
    }
    const [a, b] = [await call(coreBase, c), await call(webBase, c)]
    expect(a.status).toBe(200)
    const { 'content-length': _a, ...coreHeaders } = a.headers
    const { 'content-length': _b, ...webHeaders } = b.headers
    expect(coreHeaders).toEqual(webHeaders)
    expect(coreHeaders['cache-control']).toBe('no-store')
    const [ja, jb] = [JSON.parse(a.body), JSON.parse(b.body)]
    expect(Object.keys(ja).sort()).toEqual(Object.keys(jb).sort())
    expect({ ...ja, access_token: 'x' }).toEqual({ ...jb, access_token: 'x' })
    expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(a.body))
  })
})

/** Sends raw request bytes (to the protected server by default); returns the status and the raw head. */
function raw(lines: string[], port = apiPort): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.on('data', (d) => {
      data += d.toString('latin1')
    })
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body })
    })
    socket.on('error', () => undefined)
    socket.end(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  })
}

async function issue(scope: string): Promise<string> {
  const res = await fetch(`${coreBase}/token`, {
    method: 'POST',
    headers: { authorization: basic('web', 'web-secret'), 'content-type': FORM },
    body: `grant_type=client_credentials&scope=${scope}`,
  })
  return ((await res.json()) as { access_token: string }).access_token
}

/** `GET /api` on the protected server with the token as a Bearer header. */
function getApi(token: string, host = '127.0.0.1') {
  return raw(['GET /api HTTP/1.1', `host: ${host}`, 'connection: close', `authorization: Bearer ${token}`])
}

describe('nodeProtect', () => {
  it('runs the route with the validated token', async () => {
    const token = await issue('api:read')
    const res = await getApi(token)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ client: 'web', scopes: ['api:read'] })
  })

  const refusals: [string, (token: string) => string[], number, RegExp][] = [
    ['no token', () => [], 401, /www-authenticate: Bearer realm="[^"]+"\r?$/im],
    ['a forged token', (t) => [`authorization: Bearer ${t.slice(0, -4)}AAAA`], 401, /error="invalid_token"/],
    ['a malformed header', () => ['authorization: Bearer a b'], 400, /error="invalid_request"/],
    [
      'two Authorization headers (joined, as Headers does)',
      (t) => [`authorization: Bearer ${t}`, `authorization: Bearer ${t}`],
      400,
      /error="invalid_request"/,
    ],
    [
      'a token in the query string',
      (t) => [`x-path: /api?access_token=${t}`],
      400,
      /error="invalid_request"/,
    ],
  ]

  it.each(refusals)('refuses %s', async (_name, headers, status, challenge) => {
    const token = await issue('api:read')
    const lines = headers(token)
    const path = lines[0]?.startsWith('x-path: ') ? lines.shift()!.slice(8) : '/api'
    const res = await raw([`GET ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...lines])
    expect(res.status).toBe(status)
    expect(res.head).toMatch(challenge)
    expect(JSON.parse(res.body)).toHaveProperty('error')
  })

  it('refuses a token without the required scope with 403 insufficient_scope', async () => {
    const token = await issue('api:write')
    const res = await getApi(token)
    expect(res.status).toBe(403)
    expect(res.head).toMatch(/error="insufficient_scope"/)
  })

  it('refuses a malformed Host header before validating', async () => {
    const token = await issue('api:read')
    const res = await getApi(token, 'bad host!')
    expect(res.status).toBe(400)
  })
})

describe('hashesEqual', () => {
  const h = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg'
  it.each([
    [h, h, true],
    ['', '', true],
    [h, `x${h.slice(1)}`, false],
    [h, `${h.slice(0, -1)}x`, false],
    [h, h.slice(0, -1), false],
    [h, `${h}A`, false],
    ['', h, false],
    ['é', 'e', false],
  ])('%s vs %s is %s', async (a, b, equal) => {
    const { hashesEqual } = await import('../../runtime/server/lib/tokens.js')
    expect(hashesEqual(a, b)).toBe(equal)
  })
})

describe('core request pathname', () => {
  const request = (host: string, url: string) =>
    toCoreRequest({
      method: 'GET',
      url,
      headers: { host },
      rawHeaders: ['host', host],
    } as unknown as IncomingMessage)

  it.each([
    '/token',
    '/a//b/',
    '/a/./b',
    '/a/../token',
    '/%74oken',
    '/token?x=1',
    '/t\\x',
    '/t%2Fx',
    '/t x',
    '/ü',
    '/.well-known/openid-configuration',
  ])('%s is routed as the URL parser reads it', (target) => {
    const want = new URL(`http://127.0.0.1:8080${target}`).pathname
    expect(request('127.0.0.1:8080', target).pathname).toBe(want)
  })

  it('a Host the URL parser refuses gives 400', () => {
    expect(request('127.0.0.1:8080', '/token').url).toBe('http://127.0.0.1:8080/token')
    for (const host of ['999.1.1.1', '127.0.0.1:99999', 'a:b:c']) {
      const core = request(host, '/token')
      expect(() => core.pathname).toThrow(OAuthServerError)
      expect(() => core.pathname).toThrow(expect.objectContaining({ status: 400 }))
    }
  })
})

describe('a listener routes plain paths without parsing once its origin has parsed', () => {
  // The listener remembers the last origin that made a valid URL (its own state, one per
  // listener): every target must still be routed as the URL parser reads it, first or later.
  const echo = webHandler(async (r) => ({ status: 200, headers: {}, body: r.pathname }))
  let port: number
  let echoServer: Server
  beforeAll(async () => {
    echoServer = createServer(toNodeListener(echo))
    port = await listen(echoServer)
  })
  afterAll(() => new Promise<void>((resolve) => echoServer.close(() => resolve())))

  const send = (target: string, host: string) =>
    raw([`GET ${target} HTTP/1.1`, `host: ${host}`, 'connection: close'], port)

  it.each(['/token', '/a//b/', '/a/./b', '/a/../token', '/%74oken', '/token?x=1', '/t%2Fx'])(
    '%s, before and after',
    async (target) => {
      const want = new URL(`http://127.0.0.1:8080${target}`).pathname
      expect((await send(target, '127.0.0.1:8080')).body).toBe(want)
      expect((await send('/', '127.0.0.1:8080')).body).toBe('/')
      expect((await send(target, '127.0.0.1:8080')).body).toBe(want)
    },
  )

  it('a Host the URL parser refuses still gets 400 after another origin parsed', async () => {
    expect((await send('/token', '127.0.0.1:8080')).status).toBe(200)
    for (const host of ['999.1.1.1', '127.0.0.1:99999', 'a:b:c'])
      expect((await send('/token', host)).status).toBe(400)
  })
})
