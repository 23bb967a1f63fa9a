import { calculateJwkThumbprint, compactVerify, exportJWK, importJWK, type JWK, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { AuthspecError } from '../../runtime/errors.js'
import {
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type SigningAlgorithm,
  signJwt,
  verifyJwt,
} from '../../runtime/jose/index.js'

const table: [SigningAlgorithm, { kty: string; crv?: string }][] = [
  ['RS256', { kty: 'RSA' }],
  ['RS384', { kty: 'RSA' }],
  ['RS512', { kty: 'RSA' }],
  ['PS256', { kty: 'RSA' }],
  ['PS384', { kty: 'RSA' }],
  ['PS512', { kty: 'RSA' }],
  ['ES256', { kty: 'EC', crv: 'P-256' }],
  ['ES384', { kty: 'EC', crv: 'P-384' }],
  ['ES512', { kty: 'EC', crv: 'P-521' }],
  ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
  ['Ed25519', { kty: 'OKP', crv: 'Ed25519' }],
]

describe('generateSigningKey', () => {
  it.each(table)('%s: key pair with thumbprint kid, usable with jose', async (alg, want) => {
    const key = await generateSigningKey(alg)
    expect(key.alg).toBe(alg)
    expect(key.use).toBe('sig')
    expect(key.privateKey.type).toBe('private')
    expect(key.publicKey.type).toBe('public')
    expect(key.privateKey.extractable).toBe(true)
    expect(key.publicJwk.kty).toBe(want.kty)
    if (want.crv) expect(key.publicJwk.crv).toBe(want.crv)
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: 'sig' })
    expect(key.publicJwk).not.toHaveProperty('d')
    // kid is the RFC 7638 thumbprint, computed independently from the exported public key.
    expect(key.kid).toBe(await calculateJwkThumbprint(await exportJWK(key.publicKey), 'sha256'))
    const jws = await new SignJWT({ n: 1 }).setProtectedHeader({ alg }).sign(key.privateKey)
    const imported = await importJWK(key.publicJwk as JWK, alg)
    await expect(compactVerify(jws, imported)).resolves.toBeTruthy()
  })

  it('two keys of the same alg get different thumbprints', async () => {
    const [a, b] = await Promise.all([generateSigningKey('ES256'), generateSigningKey('ES256')])
    expect(a.kid).not.toBe(b.kid)
  })

  it('uses a given kid', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k-2026-11' })
    expect(key.kid).toBe('k-2026-11')
    expect(key.publicJwk.kid).toBe('k-2026-11')
  })

  it('honours modulusLength for RSA', async () => {
    const key = await generateSigningKey('RS256', { modulusLength: 3072 })
    expect((key.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(3072)
  })

  it.each([
    ['unknown alg', () => generateSigningKey('HS256' as SigningAlgorithm), '"alg"'],
    ['none', () => generateSigningKey('none' as SigningAlgorithm), '"alg"'],
    ['empty kid', () => generateSigningKey('ES256', { kid: '' }), '"options.kid"'],
    ['short RSA', () => generateSigningKey('RS256', { modulusLength: 1024 }), '"options.modulusLength"'],
  ])('refuses %s', async (_name, call, argument) => {
    const err = await call().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AuthspecError)
    expect((err as AuthspecError).code).toBe('INVALID_ARGUMENT')
    expect((err as Error).message).toContain(argument)
  })
})

describe('exportSigningKey / importSigningKey', () => {
  it.each(table)('%s: round trip keeps kid, alg and the key pair', async (alg) => {
    const key = await generateSigningKey(alg)
    const jwk = await exportSigningKey(key)
    expect(jwk).toMatchObject({ kid: key.kid, alg, use: 'sig' })
    expect(typeof jwk.d).toBe('string')
    const back = await importSigningKey(JSON.parse(JSON.stringify(jwk)))
    expect(back.kid).toBe(key.kid)
    expect(back.alg).toBe(alg)
    expect(back.publicJwk).toEqual(key.publicJwk)
    expect(back.privateKey.extractable).toBe(true)
    // Signed with the imported private key, verified with the original public key.
    const token = await signJwt({ sub: 'x' }, back)
    const { payload } = await verifyJwt(token, key, { algorithms: [alg] })
    expect(payload.sub).toBe('x')
  })

  it('computes the thumbprint when the JWK has no kid', async () => {
    const key = await generateSigningKey('ES256', { kid: 'custom' })
    const { kid: _kid, ...jwk } = await exportSigningKey(key)
    const back = await importSigningKey(jwk as JWK)
    expect(back.kid).toBe(await calculateJwkThumbprint(await exportJWK(key.publicKey), 'sha256'))
  })

  it('takes alg from options when the JWK has none, and strips key_ops/ext', async () => {
    const key = await generateSigningKey('PS256')
    const { alg: _alg, ...jwk } = await exportSigningKey(key)
    const back = await importSigningKey({ ...jwk, key_ops: ['verify'], ext: false } as JWK, { alg: 'PS256' })
    expect(back.alg).toBe('PS256')
  })

  it.each<[string, (jwk: Record<string, unknown>) => Record<string, unknown>, string]>([
    ['missing alg', ({ alg: _a, ...j }) => j, '"jwk.alg"'],
    ['alg none', (j) => ({ ...j, alg: 'none' }), '"jwk.alg"'],
    ['use enc', (j) => ({ ...j, use: 'enc' }), '"jwk.use"'],
    ['alg of another key type', (j) => ({ ...j, alg: 'RS256' }), 'does not fit'],
    ['alg of another curve', (j) => ({ ...j, alg: 'ES384' }), 'does not fit'],
    ['public key only', ({ d: _d, ...j }) => j, '"jwk.d"'],
    ['oct key', () => ({ kty: 'oct', k: 'c2VjcmV0', alg: 'ES256' }), 'does not fit'],
  ])('refuses %s', async (_name, change, argument) => {
    const jwk = await exportSigningKey(await generateSigningKey('ES256'))
    const err = await importSigningKey(change({ ...jwk }) as JWK).catch((e: unknown) => e)
    expect((err as AuthspecError).code).toBe('INVALID_ARGUMENT')
    expect((err as Error).message).toContain(argument)
  })

  it('refuses a JWK whose public and private halves do not match', async () => {
    const a = await exportSigningKey(await generateSigningKey('EdDSA'))
    const b = await exportSigningKey(await generateSigningKey('EdDSA'))
    const err = await importSigningKey({ ...a, x: b.x } as JWK).catch((e: unknown) => e)
    expect((err as AuthspecError).code).toBe('INVALID_ARGUMENT')
  })

  it('refuses to export a non-extractable key', async () => {
    const key = await generateSigningKey('ES256')
    const jwk = await exportSigningKey(key)
    const { d: _d, ...pub } = jwk
    const locked = {
      ...key,
      privateKey: (await importJWK(jwk as JWK, 'ES256', {
        extractable: false,
      })) as CryptoKey,
      publicKey: (await importJWK(pub as JWK, 'ES256')) as CryptoKey,
    }
    await expect(exportSigningKey(locked)).rejects.toThrow('not extractable')
  })
})
