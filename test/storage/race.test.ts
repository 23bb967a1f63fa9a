/**
 * Exactly-once under real races: two authorization server processes on one store (SQLite file,
 * PostgreSQL, PostgreSQL + Redis) take 100 concurrent token requests redeeming the same
 * authorization code, the same refresh token, the same approved device code, through the real token endpoint over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomToken, sha256Base64url } from '../../runtime/lib/random.js'
import { DEVICE_CODE_GRANT } from '../../runtime/server/index.js'
import type { ManagedStore } from '../../runtime/storage/layered.js'
import { openStore } from '../../runtime/storage/open-store.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'
import { type ServerProcess, type StoreEnv, startServer } from './fixtures/processes.js'

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const REDIRECT = 'https://app.example/cb'
const AUTH = `Basic ${btoa('web:web-secret')}`
const RACERS = 100
const ROUNDS = 3

const dir = mkdtempSync(join(tmpdir(), 'authspec-race-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Target {
  env: StoreEnv
  cleanup: () => Promise<void>
}

const targets: [string, () => Promise<Target>][] = [
  [
    'one SQLite file',
    async () => ({ env: { url: `sqlite:${join(dir, 'race.db')}` }, cleanup: async () => {} }),
  ],
  [
    'PostgreSQL',
    async () => {
      const db = await freshPostgresDatabase('race')
      return { env: { url: db.url }, cleanup: db.drop }
    },
  ],
  [
    'PostgreSQL with codes in Redis',
    async () => {
      const redis = await reachableRedis('race')
      const db = await freshPostgresDatabase('race_layered')
      return { env: { url: db.url, ephemeral: redis.url, keyPrefix: redis.keyPrefix }, cleanup: db.drop }
    },
  ],
]

async function post(origin: string, path: string, form: Record<string, string>) {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** Fires `RACERS` identical requests at once, alternating between the two processes. */
function race(servers: ServerProcess[], form: Record<string, string>) {
  return Promise.all(
    Array.from({ length: RACERS }, (_, i) => post(servers[i % servers.length]?.origin ?? '', '/token', form)),
  )
}

describe.each(targets)('two server processes on %s', (_name, makeTarget) => {
  let target: Target | undefined
  let store: ManagedStore | undefined
  const servers: ServerProcess[] = []
  let setupError: unknown

  beforeAll(async () => {
    try {
      target = await makeTarget()
      store = await openStore(target.env.url, {
        ephemeral: target.env.ephemeral,
        keyPrefix: target.env.keyPrefix,
      })
      await store.saveClient({
        clientId: 'web',
        clientSecretHash: await sha256Base64url('web-secret'),
        tokenEndpointAuthMethod: 'client_secret_basic',
        redirectUris: [REDIRECT],
        grantTypes: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
        responseTypes: ['code'],
        scope: 'profile email',
      })
      servers.push(...(await Promise.all([startServer(target.env), startServer(target.env)])))
    } catch (err) {
      setupError = err
    }
  }, 60_000)

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await store?.close()
    await target?.cleanup()
  })

  const ready = () => {
    if (setupError) throw setupError
    if (!store) throw new Error('store not opened')
    return store
  }
  const introspect = async (token: string) =>
    (await post(servers[1]?.origin ?? '', '/introspect', { token })).body['active']

  it(`redeems an authorization code exactly once out of ${RACERS} concurrent requests, ${ROUNDS} rounds; the replays revoke what it issued`, async () => {
    const s = ready()
    for (let round = 0; round < ROUNDS; round++) {
      const code = randomToken(32)
      await s.saveAuthorizationCode({
        codeHash: await sha256Base64url(code),
        clientId: 'web',
        redirectUri: REDIRECT,
        grantId: `race-code-${round}-${randomToken(8)}`,
        sub: 'alice',
        scope: 'profile',
        expiresAt: Math.floor(Date.now() / 1000) + 60,
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
      })
      const results = await race(servers, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      })
      const winners = results.filter((r) => r.status === 200)
      expect(winners, servers.map((p) => p.stderr()).join('\n')).toHaveLength(1)
      expect(results.filter((r) => r.status === 400 && r.body['error'] === 'invalid_grant')).toHaveLength(
        RACERS - 1,
      )
      const issued = winners[0]?.body ?? {}
      expect(typeof issued['access_token']).toBe('string')
      expect(await introspect(String(issued['access_token']))).toBe(false)
      expect(await introspect(String(issued['refresh_token']))).toBe(false)
    }
  })

  it(`rotates a refresh token exactly once out of ${RACERS} concurrent requests, ${ROUNDS} rounds; the reuse revokes the family`, async () => {
    const s = ready()
    for (let round = 0; round < ROUNDS; round++) {
      const refresh = randomToken(32)
      const now = Math.floor(Date.now() / 1000)
      await s.saveToken({
        tokenHash: await sha256Base64url(refresh),
        kind: 'refresh_token',
        clientId: 'web',
        grantId: `race-refresh-${round}-${randomToken(8)}`,
        sub: 'alice',
        scope: 'profile email',
        issuedAt: now,
        expiresAt: now + 3600,
      })
      const results = await race(servers, { grant_type: 'refresh_token', refresh_token: refresh })
      const winners = results.filter((r) => r.status === 200)
      expect(winners, servers.map((p) => p.stderr()).join('\n')).toHaveLength(1)
      expect(results.filter((r) => r.status === 400 && r.body['error'] === 'invalid_grant')).toHaveLength(
        RACERS - 1,
      )
      const issued = winners[0]?.body ?? {}
      expect(typeof issued['refresh_token']).toBe('string')
      expect(await introspect(String(issued['access_token']))).toBe(false)
      expect(await introspect(String(issued['refresh_token']))).toBe(false)
    }
  })

  it(`hands out the tokens of an approved device code exactly once out of ${RACERS} concurrent polls, ${ROUNDS} rounds`, async () => {
    const s = ready()
    if (!s.saveDeviceCode) throw new Error('the store has no device code support')
    // The server records a consent with every approval, and a poll asks for it.
    await s.saveConsent({
      sub: 'alice',
      clientId: 'web',
      scope: 'profile',
      grantedAt: Math.floor(Date.now() / 1000),
    })
    for (let round = 0; round < ROUNDS; round++) {
      const deviceCode = randomToken(32)
      const now = Math.floor(Date.now() / 1000)
      await s.saveDeviceCode({
        deviceCodeHash: await sha256Base64url(deviceCode),
        userCodeHash: await sha256Base64url(`USER${round}${randomToken(8)}`),
        clientId: 'web',
        scope: 'profile',
        grantId: `race-device-${round}-${randomToken(8)}`,
        expiresAt: now + 600,
        interval: 5,
        status: 'approved',
        sub: 'alice',
      })
      const results = await race(servers, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode })
      const winners = results.filter((r) => r.status === 200)
      expect(winners, servers.map((p) => p.stderr()).join('\n')).toHaveLength(1)
      expect(results.filter((r) => r.status === 400 && r.body['error'] === 'invalid_grant')).toHaveLength(
        RACERS - 1,
      )
      expect(await introspect(String(winners[0]?.body['access_token']))).toBe(true)
    }
  })
})
