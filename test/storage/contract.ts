/**
 * The one contract every `Store` passes: memory, SQLite, PostgreSQL and Redis layered on
 * PostgreSQL run exactly these tests (test/storage/*.test.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isDeviceCodeStore } from '../../runtime/storage/lib/device.js'
import type {
  AuthorizationCodeRecord,
  ClientRecord,
  ConsentRecord,
  DeviceCodeRecord,
  DeviceCodeStore,
  Store,
  TokenRecord,
} from '../../runtime/storage/store.js'

/** Epoch milliseconds the fake clock starts at. */
export const T0 = 1_800_000_000_000

export interface Clock {
  now: () => number
  set: (ms: number) => void
}

export function fakeClock(): Clock {
  let t = T0
  return { now: () => t, set: (ms) => (t = ms) }
}

export interface ContractSubject {
  store: Store
  clock: Clock
  /** Deletes expired rows now (stores that sweep). */
  sweep?: () => Promise<number>
  /** Opens the same storage again (a second process, a restart) and runs its migrations again. */
  reopen?: () => Promise<{ store: Store; close: () => Promise<void> }>
  close: () => Promise<void>
}

export interface ContractOptions {
  /** The store sweeps expired rows (and takes the injected clock). */
  sweeps: boolean
  /** The store persists: a reopened store sees the same data. */
  persists: boolean
  /** `sweep()` deletes codes by the injected clock (false where Redis expires them by its own TTL). */
  sweepsCodes?: boolean
}

let seq = 0
const uid = (p: string) => `${p}-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 8)}`
const nowS = (c: Clock) => Math.floor(c.now() / 1000)

function client(over: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: uid('client'),
    clientSecretHash: 'hash-of-secret',
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['https://app.example/cb', 'http://127.0.0.1/cb'],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    scope: 'openid profile',
    clientName: 'Ünïcode app ✓',
    ...over,
  }
}

function code(clock: Clock, over: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord {
  return {
    codeHash: uid('code'),
    clientId: 'c1',
    redirectUri: 'https://app.example/cb',
    grantId: uid('grant'),
    sub: 'alice',
    scope: 'openid',
    expiresAt: nowS(clock) + 60,
    authTime: nowS(clock) - 5,
    acr: 'urn:mace:incommon:iap:silver',
    nonce: 'n-0S6_WzA2Mj',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    ...over,
  }
}

function token(clock: Clock, over: Partial<TokenRecord> = {}): TokenRecord {
  return {
    tokenHash: uid('tok'),
    kind: 'access_token',
    clientId: 'c1',
    grantId: uid('grant'),
    sub: 'alice',
    scope: 'openid profile',
    issuedAt: nowS(clock),
    expiresAt: nowS(clock) + 3600,
    ...over,
  }
}

export function storeContract(
  name: string,
  open: () => Promise<ContractSubject>,
  options: ContractOptions,
): void {
  describe(`Store contract: ${name}`, () => {
    let s: ContractSubject
    let store: Store
    let clock: Clock
    // A missing service fails every test with its message (vitest would report a failing
    // beforeAll as skipped tests); nothing here is ever skipped.
    let openError: unknown
    beforeAll(async () => {
      try {
        s = await open()
        store = s.store
        clock = s.clock
      } catch (err) {
        openError = err
      }
    })
    beforeEach(() => {
      if (openError) throw openError
    })
    afterAll(async () => {
      await s?.close()
    })

    describe('clients', () => {
      it('saves, reads, overwrites and deletes a client with every field', async () => {
        const c = client({ jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] } })
        await store.saveClient(c)
        expect(await store.getClient(c.clientId)).toEqual(c)
        const changed = { ...c, scope: 'openid', redirectUris: ['https://other.example/cb'] }
        await store.saveClient(changed)
        expect(await store.getClient(c.clientId)).toEqual(changed)
        await store.deleteClient(c.clientId)
        expect(await store.getClient(c.clientId)).toBeUndefined()
      })

      it('returns undefined for an unknown client and copies records (mutating a result changes nothing)', async () => {
        expect(await store.getClient(uid('nobody'))).toBeUndefined()
        const c = client()
        await store.saveClient(c)
        const got = await store.getClient(c.clientId)
        got?.redirectUris.push('https://evil.example/cb')
        expect((await store.getClient(c.clientId))?.redirectUris).toEqual(c.redirectUris)
      })
    })

    describe('authorization codes', () => {
      it('consumes a code once: the first use is fresh, every later use is a replay', async () => {
        const c = code(clock)
        await store.saveAuthorizationCode(c)
        expect(await store.consumeAuthorizationCode(c.codeHash)).toEqual({ record: c, replayed: false })
        expect(await store.consumeAuthorizationCode(c.codeHash)).toEqual({ record: c, replayed: true })
        expect(await store.consumeAuthorizationCode(c.codeHash)).toEqual({ record: c, replayed: true })
      })

      it('returns undefined for an unknown code', async () => {
        expect(await store.consumeAuthorizationCode(uid('unknown'))).toBeUndefined()
      })

      it('keeps optional fields absent when they were absent', async () => {
        const {
          acr: _a,
          nonce: _n,
          codeChallenge: _c,
          codeChallengeMethod: _m,
          authTime: _t,
          ...bare
        } = code(clock)
        await store.saveAuthorizationCode(bare)
        const got = await store.consumeAuthorizationCode(bare.codeHash)
        expect(got?.record).toEqual(bare)
        expect(Object.keys(got?.record ?? {}).sort()).toEqual(Object.keys(bare).sort())
      })

      it('lets exactly one of 50 concurrent consumptions win', async () => {
        const c = code(clock)
        await store.saveAuthorizationCode(c)
        const results = await Promise.all(
          Array.from({ length: 50 }, () => store.consumeAuthorizationCode(c.codeHash)),
        )
        expect(results.filter((r) => r?.replayed === false)).toHaveLength(1)
        expect(results.filter((r) => r?.replayed === true)).toHaveLength(49)
      })
    })

    describe('tokens', () => {
      it('saves and reads access and refresh tokens', async () => {
        const at = token(clock)
        const { sub: _s, ...cc } = token(clock, { kind: 'access_token', scope: 'api:read' })
        const rt = token(clock, { kind: 'refresh_token', grantId: at.grantId, authTime: 17, acr: '1' })
        for (const t of [at, cc, rt]) await store.saveToken(t)
        expect(await store.getToken(at.tokenHash)).toEqual(at)
        expect(await store.getToken(cc.tokenHash)).toEqual(cc)
        expect(await store.getToken(rt.tokenHash)).toEqual(rt)
        expect(await store.getToken(uid('unknown'))).toBeUndefined()
      })

      it('marks a refresh token used once, even under 50 concurrent calls', async () => {
        const rt = token(clock, { kind: 'refresh_token' })
        await store.saveToken(rt)
        const at = nowS(clock)
        const results = await Promise.all(
          Array.from({ length: 50 }, () => store.markTokenUsed(rt.tokenHash, at)),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
        expect(await store.markTokenUsed(rt.tokenHash, at + 1)).toBe(false)
        expect((await store.getToken(rt.tokenHash))?.usedAt).toBe(at)
        expect(await store.markTokenUsed(uid('unknown'), at)).toBe(false)
      })

      it('revokes one token and keeps the first revocation time', async () => {
        const a = token(clock)
        const b = token(clock, { grantId: a.grantId })
        await store.saveToken(a)
        await store.saveToken(b)
        await store.revokeToken(a.tokenHash, 100)
        await store.revokeToken(a.tokenHash, 200)
        await store.revokeToken(uid('unknown'), 100)
        expect((await store.getToken(a.tokenHash))?.revokedAt).toBe(100)
        expect((await store.getToken(b.tokenHash))?.revokedAt).toBeUndefined()
      })
    })

    describe('grant families', () => {
      it('revokes every token of a family, not others, and tokens saved for it later', async () => {
        const grantId = uid('family')
        const family = [
          token(clock, { grantId }),
          token(clock, { grantId, kind: 'refresh_token' }),
          token(clock, { grantId }),
        ]
        const other = token(clock)
        for (const t of [...family, other]) await store.saveToken(t)
        await store.revokeToken(family[2]?.tokenHash ?? '', 50)
        expect(await store.revokeGrant(grantId, 99)).toBe(2)
        expect((await store.getToken(family[0]?.tokenHash ?? ''))?.revokedAt).toBe(99)
        expect((await store.getToken(family[1]?.tokenHash ?? ''))?.revokedAt).toBe(99)
        expect((await store.getToken(family[2]?.tokenHash ?? ''))?.revokedAt).toBe(50)
        expect((await store.getToken(other.tokenHash))?.revokedAt).toBeUndefined()
        const late = token(clock, { grantId, issuedAt: 123 })
        await store.saveToken(late)
        expect((await store.getToken(late.tokenHash))?.revokedAt).toBe(123)
        expect(await store.revokeGrant(grantId, 200)).toBe(0)
      })

      it('refresh rotation: reusing a rotated token revokes the whole family', async () => {
        const grantId = uid('rotation')
        const rt1 = token(clock, { grantId, kind: 'refresh_token' })
        const at1 = token(clock, { grantId })
        await store.saveToken(rt1)
        await store.saveToken(at1)
        // Rotation: rt1 is used once, rt2 and at2 replace it.
        expect(await store.markTokenUsed(rt1.tokenHash, nowS(clock))).toBe(true)
        const rt2 = token(clock, { grantId, kind: 'refresh_token' })
        const at2 = token(clock, { grantId })
        await store.saveToken(rt2)
        await store.saveToken(at2)
        // Reuse of rt1: the server sees usedAt and revokes the family.
        expect((await store.getToken(rt1.tokenHash))?.usedAt).toBeDefined()
        expect(await store.markTokenUsed(rt1.tokenHash, nowS(clock))).toBe(false)
        expect(await store.revokeGrant(grantId, nowS(clock))).toBe(4)
        for (const t of [rt1, at1, rt2, at2])
          expect((await store.getToken(t.tokenHash))?.revokedAt).toBe(nowS(clock))
      })
    })

    describe('one-time identifiers', () => {
      it('accepts a key once until it expires, then again', async () => {
        const key = uid('jti')
        const now = nowS(clock)
        expect(await store.useOnce(key, now + 60, now)).toBe(true)
        expect(await store.useOnce(key, now + 60, now + 30)).toBe(false)
        expect(await store.useOnce(uid('jti'), now + 60, now)).toBe(true)
        clock.set(clock.now() + 61_000)
        expect(await store.useOnce(key, now + 200, now + 61)).toBe(true)
        expect(await store.useOnce(key, now + 200, now + 62)).toBe(false)
        clock.set(T0)
      })

      it('lets exactly one of 50 concurrent uses of the same key through', async () => {
        const key = uid('jti')
        const now = nowS(clock)
        const results = await Promise.all(Array.from({ length: 50 }, () => store.useOnce(key, now + 60, now)))
        expect(results.filter(Boolean)).toHaveLength(1)
      })
    })

    describe('device codes', () => {
      const device = () => {
        const d = store as Store & Partial<DeviceCodeStore>
        if (!isDeviceCodeStore(d)) throw new Error(`${name} does not implement DeviceCodeStore`)
        return d
      }
      const record = (over: Partial<DeviceCodeRecord> = {}): DeviceCodeRecord => ({
        deviceCodeHash: uid('dev'),
        userCodeHash: uid('user'),
        clientId: 'tv',
        scope: 'openid profile',
        grantId: uid('grant'),
        expiresAt: nowS(clock) + 600,
        interval: 5,
        status: 'pending',
        ...over,
      })

      it('saves a pending code and finds it by user code', async () => {
        const d = device()
        const r = record()
        await d.saveDeviceCode(r)
        expect(await d.getDeviceCodeByUserCode(r.userCodeHash)).toEqual(r)
        expect(await d.getDeviceCodeByUserCode(uid('user'))).toBeUndefined()
        expect(await d.pollDeviceCode(uid('dev'), nowS(clock))).toBeUndefined()
      })

      it('reads a code by device code, audience included, without polling it', async () => {
        const d = device()
        const r = record({ audience: ['https://api.example/', 'https://mcp.example/mcp'] })
        await d.saveDeviceCode(r)
        expect(await d.decideDeviceCode(r.userCodeHash, { status: 'approved', sub: 'alice' })).toBe(true)
        const approved = { ...r, status: 'approved', sub: 'alice' }
        expect(await d.getDeviceCode(r.deviceCodeHash)).toEqual(approved)
        expect(await d.getDeviceCode(r.deviceCodeHash)).toEqual(approved)
        expect((await d.pollDeviceCode(r.deviceCodeHash, nowS(clock)))?.record).toEqual(approved)
        expect(await d.getDeviceCode(uid('dev'))).toBeUndefined()
      })

      it('polls record the time; an approved code is consumed by the one poll that sees it', async () => {
        const d = device()
        const r = record()
        await d.saveDeviceCode(r)
        const t = nowS(clock)
        expect(await d.pollDeviceCode(r.deviceCodeHash, t)).toEqual({ record: r, previousPollAt: undefined })
        const second = await d.pollDeviceCode(r.deviceCodeHash, t + 5)
        expect(second?.previousPollAt).toBe(t)
        expect(second?.record.status).toBe('pending')
        const decision = { status: 'approved', sub: 'alice', authTime: t, acr: '1', scope: 'openid' } as const
        expect(await d.decideDeviceCode(r.userCodeHash, decision)).toBe(true)
        expect(await d.decideDeviceCode(r.userCodeHash, { status: 'denied' })).toBe(false)
        const approved = await d.getDeviceCodeByUserCode(r.userCodeHash)
        expect(approved).toEqual({
          ...r,
          lastPolledAt: t + 5,
          status: 'approved',
          sub: 'alice',
          authTime: t,
          acr: '1',
          scope: 'openid',
        })
        expect((await d.pollDeviceCode(r.deviceCodeHash, t + 10))?.record.status).toBe('approved')
        const after = await d.pollDeviceCode(r.deviceCodeHash, t + 15)
        expect(after?.record.status).toBe('consumed')
        expect(after?.previousPollAt).toBe(t + 10)
      })

      it('a denial records no subject; a decision on an unknown user code is false', async () => {
        const d = device()
        const r = record()
        await d.saveDeviceCode(r)
        expect(await d.decideDeviceCode(r.userCodeHash, { status: 'denied' })).toBe(true)
        const denied = await d.getDeviceCodeByUserCode(r.userCodeHash)
        expect(denied).toEqual({ ...r, status: 'denied' })
        expect(await d.decideDeviceCode(uid('user'), { status: 'approved', sub: 'x' })).toBe(false)
      })

      it('exactly one of 50 concurrent decisions, and one of 50 concurrent polls of an approved code, wins', async () => {
        const d = device()
        const r = record()
        await d.saveDeviceCode(r)
        const decisions = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            d.decideDeviceCode(
              r.userCodeHash,
              i % 2 ? { status: 'approved', sub: 'alice' } : { status: 'denied' },
            ),
          ),
        )
        expect(decisions.filter(Boolean)).toHaveLength(1)
        await d.saveDeviceCode(r)
        expect(await d.decideDeviceCode(r.userCodeHash, { status: 'approved', sub: 'alice' })).toBe(true)
        const polls = await Promise.all(
          Array.from({ length: 50 }, () => d.pollDeviceCode(r.deviceCodeHash, nowS(clock))),
        )
        expect(polls.filter((p) => p?.record.status === 'approved')).toHaveLength(1)
        expect(polls.filter((p) => p?.record.status === 'consumed')).toHaveLength(49)
      })
    })

    describe('consents', () => {
      it('saves, overwrites and reads consents per (sub, client)', async () => {
        const consent: ConsentRecord = { sub: 'a', clientId: 'b:c', scope: 'openid', grantedAt: 1 }
        const confusable: ConsentRecord = { sub: 'a:b', clientId: 'c', scope: 'email', grantedAt: 2 }
        await store.saveConsent(consent)
        await store.saveConsent(confusable)
        expect(await store.getConsent('a', 'b:c')).toEqual(consent)
        expect(await store.getConsent('a:b', 'c')).toEqual(confusable)
        const wider = { ...consent, scope: 'openid email', grantedAt: 3 }
        await store.saveConsent(wider)
        expect(await store.getConsent('a', 'b:c')).toEqual(wider)
        expect(await store.getConsent('a', 'nobody')).toBeUndefined()
      })

      it("lists a user's consents by client id, and no one else's", async () => {
        const sub = uid('lister')
        const b: ConsentRecord = { sub, clientId: 'b-app', scope: 'openid', grantedAt: 2 }
        const a: ConsentRecord = { sub, clientId: 'a-app', scope: 'openid email', grantedAt: 1 }
        await store.saveConsent(b)
        await store.saveConsent(a)
        await store.saveConsent({ sub: `${sub}x`, clientId: 'a-app', scope: 'openid', grantedAt: 3 })
        expect(await store.listConsents(sub)).toEqual([a, b])
        expect(await store.listConsents(uid('nobody'))).toEqual([])
      })

      it('revokeUserGrants deletes the consent and revokes every family of that user and client, and only those', async () => {
        const sub = uid('user')
        const clientId = uid('app')
        const g1 = uid('g1')
        const g2 = uid('g2')
        const mine = [
          token(clock, { sub, clientId, grantId: g1 }),
          token(clock, { sub, clientId, grantId: g1, kind: 'refresh_token' }),
          token(clock, { sub, clientId, grantId: g2 }),
        ]
        const { sub: _none, ...clientCredentials } = token(clock, { clientId })
        const others = [
          token(clock, { sub, clientId: uid('other-app') }),
          token(clock, { sub: uid('other-user'), clientId }),
          clientCredentials,
        ]
        for (const t of [...mine, ...others]) await store.saveToken(t)
        await store.saveConsent({ sub, clientId, scope: 'openid', grantedAt: 1 })
        const kept: ConsentRecord = { sub, clientId: `${clientId}-kept`, scope: 'openid', grantedAt: 1 }
        await store.saveConsent(kept)

        const revoked = await store.revokeUserGrants(sub, clientId, 77)
        // Families come in no particular order.
        expect(revoked).toHaveLength(2)
        expect(revoked).toEqual(
          expect.arrayContaining([
            { grantId: g1, count: 2 },
            { grantId: g2, count: 1 },
          ]),
        )
        expect(await store.getConsent(sub, clientId)).toBeUndefined()
        expect(await store.listConsents(sub)).toEqual([kept])
        for (const t of mine) expect((await store.getToken(t.tokenHash))?.revokedAt).toBe(77)
        for (const t of others) expect((await store.getToken(t.tokenHash))?.revokedAt).toBeUndefined()
        // A refresh of a revoked family in flight saves a token born revoked.
        const late = token(clock, { sub, clientId, grantId: g1, issuedAt: 80 })
        await store.saveToken(late)
        expect((await store.getToken(late.tokenHash))?.revokedAt).toBe(80)
        expect(await store.revokeUserGrants(uid('nobody'), clientId, 90)).toEqual([])
      })
    })

    if (options.sweeps) sweepContract(() => s, options.sweepsCodes ?? true)
    describe('sealed key sets', () => {
      const record = (id: string, sealed: string, updatedAt = 1) => ({ id, sealed, updatedAt })

      it('creates once, never overwrites on create, replaces on save', async () => {
        const id = uid('keys')
        expect(await store.getKeySet(id)).toBeUndefined()
        expect(await store.createKeySet(record(id, 'sealed-A', 10))).toBe(true)
        expect(await store.createKeySet(record(id, 'sealed-B', 11))).toBe(false)
        expect(await store.getKeySet(id)).toEqual(record(id, 'sealed-A', 10))
        await store.saveKeySet(record(id, 'sealed-C', 12))
        expect(await store.getKeySet(id)).toEqual(record(id, 'sealed-C', 12))
        expect(await store.getKeySet(uid('keys'))).toBeUndefined()
      })

      it('lets exactly one of 50 concurrent creates of one id through, and keeps its value', async () => {
        const id = uid('keys')
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.createKeySet(record(id, `sealed-${i}`, i))),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
        const winner = results.indexOf(true)
        expect(await store.getKeySet(id)).toEqual(record(id, `sealed-${winner}`, winner))
      })
    })

    if (options.persists) persistenceContract(() => s)
  })
}

function sweepContract(get: () => ContractSubject, sweepsCodes: boolean): void {
  describe('sweeping', () => {
    it('deletes expired tokens, old codes and expired one-time keys, and nothing live', async () => {
      const { store, clock, sweep } = get()
      if (!sweep) throw new Error('a sweeping store must provide sweep()')
      clock.set(T0)
      await sweep()
      const expired = Array.from({ length: 7 }, () => token(clock, { expiresAt: nowS(clock) + 10 }))
      const live = token(clock, { expiresAt: nowS(clock) + 10_000 })
      const oldCode = code(clock, { expiresAt: nowS(clock) + 60 })
      const onceKey = uid('jti')
      for (const t of [...expired, live]) await store.saveToken(t)
      await store.saveAuthorizationCode(oldCode)
      expect(await store.useOnce(onceKey, nowS(clock) + 30, nowS(clock))).toBe(true)

      // Nothing has expired yet.
      expect(await sweep()).toBe(0)
      // 100 s later: tokens and the one-time key are gone; the code is kept for replay detection.
      clock.set(T0 + 100_000)
      const swept = await sweep()
      expect(swept).toBeGreaterThanOrEqual(7)
      for (const t of expired) expect(await store.getToken(t.tokenHash)).toBeUndefined()
      expect(await store.getToken(live.tokenHash)).toEqual(live)
      expect((await store.consumeAuthorizationCode(oldCode.codeHash))?.replayed).toBe(false)
      // An hour later the code is gone too.
      clock.set(T0 + 3_600_000)
      await sweep()
      if (sweepsCodes) expect(await store.consumeAuthorizationCode(oldCode.codeHash)).toBeUndefined()
      expect(await store.getToken(live.tokenHash)).toEqual(live)
      clock.set(T0)
    })
  })
}

function persistenceContract(get: () => ContractSubject): void {
  describe('migrations and persistence', () => {
    it('reopening runs migrations again without harm and sees every record', async () => {
      const { store, clock, reopen } = get()
      if (!reopen) throw new Error('a persistent store must provide reopen()')
      const c = client()
      const t = token(clock, { kind: 'refresh_token' })
      const k = code(clock)
      await store.saveClient(c)
      await store.saveToken(t)
      await store.saveAuthorizationCode(k)
      for (let i = 0; i < 2; i++) {
        const again = await reopen()
        try {
          expect(await again.store.getClient(c.clientId)).toEqual(c)
          expect(await again.store.getToken(t.tokenHash)).toEqual(t)
        } finally {
          await again.close()
        }
      }
      // A second handle consumed nothing: the first consumption is still fresh, then a replay everywhere.
      const other = await reopen()
      try {
        expect((await store.consumeAuthorizationCode(k.codeHash))?.replayed).toBe(false)
        expect((await other.store.consumeAuthorizationCode(k.codeHash))?.replayed).toBe(true)
        expect(await other.store.markTokenUsed(t.tokenHash, 5)).toBe(true)
        expect(await store.markTokenUsed(t.tokenHash, 6)).toBe(false)
      } finally {
        await other.close()
      }
    })

    it('a client changed or deleted through another handle is seen by the next read of this one', async () => {
      const { store, reopen } = get()
      if (!reopen) throw new Error('a persistent store must provide reopen()')
      const c = client()
      await store.saveClient(c)
      expect(await store.getClient(c.clientId)).toEqual(c)
      const other = await reopen()
      try {
        const rotated = { ...c, clientSecretHash: 'rotated-hash' }
        await other.store.saveClient(rotated)
        expect(await store.getClient(c.clientId)).toEqual(rotated)
        await other.store.deleteClient(c.clientId)
        expect(await store.getClient(c.clientId)).toBeUndefined()
      } finally {
        await other.close()
      }
    })

    it('a sealed key set survives a reopen; two handles racing to create it end with one', async () => {
      const { store, reopen } = get()
      if (!reopen) throw new Error('a persistent store must provide reopen()')
      const kept = { id: uid('keys'), sealed: 'sealed-kept', updatedAt: 7 }
      expect(await store.createKeySet(kept)).toBe(true)
      const other = await reopen()
      try {
        expect(await other.store.getKeySet(kept.id)).toEqual(kept)
        const id = uid('keys')
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? other.store : store).createKeySet({ id, sealed: `sealed-${i}`, updatedAt: i }),
          ),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
        const winner = results.indexOf(true)
        expect((await store.getKeySet(id))?.sealed).toBe(`sealed-${winner}`)
        expect((await other.store.getKeySet(id))?.sealed).toBe(`sealed-${winner}`)
      } finally {
        await other.close()
      }
    })
  })
}
