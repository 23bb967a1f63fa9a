import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import { checkHostMap, hostMapFetch, remapUrl } from '../../runtime/lib/host-map.js'
import { httpRequest } from '../../runtime/lib/http.js'

const map = checkHostMap({
  'https://api.example.com': 'http://127.0.0.1:4010',
  'https://idp.example/': 'http://127.0.0.1:4011',
})

describe('checkHostMap', () => {
  it.each([
    ['a key with a path', { 'https://api.example.com/v1': 'http://127.0.0.1:1' }, /hostMap key/],
    [
      'a value with a path',
      { 'https://api.example.com': 'http://127.0.0.1:1/api' },
      /hostMap\["https:\/\/api.example.com"\]/,
    ],
    ['a key that is no URL', { 'api.example.com': 'http://127.0.0.1:1' }, /must be an origin/],
  ])('refuses %s at once, naming it', (_, given, want) => {
    expect(() => checkHostMap(given)).toThrow(ArgumentError)
    expect(() => checkHostMap(given)).toThrow(want)
  })
})

describe('remapUrl', () => {
  it.each([
    [
      'a mapped origin: path and query kept',
      'https://api.example.com/user?x=1',
      'http://127.0.0.1:4010/user?x=1',
    ],
    [
      'a key written with a slash',
      'https://idp.example/.well-known/openid-configuration',
      'http://127.0.0.1:4011/.well-known/openid-configuration',
    ],
    ['a local origin of the map, as is', 'http://127.0.0.1:4011/token', 'http://127.0.0.1:4011/token'],
  ])('%s', (_, given, want) => {
    expect(remapUrl(map, given).href).toBe(want)
  })

  it('refuses any other origin with UNMAPPED_HOST, naming it', () => {
    const err = (() => {
      try {
        return remapUrl(map, 'https://evil.example/steal?token=t')
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(OAuthError)
    expect(err).toMatchObject({ code: 'UNMAPPED_HOST', error: 'unmapped_host' })
    expect(String((err as Error).message)).toContain('https://evil.example')
  })
})

describe('hostMapFetch over HTTP on 127.0.0.1', () => {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = []
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    res.end('ok')
  })
  afterAll(() => server.close())

  it('sends a mapped request to the local origin with Forwarded; an unmapped one never leaves', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const sent: string[] = []
    const fetch = hostMapFetch(checkHostMap({ 'https://api.example.com': local }), (input, init) => {
      sent.push(String(input))
      return globalThis.fetch(input, init)
    })
    const res = await httpRequest('https://api.example.com/user?id=1', { method: 'GET' }, { fetch })
    expect(res.text()).toBe('ok')
    expect(seen).toMatchObject([
      { url: '/user?id=1', headers: { forwarded: 'host=api.example.com;proto=https' } },
    ])
    // httpRequest passes the typed refusal through instead of calling it a network error.
    await expect(
      httpRequest('https://other.example/token', { method: 'POST', body: 'refresh_token=r' }, { fetch }),
    ).rejects.toMatchObject({ code: 'UNMAPPED_HOST' })
    expect(sent).toEqual([`${local}/user?id=1`])
    expect(seen).toHaveLength(1)
  })
})
