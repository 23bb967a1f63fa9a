import { jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import { createLocalJwks, createRemoteJwks } from '../../runtime/oidc/index.js'
import { rejection } from '../helpers/rejection.js'
import {
  baseClaims,
  json,
  type SigningKey,
  sign,
  signingKey,
  startServer,
  type TestServer,
} from './support.js'

let server: TestServer
let rsa1: SigningKey
let rsa2: SigningKey
let rsa3: SigningKey
let ec: SigningKey
let jwks: { keys: object[] }
let clock: number
const now = () => clock

beforeAll(async () => {
  server = await startServer()
  rsa1 = await signingKey('RS256', 'rsa-1')
  rsa2 = await signingKey('RS256', 'rsa-2')
  rsa3 = await signingKey('RS256', 'rsa-3')
  ec = await signingKey('ES256', 'ec-1')
})
afterAll(() => server.close())
beforeEach(() => {
  clock = 1_000_000
  jwks = { keys: [rsa1.publicJwk, ec.publicJwk] }
  server.requests.length = 0
  server.routes.set('/jwks', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks))
  })
})

describe('createRemoteJwks', () => {
  it('serves as the key resolver of jose jwtVerify and caches the set', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    const token = await sign(rsa1, baseClaims())
    const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'] })
    expect(payload.sub).toBe('user-42')
    await jwtVerify(await sign(ec, baseClaims()), keys, { algorithms: ['ES256'] })
    expect(server.count('/jwks')).toBe(1)
    expect(keys.cached()?.keys).toHaveLength(2)
  })

  it('fetches again once cacheMaxAge has passed', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now, cacheMaxAge: 60_000 })
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    clock += 59_000
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    expect(server.count('/jwks')).toBe(1)
    clock += 2_000
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    expect(server.count('/jwks')).toBe(2)
  })

  it('defaults to a 10 minute cache', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    clock += 10 * 60_000 - 1
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    expect(server.count('/jwks')).toBe(1)
    clock += 1
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    expect(server.count('/jwks')).toBe(2)
  })

  it('refetches once on an unknown kid after rotation, then a second unknown kid within the cooldown does not', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    await keys({ alg: 'RS256', kid: 'rsa-1' })
    jwks = { keys: [rsa2.publicJwk, rsa1.publicJwk] } // the provider rotates
    clock += 30_000
    const token = await sign(rsa2, baseClaims())
    await expect(jwtVerify(token, keys, { algorithms: ['RS256'] })).resolves.toBeDefined()
    expect(server.count('/jwks')).toBe(2)

    jwks = { keys: [rsa3.publicJwk, rsa2.publicJwk] }
    clock += 29_999
    const err = await rejection(keys({ alg: 'RS256', kid: 'rsa-3' }))
    expect(err.code).toBe('JWKS_NO_MATCHING_KEY')
    const err2 = await rejection(keys({ alg: 'RS256', kid: 'made-up' }))
    expect(err2.code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(2)

    clock += 1
    await expect(keys({ alg: 'RS256', kid: 'rsa-3' })).resolves.toBeDefined()
    expect(server.count('/jwks')).toBe(3)
  })

  it('does not refetch on a miss right after the first fetch (cooldown counts from any fetch)', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now, cooldown: 5_000 })
    expect((await rejection(keys({ alg: 'RS256', kid: 'nope' }))).code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(1)
    clock += 5_000
    expect((await rejection(keys({ alg: 'RS256', kid: 'nope' }))).code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(2)
  })

  it('shares one fetch among concurrent callers', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    await Promise.all([1, 2, 3, 4].map(() => keys({ alg: 'RS256', kid: 'rsa-1' })))
    expect(server.count('/jwks')).toBe(1)
  })

  it('never consults embedded jwk / jku / x5u headers', async () => {
    const attacker = await startServer()
    try {
      attacker.routes.set('/jwks', json({ keys: [rsa2.publicJwk] }))
      const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
      const token = await sign(rsa2, baseClaims(), {
        header: { jwk: rsa2.publicJwk, jku: `${attacker.origin}/jwks`, x5u: `${attacker.origin}/jwks` },
      })
      const err = await rejection(jwtVerify(token, keys, { algorithms: ['RS256'] }))
      expect(err.code).toBe('JWKS_NO_MATCHING_KEY')
      expect(attacker.requests).toHaveLength(0)
    } finally {
      await attacker.close()
    }
  })

  it('never fetches for an alg no JWK can carry (HS256, none)', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    for (const alg of ['HS256', 'none']) {
      expect((await rejection(keys({ alg, kid: 'rsa-1' }))).code).toBe('JWKS_NO_MATCHING_KEY')
    }
    expect(server.count('/jwks')).toBe(0)
  })

  it('does not refetch when several keys match (ambiguity is no rotation)', async () => {
    jwks = { keys: [rsa1.publicJwk, rsa2.publicJwk] }
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now, cooldown: 0 })
    expect((await rejection(keys({ alg: 'RS256' }))).code).toBe('JWKS_NO_MATCHING_KEY')
    clock += 1_000
    expect((await rejection(keys({ alg: 'RS256' }))).code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(1)
  })

  it('imports each key once per fetched set', async () => {
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    const a = await keys({ alg: 'RS256', kid: 'rsa-1' })
    expect(await keys({ alg: 'RS256', kid: 'rsa-1' })).toBe(a)
    await keys.reload()
    expect(await keys({ alg: 'RS256', kid: 'rsa-1' })).not.toBe(a)
  })

  it.each([
    [
      'an HTML page',
      (_r: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>')
      },
      'INVALID_RESPONSE',
    ],
    ['a JSON body that is no key set', json({ keys: 'none' }), 'INVALID_RESPONSE'],
    ['HTTP 503', json({ keys: [] }, 503), 'INVALID_RESPONSE'],
    ['a 2 MB body', json({ keys: [], pad: 'x'.repeat(2 * 1024 * 1024) }), 'RESPONSE_TOO_LARGE'],
  ] as const)('fails typed when the endpoint answers %s', async (_name, handler, code) => {
    server.routes.set('/jwks', handler)
    const keys = createRemoteJwks(`${server.origin}/jwks`, { now })
    expect((await rejection(keys({ alg: 'RS256', kid: 'rsa-1' }))).code).toBe(code)
  })

  it('refuses bad arguments', () => {
    expect(() => createRemoteJwks('http://idp.example/jwks')).toThrow(ArgumentError)
    expect(() => createRemoteJwks('not a url')).toThrow(ArgumentError)
    expect(() => createRemoteJwks(`${server.origin}/jwks`, { cooldown: -1 })).toThrow(/"cooldown"/)
    expect(() => createRemoteJwks(`${server.origin}/jwks`, { cacheMaxAge: Number.NaN })).toThrow(
      /"cacheMaxAge"/,
    )
  })
})

describe('key selection (createLocalJwks, same rule as the remote cache)', () => {
  const set = (...keys: object[]) => createLocalJwks({ keys })
  type Case = [
    string,
    () => { keys: object[]; header: { alg: string; kid?: string } },
    'match' | 'JWKS_NO_MATCHING_KEY' | 'INVALID_RESPONSE',
  ]
  const cases: Case[] = [
    [
      'kid and alg match',
      () => ({ keys: [rsa1.publicJwk, rsa2.publicJwk], header: { alg: 'RS256', kid: 'rsa-2' } }),
      'match',
    ],
    [
      'single key of the family, no kid',
      () => ({ keys: [rsa1.publicJwk, ec.publicJwk], header: { alg: 'RS256' } }),
      'match',
    ],
    [
      'several keys of the family, no kid (ambiguous)',
      () => ({ keys: [rsa1.publicJwk, rsa2.publicJwk], header: { alg: 'RS256' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'duplicate kid (ambiguous)',
      () => ({
        keys: [rsa1.publicJwk, { ...rsa2.publicJwk, kid: 'rsa-1' }],
        header: { alg: 'RS256', kid: 'rsa-1' },
      }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'unknown kid',
      () => ({ keys: [rsa1.publicJwk], header: { alg: 'RS256', kid: 'other' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'use "enc"',
      () => ({ keys: [{ ...rsa1.publicJwk, use: 'enc' }], header: { alg: 'RS256', kid: 'rsa-1' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'no use member',
      () => ({ keys: [{ ...rsa1.publicJwk, use: undefined }], header: { alg: 'RS256', kid: 'rsa-1' } }),
      'match',
    ],
    [
      'key_ops without verify',
      () => ({ keys: [{ ...rsa1.publicJwk, key_ops: ['encrypt'] }], header: { alg: 'RS256', kid: 'rsa-1' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'jwk alg differs from header alg',
      () => ({ keys: [rsa1.publicJwk], header: { alg: 'PS256', kid: 'rsa-1' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'no jwk alg, PS256 on an RSA key',
      () => ({ keys: [{ ...rsa1.publicJwk, alg: undefined }], header: { alg: 'PS256', kid: 'rsa-1' } }),
      'match',
    ],
    [
      'kty mismatch (ES256 header, RSA key)',
      () => ({ keys: [{ ...rsa1.publicJwk, alg: undefined }], header: { alg: 'ES256', kid: 'rsa-1' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'crv mismatch (ES384 header, P-256 key)',
      () => ({ keys: [{ ...ec.publicJwk, alg: undefined }], header: { alg: 'ES384', kid: 'ec-1' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'HS256 never comes from a key set',
      () => ({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h' }], header: { alg: 'HS256', kid: 'h' } }),
      'JWKS_NO_MATCHING_KEY',
    ],
    [
      'private members are dropped',
      () => ({ keys: [{ ...rsa1.publicJwk, d: 'AAAA' }], header: { alg: 'RS256', kid: 'rsa-1' } }),
      'match',
    ],
    [
      'a key that cannot be imported (EC point off the curve)',
      () => {
        const zero = Buffer.alloc(32).toString('base64url')
        return {
          keys: [{ kty: 'EC', crv: 'P-256', x: zero, y: zero, kid: 'bad' }],
          header: { alg: 'ES256', kid: 'bad' },
        }
      },
      'INVALID_RESPONSE',
    ],
  ]
  it.each(cases)('%s', async (_name, build, want) => {
    const { keys, header } = build()
    const result = set(...keys)(header).then(
      (key) => key,
      (e: unknown) => e,
    )
    const got = await result
    if (want === 'match') {
      expect(got).toBeInstanceOf(CryptoKey)
      expect((got as CryptoKey).type).toBe('public')
    } else {
      expect(got).toBeInstanceOf(OAuthError)
      expect((got as OAuthError).code).toBe(want)
    }
  })

  it('refuses something that is not a key set', () => {
    expect(() => createLocalJwks({ keys: [{}] })).toThrow(ArgumentError)
  })
})
