import { base64url, exportJWK, SignJWT, UnsecuredJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OAuthError } from '../../runtime/errors.js'
import {
  decodeJwtUnverified,
  generateSigningKey,
  type SigningAlgorithm,
  type SigningKey,
  signJwt,
  type VerifyJwtOptions,
  verifyJwt,
} from '../../runtime/jose/index.js'
import { failure } from './support.js'

const NOW = new Date('2026-01-01T00:00:00Z')
const NOW_S = NOW.getTime() / 1000
let es: SigningKey
let rs: SigningKey

beforeAll(async () => {
  ;[es, rs] = await Promise.all([generateSigningKey('ES256'), generateSigningKey('RS256')])
})

describe('signJwt / verifyJwt round trip', () => {
  it.each<SigningAlgorithm>(['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'])(
    '%s',
    async (alg) => {
      const key = await generateSigningKey(alg)
      const token = await signJwt({ sub: 'u1', scope: 'a b' }, key, {
        typ: 'at+jwt',
        expiresIn: 60,
        currentDate: NOW,
      })
      const { header, payload } = await verifyJwt(token, key, {
        algorithms: [alg],
        typ: 'at+jwt',
        currentDate: NOW,
      })
      expect(header).toEqual({ alg, kid: key.kid, typ: 'at+jwt' })
      expect(payload).toEqual({ sub: 'u1', scope: 'a b', iat: NOW_S, exp: NOW_S + 60 })
    },
  )

  it('sets iat from issuedAt, omits it with false, keeps a payload iat', async () => {
    const at = new Date('2025-06-01T00:00:00Z')
    const opts = { algorithms: ['ES256'], currentDate: at } as const
    const withDate = await signJwt({}, es, { issuedAt: at, expiresIn: 10 })
    expect((await verifyJwt(withDate, es, opts)).payload).toEqual({
      iat: at.getTime() / 1000,
      exp: at.getTime() / 1000 + 10,
    })
    const without = await signJwt({}, es, { issuedAt: false })
    expect((await verifyJwt(without, es, opts)).payload).toEqual({})
    const kept = await signJwt({ iat: 1234 }, es)
    expect((await verifyJwt(kept, es, opts)).payload.iat).toBe(1234)
  })

  it('signs the claims as their UTF-8 JSON, byte for byte', async () => {
    const claims = { sub: 'ü-1', name: 'Zoë 🙂', nested: { a: [1, 'b'] } }
    const token = await signJwt(claims, es, { issuedAt: false })
    const payload = token.split('.')[1] as string
    expect(new TextDecoder().decode(base64url.decode(payload))).toBe(JSON.stringify(claims))
    expect((await verifyJwt(token, es, { algorithms: ['ES256'] })).payload).toEqual(claims)
  })

  it('adds extra header parameters', async () => {
    const token = await signJwt({}, es, { header: { cty: 'x', typ: 'logout+jwt' } })
    expect(decodeJwtUnverified(token).header).toEqual({
      cty: 'x',
      typ: 'logout+jwt',
      alg: 'ES256',
      kid: es.kid,
    })
  })

  it.each<[string, () => Promise<string>, string]>([
    ['header alg', () => signJwt({}, es, { header: { alg: 'none' } }), '"options.header.alg"'],
    ['header kid', () => signJwt({}, es, { header: { kid: 'other' } }), '"options.header.kid"'],
    ['header crit', () => signJwt({}, es, { header: { crit: ['x'] } }), '"options.header.crit"'],
    ['typ twice', () => signJwt({}, es, { typ: 'a', header: { typ: 'b' } }), '"options.typ"'],
    ['exp twice', () => signJwt({ exp: 1 }, es, { expiresIn: 5 }), '"options.expiresIn"'],
    ['iat twice', () => signJwt({ iat: 1 }, es, { issuedAt: NOW }), '"options.issuedAt"'],
    ['negative lifetime', () => signJwt({}, es, { expiresIn: -1 }), '"options.expiresIn"'],
    ['array payload', () => signJwt([] as never, es), '"payload"'],
    ['not a key', () => signJwt({}, {} as SigningKey), '"key"'],
    ['a claim JSON cannot hold', () => signJwt({ n: 1n } as never, es), 'could not be signed'],
  ])('signJwt refuses %s', async (_name, call, argument) => {
    const err = await failure(call())
    expect(err.code).toBe('INVALID_ARGUMENT')
    expect(err.message).toContain(argument)
  })
})

describe('verifyJwt failures', () => {
  it('wrong key: signature invalid', async () => {
    const other = await generateSigningKey('ES256')
    const token = await signJwt({}, es)
    expect((await failure(verifyJwt(token, other, { algorithms: ['ES256'] }))).code).toBe(
      'JWT_SIGNATURE_INVALID',
    )
    expect((await failure(verifyJwt(token, other.publicKey, { algorithms: ['ES256'] }))).code).toBe(
      'JWT_SIGNATURE_INVALID',
    )
  })

  it('tampered payload: signature invalid', async () => {
    const [h, , s] = (await signJwt({ sub: 'alice' }, rs)).split('.')
    const forged = `${h}.${base64url.encode(JSON.stringify({ sub: 'admin' }))}.${s}`
    expect((await failure(verifyJwt(forged, rs, { algorithms: ['RS256'] }))).code).toBe(
      'JWT_SIGNATURE_INVALID',
    )
  })

  it('alg not in the allow-list is refused', async () => {
    const token = await signJwt({}, rs)
    expect((await failure(verifyJwt(token, rs, { algorithms: ['ES256'] }))).code).toBe('JWT_ALG_NOT_ALLOWED')
  })

  it('alg none is refused, and cannot be allowed', async () => {
    const unsecured = new UnsecuredJWT({ sub: 'admin' }).encode()
    expect((await failure(verifyJwt(unsecured, es, { algorithms: ['ES256'] }))).code).toBe(
      'JWT_ALG_NOT_ALLOWED',
    )
    const opts = { algorithms: ['none'] } as unknown as VerifyJwtOptions
    expect((await failure(verifyJwt(unsecured, es, opts))).code).toBe('INVALID_ARGUMENT')
    const upper = { algorithms: ['ES256', 'None'] } as unknown as VerifyJwtOptions
    expect((await failure(verifyJwt(unsecured, es, upper))).code).toBe('INVALID_ARGUMENT')
  })

  it('HS256 signed with the RSA public key as secret is refused even if HS256 is allowed', async () => {
    const pem = new TextEncoder().encode(JSON.stringify(await exportJWK(rs.publicKey)))
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
      .sign(pem)
    expect((await failure(verifyJwt(forged, rs, { algorithms: ['RS256'] }))).code).toBe('JWT_ALG_NOT_ALLOWED')
    expect((await failure(verifyJwt(forged, rs, { algorithms: ['RS256', 'HS256'] }))).code).toBe(
      'JWT_ALG_NOT_ALLOWED',
    )
  })

  it('verifies HS256 with a shared secret of 32+ bytes, refuses shorter secrets', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32))
    const token = await new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'HS256' }).sign(secret)
    expect((await verifyJwt(token, secret, { algorithms: ['HS256'] })).payload.sub).toBe('c')
    const err = await failure(verifyJwt(token, secret.slice(0, 16), { algorithms: ['HS256'] }))
    expect(err.code).toBe('INVALID_ARGUMENT')
  })

  it('expired token, judged by the injected clock, with bounded tolerance', async () => {
    const token = await signJwt({}, es, { currentDate: NOW, expiresIn: 60 })
    const at = (s: number) => new Date(NOW.getTime() + s * 1000)
    await verifyJwt(token, es, { algorithms: ['ES256'], currentDate: at(59) })
    const expired = await failure(verifyJwt(token, es, { algorithms: ['ES256'], currentDate: at(61) }))
    expect(expired.code).toBe('JWT_EXPIRED')
    expect((expired as OAuthError).claim).toBe('exp')
    await verifyJwt(token, es, { algorithms: ['ES256'], currentDate: at(61), clockTolerance: 5 })
    const tooLate = await failure(
      verifyJwt(token, es, { algorithms: ['ES256'], currentDate: at(70), clockTolerance: 5 }),
    )
    expect(tooLate.code).toBe('JWT_EXPIRED')
  })

  it('nbf in the future is a claim failure', async () => {
    const token = await signJwt({ nbf: NOW_S + 100 }, es, { currentDate: NOW })
    const err = await failure(verifyJwt(token, es, { algorithms: ['ES256'], currentDate: NOW }))
    expect(err.code).toBe('JWT_CLAIM_INVALID')
    expect((err as OAuthError).claim).toBe('nbf')
  })

  it('maxTokenAge bounds the age since iat (too old is expired, on claim iat)', async () => {
    const token = await signJwt({}, es, { currentDate: NOW })
    const later = new Date(NOW.getTime() + 120_000)
    const err = await failure(
      verifyJwt(token, es, { algorithms: ['ES256'], currentDate: later, maxTokenAge: 60 }),
    )
    expect(err.code).toBe('JWT_EXPIRED')
    expect((err as OAuthError).claim).toBe('iat')
  })

  it('a crit header naming an unknown extension is refused, even with a valid signature', async () => {
    const enc = (v: unknown) => base64url.encode(JSON.stringify(v))
    const input = `${enc({ alg: 'ES256', kid: es.kid, crit: ['urn:x'], 'urn:x': 1 })}.${enc({ sub: 's' })}`
    // Signed with Web Crypto directly: jose refuses to produce such a token.
    const sig = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      es.privateKey,
      new TextEncoder().encode(input),
    )
    const token = `${input}.${base64url.encode(new Uint8Array(sig))}`
    const err = await failure(verifyJwt(token, es, { algorithms: ['ES256'] }))
    expect(err.code).toBe('JWT_MALFORMED')
    expect(err.message).toContain('urn:x')
  })

  it('wrong typ is a claim failure on typ', async () => {
    const token = await signJwt({}, es, { typ: 'JWT' })
    const err = await failure(verifyJwt(token, es, { algorithms: ['ES256'], typ: 'at+jwt' }))
    expect(err.code).toBe('JWT_CLAIM_INVALID')
    expect((err as OAuthError).claim).toBe('typ')
  })

  it.each<[string, Partial<VerifyJwtOptions>, string]>([
    ['no algorithms', { algorithms: [] }, '"options.algorithms"'],
    ['unknown algorithm', { algorithms: ['XS256' as SigningAlgorithm] }, '"options.algorithms"'],
    ['tolerance over 300 s', { clockTolerance: 301 }, '"options.clockTolerance"'],
    ['negative tolerance', { clockTolerance: -1 }, '"options.clockTolerance"'],
    ['bad clock', { currentDate: 'now' as unknown as Date }, '"options.currentDate"'],
  ])('refuses option %s', async (_name, change, argument) => {
    const token = await signJwt({}, es)
    const err = await failure(verifyJwt(token, es, { algorithms: ['ES256'], ...change } as VerifyJwtOptions))
    expect(err.code).toBe('INVALID_ARGUMENT')
    expect(err.message).toContain(argument)
  })
})

describe('size limits and decodeJwtUnverified', () => {
  it('refuses an oversized token before decoding', async () => {
    const token = await signJwt({ blob: 'x'.repeat(20_000) }, es)
    expect(token.length).toBeGreaterThan(16 * 1024)
    expect((await failure(() => decodeJwtUnverified(token))).code).toBe('JWT_MALFORMED')
    const err = await failure(verifyJwt(token, es, { algorithms: ['ES256'] }))
    expect(err.code).toBe('JWT_MALFORMED')
    expect(err.message).toContain('longer than')
    // The limit is configurable, and a large enough one lets the same token through.
    await verifyJwt(token, es, { algorithms: ['ES256'], maxLength: 64 * 1024 })
    expect(
      (await failure(() => decodeJwtUnverified(token.slice(0, 200), { maxLength: 100 }))).message,
    ).toContain('longer than')
  })

  it('decodes header and payload without verifying', async () => {
    const token = await signJwt({ iss: 'https://as.example', sub: 's' }, es, { issuedAt: false })
    expect(decodeJwtUnverified(token)).toEqual({
      header: { alg: 'ES256', kid: es.kid },
      payload: { iss: 'https://as.example', sub: 's' },
    })
  })

  it.each([
    ['two segments', 'a.b'],
    ['JWE shape', 'a.b.c.d.e'],
    ['non-base64url', 'a$.b.c'],
    ['header not JSON', `${base64url.encode('nope')}.${base64url.encode('{}')}.sig`],
    ['payload not an object', `${base64url.encode('{"alg":"ES256"}')}.${base64url.encode('[1]')}.sig`],
    ['not a string', 42 as unknown as string],
  ])('refuses %s as malformed', async (_name, token) => {
    expect((await failure(() => decodeJwtUnverified(token))).code).toBe('JWT_MALFORMED')
    expect((await failure(verifyJwt(token, es, { algorithms: ['ES256'] }))).code).toBe('JWT_MALFORMED')
  })
})
