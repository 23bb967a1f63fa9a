/**
 * A dump of every store holds no usable credential: the server issues codes and tokens through
 * its real endpoints (authorization, code exchange, refresh rotation, client_credentials), then
 * the raw SQLite file, a pg_dump of PostgreSQL and every Redis value are searched for them.
 * The server's signing keys are saved too (sealed by `loadOrCreateKeySet`): no private key member
 * and no private key value may be in a dump either.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { KeySet } from '../../runtime/jose/key-set.js'
import { randomToken, sha256Base64url } from '../../runtime/lib/random.js'
import { createAuthorizationServer } from '../../runtime/server/index.js'
import { loadOrCreateKeySet } from '../../runtime/storage/key-vault.js'
import { createLayeredStore, type ManagedStore } from '../../runtime/storage/layered.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { RedisStore } from '../../runtime/storage/redis.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'

const ISSUER = 'https://id.example'
const REDIRECT = 'https://app.example/cb'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

const dir = mkdtempSync(join(tmpdir(), 'authspec-dump-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Drives the server through every credential-issuing path; returns every raw credential it saw. */
async function issueEverything(
  store: ManagedStore,
): Promise<{ secrets: string[]; accessToken: string; sealed: string }> {
  const secret = randomToken(32)
  await store.saveClient({
    clientId: 'web',
    clientSecretHash: await sha256Base64url(secret),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    responseTypes: ['code'],
    scope: 'profile email',
  })
  const server = createAuthorizationServer({ issuer: ISSUER, store })
  const auth = { authorization: `Basic ${btoa(`web:${secret}`)}` }
  const token = async (form: Record<string, string>) => {
    const res = await server.tokenEndpoint(
      new Request(`${ISSUER}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
        body: new URLSearchParams(form),
      }),
    )
    expect(res.status).toBe(200)
    return (await res.json()) as Record<string, string>
  }
  const query = new URLSearchParams({
    client_id: 'web',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'profile email',
    state: 's',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  })
  const redirect = await server.createAuthorizationResponse(new Request(`${ISSUER}/authorize?${query}`), {
    user: { sub: 'alice' },
    approved: true,
  })
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''
  expect(code).not.toBe('')
  const first = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  })
  const rotated = await token({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] ?? '' })
  const cc = await token({ grant_type: 'client_credentials', scope: 'profile' })
  const secrets = [
    secret,
    code,
    VERIFIER,
    ...[first, rotated, cc].flatMap((b) =>
      [b['access_token'], b['refresh_token']].filter((t) => t !== undefined),
    ),
  ] as string[]
  expect(secrets.length).toBe(8)
  const keys = await loadOrCreateKeySet(store, {
    kek: randomToken(32),
    create: () => KeySet.generate(['ES256', 'RS256']),
  })
  const privateValues = keys
    .toJSON()
    .current.flatMap((jwk) => [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq].filter((v) => v !== undefined))
  expect(privateValues.length).toBe(6)
  const sealed = (await store.getKeySet('signing'))?.sealed ?? ''
  expect(sealed).not.toBe('')
  return { secrets: [...secrets, ...privateValues], accessToken: first['access_token'] ?? '', sealed }
}

async function expectNoCredential(
  dump: string,
  secrets: string[],
  accessToken: string,
  sealed: string,
): Promise<void> {
  // The dump is real: it holds the hash of a token it must not hold in clear, and the sealed keys.
  expect(dump).toContain(await sha256Base64url(accessToken))
  expect(dump).toContain(sealed)
  expect(dump.includes('"d":'), 'a private key member "d" is in the dump').toBe(false)
  for (const s of secrets)
    expect(dump.includes(s), `a credential (${s.slice(0, 6)}…) is in the dump`).toBe(false)
}

function pgDump(url: string): string {
  const bin = ['/usr/lib/postgresql']
    .filter(existsSync)
    .flatMap((root) => readdirSync(root).map((v) => join(root, v, 'bin', 'pg_dump')))
    .find(existsSync)
  if (!bin)
    throw new Error('pg_dump not found under /usr/lib/postgresql/*/bin; run: bash scripts/services.sh start')
  return execFileSync(bin, ['--data-only', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

async function redisDump(url: string, prefix: string): Promise<string> {
  const r = new Redis(url)
  try {
    const keys = await r.keys(`${prefix}*`)
    expect(keys.length).toBeGreaterThan(0)
    const parts: string[] = []
    for (const k of keys) {
      const type = await r.type(k)
      parts.push(k, type === 'hash' ? JSON.stringify(await r.hgetall(k)) : String(await r.get(k)))
    }
    return parts.join('\n')
  } finally {
    r.disconnect()
  }
}

describe('a store dump holds no usable credential', () => {
  it('SQLite: the database file and its WAL', async () => {
    const path = join(dir, 'dump.db')
    const store = new SqliteStore({ path, sweepIntervalMs: 0 })
    const { secrets, accessToken, sealed } = await issueEverything(store)
    const live = [path, `${path}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'))
    await store.close()
    const closed = readFileSync(path).toString('latin1')
    await expectNoCredential(live.join('\n'), secrets, accessToken, sealed)
    await expectNoCredential(closed, secrets, accessToken, sealed)
  })

  it('PostgreSQL: pg_dump of the database', async () => {
    const db = await freshPostgresDatabase('dump')
    const store = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
    try {
      const { secrets, accessToken, sealed } = await issueEverything(store)
      await expectNoCredential(pgDump(db.url), secrets, accessToken, sealed)
    } finally {
      await store.close()
      await db.drop()
    }
  })

  it('PostgreSQL with codes in Redis: pg_dump and every Redis value', async () => {
    const redis = await reachableRedis('dump')
    const db = await freshPostgresDatabase('dump_layered')
    const store = createLayeredStore({
      durable: new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 }),
      ephemeral: new RedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }),
    })
    try {
      const { secrets, accessToken, sealed } = await issueEverything(store)
      const redisPart = await redisDump(redis.url, redis.keyPrefix)
      expect(redisPart).toContain(':code:')
      for (const s of secrets) expect(redisPart.includes(s)).toBe(false)
      await expectNoCredential(pgDump(db.url), secrets, accessToken, sealed)
    } finally {
      await store.close()
      await db.drop()
    }
  })
})
