import fc from 'fast-check'
import type { JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  exportSigningKey,
  generateSigningKey,
  KeySet,
  type PrivateJwk,
  type SigningAlgorithm,
  toPublicJwk,
} from '../../runtime/jose/index.js'

/** Every member RFC 7518/8037 defines as private, plus `k` of symmetric keys. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const
const ALLOWED = {
  RSA: ['kty', 'n', 'e', 'kid', 'alg', 'use', 'x5c', 'x5t', 'x5t#S256'],
  EC: ['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use', 'x5c', 'x5t', 'x5t#S256'],
  OKP: ['kty', 'crv', 'x', 'kid', 'alg', 'use', 'x5c', 'x5t', 'x5t#S256'],
} as const

const ALGS: SigningAlgorithm[] = ['RS256', 'PS384', 'ES256', 'ES384', 'ES512', 'EdDSA']
let privateJwks: PrivateJwk[] = []

beforeAll(async () => {
  privateJwks = await Promise.all(ALGS.map(async (alg) => exportSigningKey(await generateSigningKey(alg))))
})

describe('toPublicJwk', () => {
  it.each(['RSA', 'EC', 'OKP'] as const)('%s: keeps exactly the public members', (kty) => {
    const jwk = privateJwks.find((j) => j.kty === kty)!
    const pub = toPublicJwk(jwk)
    for (const m of PRIVATE_MEMBERS) expect(pub).not.toHaveProperty(m)
    expect(Object.keys(pub).every((m) => (ALLOWED[kty] as readonly string[]).includes(m))).toBe(true)
    for (const m of ALLOWED[kty])
      if (m in jwk) expect(pub[m as keyof typeof pub]).toEqual(jwk[m as keyof typeof jwk])
    expect(jwk.d).toBeTypeOf('string') // the input is left alone
  })

  it('drops a multi-prime RSA "oth" member and unknown members', () => {
    const rsa = privateJwks.find((j) => j.kty === 'RSA')!
    const pub = toPublicJwk({ ...rsa, oth: [{ r: 'AQ', d: 'AQ', t: 'AQ' }], secret_note: 'x' } as JWK)
    expect(pub).not.toHaveProperty('oth')
    expect(pub).not.toHaveProperty('secret_note')
  })

  it('refuses symmetric (oct) keys', () => {
    expect(() => toPublicJwk({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' })).toThrow(/symmetric/)
  })

  it.each([
    ['unknown kty', { kty: 'AKP', pub: 'AQ' }, '"jwk.kty"'],
    ['RSA without n', { kty: 'RSA', e: 'AQAB' }, '"jwk.n"'],
    ['EC without y', { kty: 'EC', crv: 'P-256', x: 'AQ' }, '"jwk.y"'],
    ['x5c not strings', { kty: 'OKP', crv: 'Ed25519', x: 'AQ', x5c: [1] }, '"jwk.x5c"'],
  ])('refuses %s', (_name, jwk, argument) => {
    expect(() => toPublicJwk(jwk as unknown as JWK)).toThrow(argument)
  })

  it('property: whatever extra members a private JWK carries, only allow-listed public ones come out', () => {
    const extraName = fc.oneof(
      fc.constantFrom(...PRIVATE_MEMBERS, 'key_ops', 'ext', 'priv'),
      fc.string({ minLength: 1 }).filter((n) => !n.startsWith('x5')),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...privateJwks.map((_, i) => i)),
        fc.dictionary(extraName, fc.jsonValue()),
        (index, extra) => {
          const jwk = privateJwks[index]!
          // Extras never override the key material itself, so the key stays well formed.
          const input = { ...extra, ...jwk }
          const pub = toPublicJwk(input as JWK)
          const allowed = ALLOWED[jwk.kty] as readonly string[]
          for (const member of Object.keys(pub)) expect(allowed).toContain(member)
          for (const member of PRIVATE_MEMBERS) expect(Object.hasOwn(pub, member)).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('KeySet.publicJwks', () => {
  it('property: never publishes a private member, for any mix of algorithms and rotations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<SigningAlgorithm>('ES256', 'ES384', 'EdDSA', 'Ed25519'), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 3 }),
        async (algs, keepPrevious) => {
          const set = new KeySet({ keepPrevious })
          for (const alg of algs) await set.rotate(await generateSigningKey(alg))
          const jwks = set.publicJwks()
          expect(jwks.keys.length).toBe(set.keys().length)
          const text = JSON.stringify(jwks)
          for (const member of PRIVATE_MEMBERS) expect(text).not.toContain(`"${member}":`)
          for (const key of jwks.keys) {
            expect(Object.keys(key).every((m) => (ALLOWED[key.kty] as readonly string[]).includes(m))).toBe(
              true,
            )
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it('publishes RSA keys without private members too', async () => {
    const set = await KeySet.generate(['RS256', 'PS256'])
    await set.rotate(await generateSigningKey('RS256'))
    const text = JSON.stringify(set.publicJwks())
    for (const member of PRIVATE_MEMBERS) expect(text).not.toContain(`"${member}":`)
    expect(set.publicJwks().keys.map((k) => k.kty)).toEqual(['RSA', 'RSA', 'RSA'])
  })
})
