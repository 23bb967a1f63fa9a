import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authToken, basicAuth, formBody, jsonBody } from './lib/body.js'
import { basic } from './lib/client.js'
import { performLogin, resolveOrigin, splitScopes } from './lib/emulator.js'
import { type EmuRequest, json, type LoggedRequest, type RunningServer, startServer } from './lib/server.js'
import { Clock, pkceMatches, s256, validVerifier } from './lib/state.js'

function req(headers: Record<string, string>, body = '', contentType = ''): EmuRequest {
  return { method: 'POST', url: new URL('http://127.0.0.1/x?a=1'), headers, body, contentType }
}

describe('emulator lib: credentials and bodies', () => {
  it.each([
    ['plain', 'client', 'secret'],
    ['reserved characters are form-url-decoded', 'id:with:colons', 'p@ss w%rd+&='],
    ['unicode', 'клиент', 'секрет'],
  ])('basicAuth: %s', (_n, id, secret) => {
    expect(basicAuth(req({ authorization: basic(id, secret) }))).toEqual({ id, secret })
  })

  it('basicAuth: absent, other scheme, malformed', () => {
    expect(basicAuth(req({}))).toBeUndefined()
    expect(basicAuth(req({ authorization: 'Bearer x' }))).toBeUndefined()
    expect(basicAuth(req({ authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }))).toBeNull()
  })

  it.each([
    ['Bearer abc', ['bearer'], 'abc'],
    ['token abc', ['bearer', 'token'], 'abc'],
    ['token abc', ['bearer'], undefined],
    ['bearer   ', ['bearer'], undefined],
  ])('authToken(%j, %j)', (h, schemes, want) => {
    expect(authToken(req({ authorization: h }), schemes)).toBe(want)
  })

  it('formBody reads only form bodies; jsonBody only JSON objects', () => {
    expect(formBody(req({}, 'a=1&b=2', 'application/x-www-form-urlencoded')).get('b')).toBe('2')
    expect([...formBody(req({}, '{"a":1}', 'application/json'))]).toEqual([])
    expect(jsonBody(req({}, '{"a":1}', 'application/json'))).toEqual({ a: 1 })
    expect(jsonBody(req({}, '[1]', 'application/json'))).toBeUndefined()
    expect(jsonBody(req({}, 'a=1', 'application/x-www-form-urlencoded'))).toBeUndefined()
  })
})

describe('emulator lib: PKCE, scopes, login, clock', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

  it('S256 matches the RFC 7636 example; plain compares as is; other methods fail', () => {
    expect(s256(verifier)).toBe(challenge)
    expect(pkceMatches(verifier, challenge, 'S256')).toBe(true)
    expect(pkceMatches(verifier, challenge, 'plain')).toBe(false)
    expect(pkceMatches(verifier, verifier, undefined)).toBe(true)
    expect(pkceMatches(verifier, challenge, 'S512')).toBe(false)
    expect(validVerifier(verifier)).toBe(true)
    expect(validVerifier('short')).toBe(false)
  })

  it('splitScopes splits on spaces and commas, dedupes, keeps order', () => {
    expect(splitScopes('a b,c  a')).toEqual(['a', 'b', 'c'])
    expect(splitScopes('a,b c', /\s+/)).toEqual(['a,b', 'c'])
    expect(splitScopes(null)).toEqual([])
  })

  it('performLogin approves the configured or first user, or refuses', () => {
    const users = new Map([
      ['1', {}],
      ['2', {}],
    ])
    expect(performLogin({ userId: undefined, decision: 'approve' }, users)).toEqual({ ok: true, userId: '1' })
    expect(performLogin({ userId: '2', decision: 'approve' }, users)).toEqual({ ok: true, userId: '2' })
    expect(performLogin({ userId: '9', decision: 'approve' }, users)).toEqual({
      ok: false,
      reason: 'no_user',
    })
    expect(performLogin({ userId: '1', decision: 'deny' }, users)).toEqual({ ok: false, reason: 'denied' })
  })

  it('resolveOrigin takes a value or a function of the origin', () => {
    expect(resolveOrigin('x', 'http://o')).toBe('x')
    expect(resolveOrigin((o: string) => `${o}/p`, 'http://o')).toBe('http://o/p')
  })

  it('Clock is real until set, then fixed, then real again', () => {
    const c = new Clock()
    expect(Math.abs(c.now() - Date.now())).toBeLessThan(1000)
    c.set(1000)
    c.advance(500)
    expect(c.now()).toBe(1500)
    c.reset()
    expect(c.now()).toBeGreaterThan(1500)
  })
})

describe('emulator lib: server', () => {
  const log: LoggedRequest[] = []
  let s: RunningServer
  beforeAll(async () => {
    s = await startServer(
      [
        { method: 'POST', path: '/echo', handler: (r) => json(200, { body: r.body, type: r.contentType }) },
        { method: 'GET', path: /^\/item\/([^/]+)$/, handler: (_r, p) => json(200, { id: p[0] }) },
      ],
      log,
    )
  })
  afterAll(() => s.close())

  it('listens on 127.0.0.1 and routes by exact path or pattern', async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const echo = await fetch(`${s.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'Text/Plain; charset=utf-8' },
      body: 'hi',
    })
    expect(await echo.json()).toEqual({ body: 'hi', type: 'text/plain' })
    expect(await (await fetch(`${s.url}/item/a%20b`)).json()).toEqual({ id: 'a b' })
  })

  it('404 for unknown paths, 405 for a known path with another method', async () => {
    expect((await fetch(`${s.url}/nope`)).status).toBe(404)
    expect((await fetch(`${s.url}/echo`)).status).toBe(405)
  })

  it('logs every request, refused ones included', () => {
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /echo', 'GET /nope', 'GET /echo']),
    )
    expect(log.find((r) => r.path === '/echo' && r.method === 'POST')!.body).toBe('hi')
  })
})
