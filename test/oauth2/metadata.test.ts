import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import { discover, wellKnownUrl } from '../../runtime/oauth2/metadata.js'
import { MetadataCache } from '../../runtime/oauth2/metadata-cache.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, startFakeServer } from './fixtures/fake-server.js'

let as: FakeServer

beforeAll(async () => {
  as = await startFakeServer()
})
afterAll(() => as.close())
beforeEach(() => as.reset())

function doc(issuer: string, headers: Record<string, string> = {}) {
  return () => ({ headers, json: { issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` } })
}

describe('wellKnownUrl', () => {
  it.each([
    ['https://as.example', 'oidc', 'https://as.example/.well-known/openid-configuration'],
    ['https://as.example/', 'oidc', 'https://as.example/.well-known/openid-configuration'],
    ['https://as.example/tenant/v2', 'oidc', 'https://as.example/tenant/v2/.well-known/openid-configuration'],
    ['https://as.example', 'oauth', 'https://as.example/.well-known/oauth-authorization-server'],
    [
      'https://as.example/tenant/v2',
      'oauth',
      'https://as.example/.well-known/oauth-authorization-server/tenant/v2',
    ],
    [
      'https://as.example/tenant/',
      'oauth',
      'https://as.example/.well-known/oauth-authorization-server/tenant',
    ],
  ] as const)('%s (%s) -> %s', (issuer, kind, want) => {
    expect(wellKnownUrl(issuer, kind).href).toBe(want)
  })

  it.each(['https://as.example?x=1', 'https://as.example#f', 'http://as.example', 'not a url'])(
    'refuses issuer %s',
    (issuer) => {
      expect(() => wellKnownUrl(issuer, 'oidc')).toThrow(ArgumentError)
    },
  )
})

describe('discover', () => {
  it('reads the OIDC document and checks the issuer', async () => {
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin))
    const metadata = await discover(as.origin, { kind: 'oidc' })
    expect(metadata.token_endpoint).toBe(`${as.origin}/token`)
    expect(as.requests.map((r) => r.url.pathname)).toEqual(['/.well-known/openid-configuration'])
    expect(as.requests[0]!.headers.accept).toBe('application/json')
  })

  it('reads the RFC 8414 document with the well-known part before the issuer path', async () => {
    const issuer = `${as.origin}/tenant`
    as.route('GET', '/.well-known/oauth-authorization-server/tenant', doc(issuer))
    const metadata = await discover(issuer, { kind: 'oauth' })
    expect(metadata.issuer).toBe(issuer)
  })

  it('auto falls back from OIDC to RFC 8414 when there is no OIDC document', async () => {
    as.route('GET', '/.well-known/oauth-authorization-server', doc(as.origin))
    const metadata = await discover(as.origin)
    expect(metadata.issuer).toBe(as.origin)
    expect(as.requests.map((r) => r.url.pathname)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ])
  })

  it.each([
    ['another server', 'https://evil.example'],
    ['a trailing slash', 'ORIGIN/'],
    ['another path', 'ORIGIN/other'],
  ])(
    'an issuer naming %s is METADATA_ISSUER_MISMATCH, and auto does not try further',
    async (_name, named) => {
      as.route('GET', '/.well-known/openid-configuration', doc(named.replace('ORIGIN', as.origin)))
      as.route('GET', '/.well-known/oauth-authorization-server', doc(as.origin))
      const err = await rejection(discover(as.origin))
      expect(err.code).toBe('METADATA_ISSUER_MISMATCH')
      expect(err.claim).toBe('issuer')
      expect(as.requests).toHaveLength(1)
    },
  )

  it('refuses an unknown kind', async () => {
    await expect(discover(as.origin, { kind: 'OIDC' as 'oidc' })).rejects.toThrow(ArgumentError)
  })

  it('a missing document of the requested kind is INVALID_RESPONSE with the status', async () => {
    const err = await rejection(discover(as.origin, { kind: 'oidc' }))
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', status: 404 })
  })

  it('a document without issuer is INVALID_RESPONSE naming the field', async () => {
    as.route('GET', '/.well-known/openid-configuration', () => ({ json: { token_endpoint: 'https://x/t' } }))
    const err = await rejection(discover(as.origin, { kind: 'oidc' }))
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'issuer' })
  })
})

describe('MetadataCache', () => {
  function clock() {
    let t = 5_000_000
    return { now: () => t, advance: (s: number) => (t += s * 1000) }
  }

  it('honours Cache-Control max-age', async () => {
    as.route(
      'GET',
      '/.well-known/openid-configuration',
      doc(as.origin, { 'cache-control': 'public, max-age=60' }),
    )
    const c = clock()
    const cache = new MetadataCache({ kind: 'oidc', now: c.now })
    await cache.get(as.origin)
    c.advance(59)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(1)
    c.advance(2)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(2)
  })

  it.each(['no-store', 'no-cache', 'max-age=0'])('does not keep a document sent with %s', async (cc) => {
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin, { 'cache-control': cc }))
    const cache = new MetadataCache({ kind: 'oidc', now: clock().now })
    await cache.get(as.origin)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(2)
  })

  it('uses the default TTL without Cache-Control and caps max-age at maxTtl', async () => {
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin))
    const c = clock()
    const cache = new MetadataCache({ kind: 'oidc', defaultTtl: 100, now: c.now })
    await cache.get(as.origin)
    c.advance(99)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(1)
    c.advance(2)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(2)

    as.reset()
    as.route(
      'GET',
      '/.well-known/openid-configuration',
      doc(as.origin, { 'cache-control': 'max-age=999999' }),
    )
    const capped = new MetadataCache({ kind: 'oidc', maxTtl: 10, now: c.now })
    await capped.get(as.origin)
    c.advance(11)
    await capped.get(as.origin)
    expect(as.requests).toHaveLength(2)
  })

  it('has a default TTL of one hour', async () => {
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin))
    const c = clock()
    const cache = new MetadataCache({ kind: 'oidc', now: c.now })
    await cache.get(as.origin)
    c.advance(3599)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(1)
    c.advance(2)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(2)
  })

  it('shares one request among concurrent lookups, and invalidate forgets', async () => {
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin))
    const cache = new MetadataCache({ kind: 'oidc', now: clock().now })
    const results = await Promise.all([cache.get(as.origin), cache.get(as.origin), cache.get(as.origin)])
    expect(new Set(results.map((r) => r.issuer))).toEqual(new Set([as.origin]))
    expect(as.requests).toHaveLength(1)
    cache.invalidate(as.origin)
    await cache.get(as.origin)
    expect(as.requests).toHaveLength(2)
  })

  it('does not cache failures', async () => {
    const cache = new MetadataCache({ kind: 'oidc', now: clock().now })
    await expect(cache.get(as.origin)).rejects.toBeInstanceOf(OAuthError)
    as.route('GET', '/.well-known/openid-configuration', doc(as.origin))
    expect((await cache.get(as.origin)).issuer).toBe(as.origin)
  })
})
