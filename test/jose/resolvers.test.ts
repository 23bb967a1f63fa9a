import { type JWK, type JWSHeaderParameters, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createJwksResolver,
  createKeyResolver,
  exportSigningKey,
  generateSigningKey,
  type SigningKey,
  signJwt,
  verifyJwt,
} from '../../runtime/jose/index.js'
import { codeOf } from './support.js'

let rs: SigningKey
let es: SigningKey
let ed: SigningKey

beforeAll(async () => {
  ;[rs, es, ed] = await Promise.all([
    generateSigningKey('RS256'),
    generateSigningKey('ES256'),
    generateSigningKey('EdDSA'),
  ])
})

describe('createKeyResolver', () => {
  it('selects by kid among keys of several algorithms', async () => {
    const resolve = createKeyResolver([rs, es, ed])
    for (const key of [rs, es, ed]) {
      const { payload } = await verifyJwt(await signJwt({ alg: key.alg }, key), resolve, {
        algorithms: ['RS256', 'ES256', 'EdDSA'],
      })
      expect(payload['alg']).toBe(key.alg)
    }
  })

  it('without a kid, selects the one key able to carry the alg', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(es.privateKey)
    await verifyJwt(token, createKeyResolver([rs, es]), { algorithms: ['ES256'] })
    const es2 = await generateSigningKey('ES256')
    expect(await codeOf(verifyJwt(token, createKeyResolver([es, es2]), { algorithms: ['ES256'] }))).toBe(
      'JWKS_NO_MATCHING_KEY',
    )
  })

  it('refuses bad input', () => {
    expect(() => createKeyResolver([{} as SigningKey])).toThrow('"keys[0]"')
  })
})

describe('createJwksResolver', () => {
  it('verifies with a published JWKS, selecting by kid', async () => {
    const jwks = { keys: [rs.publicJwk, es.publicJwk, ed.publicJwk] as JWK[] }
    const resolve = createJwksResolver(JSON.parse(JSON.stringify(jwks)))
    for (const key of [rs, es, ed]) {
      await verifyJwt(await signJwt({}, key), resolve, { algorithms: ['RS256', 'ES256', 'EdDSA'] })
    }
  })

  it('also accepts the JWKS object directly as the key of verifyJwt', async () => {
    const token = await signJwt({ sub: 'j' }, es)
    const { payload } = await verifyJwt(token, { keys: [es.publicJwk as JWK] }, { algorithms: ['ES256'] })
    expect(payload.sub).toBe('j')
  })

  it.each<[string, (jwk: JWK) => JWK]>([
    ['use enc', (j) => ({ ...j, use: 'enc' })],
    ['key_ops without verify', (j) => ({ ...j, key_ops: ['encrypt'] })],
    ['another alg', (j) => ({ ...j, alg: 'ES384' })],
    ['another kid', (j) => ({ ...j, kid: 'other' })],
  ])('skips a key with %s', async (_name, change) => {
    const token = await signJwt({}, es)
    const resolve = createJwksResolver({ keys: [change(es.publicJwk as JWK)] })
    expect(await codeOf(verifyJwt(token, resolve, { algorithms: ['ES256'] }))).toBe('JWKS_NO_MATCHING_KEY')
  })

  it('ignores oct and unknown keys, and never imports private members', async () => {
    const priv = await exportSigningKey(es)
    const resolve = createJwksResolver({
      keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: es.kid }, { kty: 'XYZ' }, priv as JWK],
    })
    const key = await resolve({ alg: 'ES256', kid: es.kid })
    expect(key.type).toBe('public')
  })

  it('fails a key that cannot be imported with INVALID_RESPONSE, and tries it afresh next time', async () => {
    const zero = Buffer.alloc(32).toString('base64url')
    const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: zero, y: zero, kid: 'off-curve' }] as JWK[] }
    const resolve = createJwksResolver(jwks)
    for (let attempt = 0; attempt < 2; attempt++) {
      const err = await resolve({ alg: 'ES256', kid: 'off-curve' }).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'INVALID_RESPONSE' })
      expect((err as Error).cause).toBeInstanceOf(Error)
    }
  })

  it('imports a key once per alg and reuses it', async () => {
    const { alg: _alg, ...withoutAlg } = rs.publicJwk
    const resolve = createJwksResolver({ keys: [withoutAlg] })
    const [a, b] = [await resolve({ alg: 'RS256' }), await resolve({ alg: 'RS256' })]
    const c = await resolve({ alg: 'PS256' })
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(c.algorithm.name).toBe('RSA-PSS')
  })

  it.each<[string, JWSHeaderParameters, string]>([
    ['a header without alg', {}, 'JWT_MALFORMED'],
    ['several keys and no kid', { alg: 'ES256' }, 'JWKS_NO_MATCHING_KEY'],
  ])('refuses %s', async (_name, header, code) => {
    const es2 = await generateSigningKey('ES256')
    const resolve = createJwksResolver({ keys: [es.publicJwk, es2.publicJwk] })
    expect(await codeOf(resolve(header))).toBe(code)
  })

  it('refuses a non-JWKS', () => {
    expect(() => createJwksResolver({} as never)).toThrow('"jwks"')
  })
})
