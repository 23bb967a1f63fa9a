import { jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { OAuthError } from '../../runtime/errors.js'
import { generateSigningKey, KeySet, type SigningKey, signJwt, verifyJwt } from '../../runtime/jose/index.js'
import { codeOf } from './support.js'

describe('KeySet rotation', () => {
  it('signs with the new key and keeps the previous one published and verifiable', async () => {
    const set = new KeySet()
    const first = await generateSigningKey('ES256')
    expect(await set.rotate(first)).toBeUndefined()
    const oldToken = await signJwt({ sub: 'before' }, set.current())
    const second = await generateSigningKey('ES256')
    expect(await set.rotate(second)).toBe(first)

    expect(set.current()).toBe(second)
    expect(set.current('ES256')).toBe(second)
    const newToken = await signJwt({ sub: 'after' }, set.current())
    const newHeader = await verifyJwt(newToken, set, { algorithms: ['ES256'] })
    expect(newHeader.header.kid).toBe(second.kid)

    expect(set.publicJwks().keys.map((k) => k.kid)).toEqual([second.kid, first.kid])
    const { payload } = await verifyJwt(oldToken, set, { algorithms: ['ES256'] })
    expect(payload.sub).toBe('before')
  })

  it('drops keys beyond keepPrevious (default 1)', async () => {
    const set = new KeySet()
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => generateSigningKey('EdDSA')))
    const tokenA = await signJwt({}, a!)
    for (const k of [a!, b!, c!]) await set.rotate(k)
    expect(set.keys().map((k) => k.kid)).toEqual([c!.kid, b!.kid])
    expect(await codeOf(verifyJwt(tokenA, set, { algorithms: ['EdDSA'] }))).toBe('JWKS_NO_MATCHING_KEY')
  })

  it.each([0, 2, 3])('keepPrevious %i keeps that many retired keys', async (keepPrevious) => {
    const set = new KeySet({ keepPrevious })
    const keys: SigningKey[] = []
    for (let i = 0; i < 5; i++) {
      keys.push(await generateSigningKey('ES256'))
      await set.rotate(keys[i]!)
    }
    const want = keys
      .slice()
      .reverse()
      .slice(0, keepPrevious + 1)
      .map((k) => k.kid)
    expect(set.publicJwks().keys.map((k) => k.kid)).toEqual(want)
  })

  it('keeps one current key per algorithm; the first configured is the default', async () => {
    const set = await KeySet.generate(['RS256', 'ES256'])
    expect(set.algorithms()).toEqual(['RS256', 'ES256'])
    expect(set.current().alg).toBe('RS256')
    expect(set.current('ES256').alg).toBe('ES256')
    const oldRs = set.current('RS256')
    await set.rotate(await generateSigningKey('ES256'))
    expect(set.current('RS256')).toBe(oldRs) // rotating ES256 leaves RS256 alone
    expect(set.keys().map((k) => k.alg)).toEqual(['RS256', 'ES256', 'ES256'])
    for (const alg of ['RS256', 'ES256'] as const) {
      const token = await signJwt({ alg }, set.current(alg))
      const { header } = await verifyJwt(token, set, { algorithms: ['RS256', 'ES256'] })
      expect(header).toMatchObject({ alg, kid: set.current(alg).kid })
    }
  })

  it.each([
    ['unknown alg', (s: KeySet) => s.current('ES384'), '"alg"'],
    ['empty set', () => new KeySet().current(), 'empty'],
    ['bad keepPrevious', () => new KeySet({ keepPrevious: -1 }), '"options.keepPrevious"'],
    ['huge keepPrevious', () => new KeySet({ keepPrevious: 1000 }), '"options.keepPrevious"'],
  ])('refuses %s', async (_name, call, argument) => {
    const set = await KeySet.generate(['ES256'])
    expect(() => call(set)).toThrow(argument)
  })

  it('refuses a duplicate kid and a non-key', async () => {
    const set = new KeySet()
    const key = await generateSigningKey('ES256', { kid: 'same' })
    await set.rotate(key)
    expect(await codeOf(set.rotate(await generateSigningKey('ES256', { kid: 'same' })))).toBe(
      'INVALID_ARGUMENT',
    )
    expect(await codeOf(set.rotate({ kid: 'x' } as unknown as SigningKey))).toBe('INVALID_ARGUMENT')
    expect(set.keys()).toEqual([key])
  })

  it('remove() drops a retired key but never the current one', async () => {
    const set = new KeySet({ keepPrevious: 2 })
    const a = await generateSigningKey('ES256')
    const b = await generateSigningKey('ES256')
    await set.rotate(a)
    await set.rotate(b)
    expect(() => set.remove(b.kid)).toThrow('current')
    expect(set.remove(a.kid)).toBe(true)
    expect(set.remove(a.kid)).toBe(false)
    expect(set.get(a.kid)).toBeUndefined()
    expect(set.toJSON().previous).toEqual([])
  })
})

describe('KeySet persistence', () => {
  it('toJSON / fromJSON restores current and previous keys with their roles', async () => {
    const set = await KeySet.generate(['ES256', 'EdDSA'], { keepPrevious: 2 })
    await set.rotate(await generateSigningKey('ES256'))
    await set.rotate(await generateSigningKey('ES256'))
    const tokens = await Promise.all(set.keys().map((k) => signJwt({ kid: k.kid }, k)))
    const restored = await KeySet.fromJSON(JSON.parse(JSON.stringify(set)))
    expect(restored.keepPrevious).toBe(2)
    expect(restored.algorithms()).toEqual(set.algorithms())
    expect(restored.keys().map((k) => k.kid)).toEqual(set.keys().map((k) => k.kid))
    expect(restored.current().kid).toBe(set.current().kid)
    expect(restored.publicJwks()).toEqual(set.publicJwks())
    for (const token of tokens) await verifyJwt(token, restored, { algorithms: ['ES256', 'EdDSA'] })
    // The restored private keys sign tokens the original set verifies.
    await verifyJwt(await signJwt({}, restored.current('EdDSA')), set, { algorithms: ['EdDSA'] })
  })

  it('toJSON contains private keys, publicJwks does not', async () => {
    const set = await KeySet.generate(['ES256'])
    expect(set.toJSON().current[0]?.d).toBeTypeOf('string')
    expect(set.publicJwks().keys[0]).not.toHaveProperty('d')
  })

  it('fromJSON refuses a previous key without a current key of its alg', async () => {
    const a = await KeySet.generate(['ES256'])
    const b = await KeySet.generate(['EdDSA'])
    const json = { keepPrevious: 1, current: a.toJSON().current, previous: b.toJSON().current }
    expect(await codeOf(KeySet.fromJSON(json))).toBe('INVALID_ARGUMENT')
  })
})

describe('KeySet.resolver', () => {
  it('works with jose jwtVerify directly and follows later rotations', async () => {
    const set = await KeySet.generate(['ES256'])
    const resolve = set.resolver()
    const next = await generateSigningKey('ES256')
    await set.rotate(next)
    const token = await signJwt({ sub: 'j' }, next)
    const { payload } = await jwtVerify(token, resolve, { algorithms: ['ES256'] })
    expect(payload.sub).toBe('j')
  })

  it('selects by alg when the token has no kid, refusing ambiguity', async () => {
    const set = await KeySet.generate(['ES256', 'EdDSA'])
    const one = set.current('EdDSA')
    const noKid = (key: SigningKey) =>
      new SignJWT({}).setProtectedHeader({ alg: key.alg }).sign(key.privateKey)
    await verifyJwt(await noKid(one), set, { algorithms: ['EdDSA'] })
    await set.rotate(await generateSigningKey('EdDSA'))
    const err = await verifyJwt(await noKid(one), set, { algorithms: ['EdDSA'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthError)
    expect((err as OAuthError).code).toBe('JWKS_NO_MATCHING_KEY')
    expect((err as OAuthError).message).toContain('several keys')
  })

  it('refuses a kid that exists for another alg, and an unknown kid', async () => {
    const set = await KeySet.generate(['ES256', 'ES384'])
    const es384 = set.current('ES384')
    const lying = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: set.current('ES256').kid })
      .sign(es384.privateKey)
    expect(await codeOf(verifyJwt(lying, set, { algorithms: ['ES384'] }))).toBe('JWKS_NO_MATCHING_KEY')
    const other = await signJwt({}, await generateSigningKey('ES384'))
    expect(await codeOf(verifyJwt(other, set, { algorithms: ['ES384'] }))).toBe('JWKS_NO_MATCHING_KEY')
  })
})
