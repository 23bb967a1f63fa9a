import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import {
  type AuthenticatedFetchOptions,
  createAuthenticatedFetch,
} from '../../runtime/oauth2/authenticated-fetch.js'
import { createTokenSet, type TokenSet } from '../../runtime/oauth2/token-set.js'
import type { TokenResponse } from '../../runtime/oauth2/types.js'

// ---- a resource server on 127.0.0.1 that checks bearer tokens (RFC 6750) ----

interface Seen {
  method: string
  path: string
  token: string | undefined
  headers: IncomingMessage['headers']
  body: string
}

const valid = new Set<string>()
const seen: Seen[] = []
/** The challenge sent with a 401 for a bad token; a test may change it. */
let challenge: string | string[] | undefined
const DEFAULT_CHALLENGE =
  'Bearer realm="api", error="invalid_token", error_description="The access token expired"'
let server: Server
let origin: string

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const auth = req.headers.authorization
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined
    const path = new URL(req.url ?? '/', 'http://x').pathname
    seen.push({
      method: req.method ?? '',
      path,
      token,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    })
    if (path === '/slow') return // never answers; the client's timeout must fire
    if (path === '/late') await sleep(150)
    if (path === '/plain401') {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="api"' }).end()
      return
    }
    if (!token || !valid.has(token)) {
      if (challenge !== undefined) res.setHeader('www-authenticate', challenge)
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, path }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  valid.clear()
  seen.length = 0
  challenge = DEFAULT_CHALLENGE
})

// ---- helpers ----

const T0 = 1_700_000_000_000
let counter = 0
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Mints a token the resource server accepts (unless told otherwise). */
function mint(prefix: string, accept = true): string {
  const t = `${prefix}-${++counter}`
  if (accept) valid.add(t)
  return t
}

/** A refresh function standing in for the token endpoint; records each refresh token it spends. */
function refresher(opts: { accept?: boolean; rotate?: boolean; delay?: number; expiresIn?: number } = {}) {
  const calls: string[] = []
  const fn = async (refreshToken: string): Promise<TokenResponse> => {
    calls.push(refreshToken)
    await sleep(opts.delay ?? 20)
    return {
      access_token: mint('at', opts.accept ?? true),
      token_type: 'Bearer',
      expires_in: opts.expiresIn ?? 3600,
      ...(opts.rotate ? { refresh_token: `rt-${counter}` } : {}),
    }
  }
  return { fn, calls }
}

function tokens(
  opts: { accept?: boolean; refresh?: boolean; expiresIn?: number; scope?: string } = {},
): TokenSet {
  return createTokenSet(
    {
      access_token: mint('at', opts.accept ?? true),
      token_type: 'Bearer',
      expires_in: opts.expiresIn ?? 3600,
      ...(opts.refresh === false ? {} : { refresh_token: 'rt-0' }),
      ...(opts.scope ? { scope: opts.scope } : {}),
    },
    { now: () => T0 },
  )
}

function make(options: Partial<AuthenticatedFetchOptions> & { tokens: TokenSet }, clock = { now: T0 }) {
  return createAuthenticatedFetch({ now: () => clock.now, ...options })
}

// ---- tests ----

describe('createAuthenticatedFetch: sending the token', () => {
  it('sends Authorization: Bearer and keeps the caller headers', async () => {
    const set = tokens()
    const api = make({ tokens: set })
    const res = await api(`${origin}/me`, { headers: { 'x-trace': 'abc', accept: 'application/json' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ token: set.accessToken, path: '/me' })
    expect(seen[0]?.headers['x-trace']).toBe('abc')
    expect(seen[0]?.headers.accept).toBe('application/json')
  })

  it('replaces a caller Authorization header and keeps a Request input’s headers', async () => {
    const set = tokens()
    const api = make({ tokens: set })
    const req = new Request(`${origin}/r`, {
      headers: { authorization: 'Basic Zm9vOmJhcg==', 'x-from': 'request' },
    })
    expect((await api(req)).status).toBe(200)
    expect(seen[0]?.token).toBe(set.accessToken)
    expect(seen[0]?.headers['x-from']).toBe('request')
    expect(api.tokens()).toBe(set)
  })

  it('refuses to send a bearer token over plain http to a non-loopback host', async () => {
    const api = make({ tokens: tokens() })
    await expect(api('http://api.example.com/me')).rejects.toThrow(ArgumentError)
    expect(seen).toHaveLength(0)
  })

  it('turns a network failure and a timeout into OAuthErrors', async () => {
    const api = make({ tokens: tokens(), timeout: 150 })
    await expect(api(`${origin}/slow`)).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(api(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
  })
})

describe('createAuthenticatedFetch: renewal', () => {
  it.each([
    // [seconds elapsed on a 100 s token, refreshed before sending?]
    [0, false],
    [69, false],
    [70, true],
    [1000, true],
  ])('after %is on a 100 s token, refreshes first: %s', async (elapsed, want) => {
    const r = refresher()
    const set = tokens({ expiresIn: 100 })
    const clock = { now: T0 + elapsed * 1000 }
    const api = make({ tokens: set, refresh: r.fn }, clock)
    expect((await api(`${origin}/x`)).status).toBe(200)
    expect(r.calls).toEqual(want ? ['rt-0'] : [])
    expect(seen).toHaveLength(1)
    expect(seen[0]?.token === set.accessToken).toBe(!want)
  })

  it('honours a custom leeway', async () => {
    const r = refresher()
    const api = make({ tokens: tokens({ expiresIn: 100 }), refresh: r.fn, leeway: 0 }, { now: T0 + 99_000 })
    await api(`${origin}/x`)
    expect(r.calls).toHaveLength(0)
  })

  it('refreshes once on 401 invalid_token, retries once, and calls onTokens with the new set', async () => {
    const r = refresher({ rotate: true })
    const set = tokens({ accept: false, scope: 'read write' })
    const persisted: TokenSet[] = []
    const api = make({ tokens: set, refresh: r.fn, onTokens: (t) => void persisted.push(t) })
    const res = await api(`${origin}/x`)
    expect(res.status).toBe(200)
    expect(r.calls).toEqual(['rt-0'])
    expect(seen.map((s) => s.token)).toEqual([set.accessToken, api.tokens().accessToken])
    expect(persisted).toEqual([api.tokens()])
    expect(api.tokens().refreshToken).toBe(`rt-${counter}`)
    expect(api.tokens().scopes).toEqual(['read', 'write'])
  })

  it('keeps the refresh token when the server does not rotate it, and spends it again next time', async () => {
    const r = refresher({ expiresIn: 100 })
    const clock = { now: T0 }
    const api = make({ tokens: tokens({ expiresIn: 100 }), refresh: r.fn }, clock)
    clock.now += 80_000
    await api(`${origin}/a`)
    clock.now += 80_000
    await api(`${origin}/b`)
    expect(r.calls).toEqual(['rt-0', 'rt-0'])
    expect(api.tokens().refreshToken).toBe('rt-0')
  })

  it.each([
    ['error="invalid_token"', 'Bearer error="invalid_token"', true],
    ['token form', 'Bearer error=invalid_token', true],
    ['case-insensitive scheme and name', 'bearer Error="invalid_token"', true],
    ['after a Basic challenge', 'Basic realm="x", Bearer realm="api", error="invalid_token"', true],
    ['after a token68 challenge', 'Newauth abc==, Bearer error="invalid_token"', true],
    ['two header lines', ['Basic realm="x"', 'Bearer error="invalid_token"'], true],
    ['escaped quotes in another param', 'Bearer realm="a \\"q\\" b", error="invalid_token"', true],
    ['no error', 'Bearer realm="api"', false],
    ['insufficient_scope', 'Bearer error="insufficient_scope", scope="admin"', false],
    ['invalid_token only inside a quoted string', 'Bearer realm="x, error=\\"invalid_token\\""', false],
    ['another scheme', 'Basic error="invalid_token"', false],
    ['DPoP scheme', 'DPoP error="invalid_token"', false],
    ['unterminated quote', 'Bearer error="invalid_token', false],
    ['no WWW-Authenticate at all', undefined, false],
  ])('401 with %s refreshes: %s', async (_name, header, want) => {
    challenge = header
    const r = refresher()
    const api = make({ tokens: tokens({ accept: false }), refresh: r.fn })
    const res = await api(`${origin}/x`)
    expect(res.status).toBe(want ? 200 : 401)
    expect(r.calls).toHaveLength(want ? 1 : 0)
    expect(seen).toHaveLength(want ? 2 : 1)
  })

  it('does not refresh on a 401 whose challenge has no invalid_token', async () => {
    const r = refresher()
    const api = make({ tokens: tokens(), refresh: r.fn })
    const res = await api(`${origin}/plain401`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"')
    expect(r.calls).toHaveLength(0)
  })

  it('never loops: a refreshed token that is rejected too gives back the 401 after one refresh', async () => {
    const r = refresher({ accept: false })
    const api = make({ tokens: tokens({ accept: false }), refresh: r.fn })
    const res = await api(`${origin}/x`)
    expect(res.status).toBe(401)
    expect(r.calls).toHaveLength(1)
    expect(seen).toHaveLength(2)
  })

  it('shares one refresh among 10 concurrent requests with an expired token', async () => {
    const r = refresher({ delay: 50 })
    const api = make({ tokens: tokens({ expiresIn: 10 }), refresh: r.fn })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => api(`${origin}/p${i}`)))
    expect(results.map((res) => res.status)).toEqual(Array(10).fill(200))
    expect(r.calls).toHaveLength(1)
    expect(new Set(seen.map((s) => s.token))).toEqual(new Set([api.tokens().accessToken]))
  })

  it('shares one refresh among 10 concurrent requests rejected with invalid_token', async () => {
    const r = refresher({ delay: 30 })
    const set = tokens({ accept: false })
    const api = make({ tokens: set, refresh: r.fn })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => api(`${origin}/p${i}`)))
    expect(results.map((res) => res.status)).toEqual(Array(10).fill(200))
    expect(r.calls).toHaveLength(1)
    expect(seen.filter((s) => s.token === set.accessToken)).toHaveLength(10)
    expect(seen.filter((s) => s.token === api.tokens().accessToken)).toHaveLength(10)
  })

  it('retries a late 401 with the token another caller already renewed, without renewing again', async () => {
    const r = refresher({ delay: 5 })
    const set = tokens({ accept: false })
    const api = make({ tokens: set, refresh: r.fn })
    const [early, late] = await Promise.all([api(`${origin}/early`), api(`${origin}/late`)])
    expect([early.status, late.status]).toEqual([200, 200])
    expect(r.calls).toHaveLength(1)
    const retried = seen.filter((s) => s.path === '/late').map((s) => s.token)
    expect(retried).toEqual([set.accessToken, api.tokens().accessToken])
  })

  it('re-acquires client_credentials-style tokens (no refresh token) instead of refreshing', async () => {
    let reacquired = 0
    const reacquire = async (): Promise<TokenResponse> => {
      reacquired++
      return { access_token: mint('cc'), token_type: 'Bearer', expires_in: 100 }
    }
    const r = refresher()
    const clock = { now: T0 }
    const api = make(
      { tokens: tokens({ refresh: false, expiresIn: 100, accept: false }), refresh: r.fn, reacquire },
      clock,
    )
    expect((await api(`${origin}/x`)).status).toBe(200) // 401 path
    clock.now += 90_000
    expect((await api(`${origin}/y`)).status).toBe(200) // expiry path
    expect(reacquired).toBe(2)
    expect(r.calls).toHaveLength(0)
    expect(api.tokens().accessToken).toMatch(/^cc-/)
    expect(api.tokens().refreshToken).toBeUndefined()
  })

  it('sends the token as is when it cannot be renewed, and returns the server answer', async () => {
    const api = make(
      { tokens: tokens({ refresh: false, expiresIn: 10, accept: false }) },
      { now: T0 + 60_000 },
    )
    const res = await api(`${origin}/x`)
    expect(res.status).toBe(401)
    expect(seen).toHaveLength(1)
    await expect(api.renew()).rejects.toThrow(ArgumentError)
  })

  it('persists through onTokens before the new token is used', async () => {
    const events: string[] = []
    const r = refresher()
    const api = make({
      tokens: tokens({ expiresIn: 10 }),
      refresh: r.fn,
      onTokens: async (t) => {
        await sleep(20)
        events.push(`persisted ${t.accessToken}`)
      },
      fetch: (input, init) => {
        events.push(`sent ${new Headers(init?.headers).get('authorization')?.slice(7)}`)
        return fetch(input, init)
      },
    })
    await api(`${origin}/x`)
    const t = api.tokens().accessToken
    expect(events).toEqual([`persisted ${t}`, `sent ${t}`])
  })

  it('surfaces an onTokens failure but keeps the new (possibly rotated) set current', async () => {
    const r = refresher({ rotate: true })
    const api = make({
      tokens: tokens({ expiresIn: 10 }),
      refresh: r.fn,
      onTokens: () => {
        throw new Error('disk full')
      },
    })
    await expect(api(`${origin}/a`)).rejects.toThrow('disk full')
    expect(api.tokens().refreshToken).toBe(`rt-${counter}`)
    expect((await api(`${origin}/b`)).status).toBe(200)
    expect(r.calls).toHaveLength(1)
  })

  it.each([
    [
      'an OAuthError as it is',
      () => new OAuthError('OAUTH_RESPONSE_ERROR', { error: 'invalid_grant', status: 400 }),
      { code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_grant', status: 400 },
    ],
    [
      'anything else as TOKEN_RENEWAL_FAILED',
      () => new TypeError('socket hang up'),
      { code: 'TOKEN_RENEWAL_FAILED', error: 'token_renewal_failed' },
    ],
  ])('propagates a refresh failure (%s) and lets the next call try again', async (_name, failure, want) => {
    let calls = 0
    const refresh = async (): Promise<TokenResponse> => {
      calls++
      await sleep(10)
      if (calls === 1) throw failure()
      return { access_token: mint('at'), token_type: 'Bearer' }
    }
    const api = make({ tokens: tokens({ expiresIn: 10 }), refresh })
    const first = await Promise.allSettled([api(`${origin}/a`), api(`${origin}/b`), api(`${origin}/c`)])
    for (const result of first) {
      expect(result.status).toBe('rejected')
      const reason = (result as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(OAuthError)
      expect(reason).toMatchObject(want)
    }
    expect(calls).toBe(1)
    expect(seen).toHaveLength(0)
    expect((await api(`${origin}/d`)).status).toBe(200)
    expect(calls).toBe(2)
  })

  it.each([
    ['a body that is no token response', { token_type: 'Bearer' }, /not a valid token response/],
    ['a non-Bearer token', { access_token: 'x', token_type: 'DPoP' }, /DPoP/],
  ])('rejects a renewal returning %s as INVALID_RESPONSE', async (_name, response, message) => {
    const api = make({ tokens: tokens({ expiresIn: 10 }), refresh: async () => response as TokenResponse })
    const err = await api(`${origin}/x`).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE' })
    expect((err as OAuthError).message).toMatch(message)
  })

  it('renew() forces a shared renewal', async () => {
    const r = refresher({ delay: 30 })
    const api = make({ tokens: tokens(), refresh: r.fn })
    const [a, b] = await Promise.all([api.renew(), api.renew()])
    expect(a).toBe(b)
    expect(api.tokens()).toBe(a)
    expect(r.calls).toHaveLength(1)
  })
})

describe('createAuthenticatedFetch: request bodies on retry', () => {
  it.each([
    ['string', () => 'a=1&b=2', 'a=1&b=2'],
    ['URLSearchParams', () => new URLSearchParams({ q: 'x y' }), 'q=x+y'],
    ['Uint8Array', () => new TextEncoder().encode('bytes'), 'bytes'],
    ['Blob', () => new Blob(['blob']), 'blob'],
  ])('resends a %s body', async (_name, body, want) => {
    const r = refresher()
    const api = make({ tokens: tokens({ accept: false }), refresh: r.fn })
    const res = await api(`${origin}/post`, { method: 'POST', body: body() })
    expect(res.status).toBe(200)
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['POST', want],
      ['POST', want],
    ])
  })

  it('resends the body of a Request input', async () => {
    const r = refresher()
    const api = make({ tokens: tokens({ accept: false }), refresh: r.fn })
    const req = new Request(`${origin}/post`, {
      method: 'PUT',
      body: '{"k":1}',
      headers: { 'content-type': 'application/json' },
    })
    expect((await api(req)).status).toBe(200)
    expect(seen.map((s) => [s.method, s.body, s.headers['content-type']])).toEqual([
      ['PUT', '{"k":1}', 'application/json'],
      ['PUT', '{"k":1}', 'application/json'],
    ])
  })

  it('sends a ReadableStream body once and returns its 401 without retrying', async () => {
    const r = refresher()
    const api = make({ tokens: tokens({ accept: false }), refresh: r.fn })
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('streamed'))
        c.close()
      },
    })
    const init = { method: 'POST', body: stream, duplex: 'half' } as RequestInit
    const res = await api(`${origin}/post`, init)
    expect(res.status).toBe(401)
    expect(r.calls).toHaveLength(0)
    expect(seen.map((s) => s.body)).toEqual(['streamed'])
  })

  it('still renews an expired token before sending a stream body', async () => {
    const r = refresher()
    const api = make({ tokens: tokens({ expiresIn: 10 }), refresh: r.fn })
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('s'))
        c.close()
      },
    })
    const res = await api(`${origin}/post`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(200)
    expect(r.calls).toHaveLength(1)
  })
})

describe('createAuthenticatedFetch: arguments', () => {
  it.each([
    ['tokens not a TokenSet', { tokens: { accessToken: 'x' } }, /"tokens"/],
    ['non-Bearer tokens', { tokens: createTokenSet({ access_token: 'x', token_type: 'mac' }) }, /Bearer/],
    ['refresh not a function', { refresh: 'r' }, /"refresh"/],
    ['reacquire not a function', { reacquire: 1 }, /"reacquire"/],
    ['negative leeway', { leeway: -1 }, /"leeway"/],
    ['zero timeout', { timeout: 0 }, /"timeout"/],
  ])('rejects %s', (_name, options, message) => {
    const opts = { tokens: createTokenSet({ access_token: 'x', token_type: 'Bearer' }), ...options }
    expect(() => createAuthenticatedFetch(opts as AuthenticatedFetchOptions)).toThrow(message)
  })

  it('rejects a Request whose body was already read', async () => {
    const api = make({ tokens: tokens() })
    const req = new Request(`${origin}/x`, { method: 'POST', body: 'b' })
    await req.text()
    await expect(api(req)).rejects.toThrow(/already read/)
  })
})
