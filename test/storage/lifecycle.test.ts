/**
 * Store lifecycle: the background sweep runs on its interval and stops with `close()`, its timer
 * never keeps a process alive, and migrations are safe when several processes start at once.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import { freshPostgresDatabase } from '../helpers/services.js'
import { fakeClock, T0 } from './contract.js'

const dir = mkdtempSync(join(tmpdir(), 'authspec-lifecycle-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(() => {
  vi.useRealTimers()
})

const expiring = (n: number) => ({
  tokenHash: `t${n}`,
  kind: 'access_token' as const,
  clientId: 'c',
  grantId: `g${n}`,
  scope: 's',
  issuedAt: T0 / 1000,
  expiresAt: T0 / 1000 + 10,
})

describe('background sweep', () => {
  it('SQLite: runs every sweepIntervalMs and stops on close()', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const clock = fakeClock()
    const store = new SqliteStore({ path: join(dir, 'sweep.db'), now: clock.now, sweepIntervalMs: 1000 })
    await store.saveToken(expiring(1))
    clock.set(T0 + 60_000)
    await vi.advanceTimersByTimeAsync(999)
    expect(await store.getToken('t1')).toBeDefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(await store.getToken('t1')).toBeUndefined()
    expect(vi.getTimerCount()).toBe(1)
    await store.close()
    expect(vi.getTimerCount()).toBe(0)
    await store.close()
  })

  it('PostgreSQL: runs every sweepIntervalMs and stops on close()', async () => {
    const db = await freshPostgresDatabase('sweep')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const clock = fakeClock()
    const store = new PostgresStore({ connectionString: db.url, now: clock.now, sweepIntervalMs: 1000 })
    try {
      await store.saveToken(expiring(2))
      clock.set(T0 + 60_000)
      await vi.advanceTimersByTimeAsync(1000)
      await vi.waitFor(async () => expect(await store.getToken('t2')).toBeUndefined())
      await store.close()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      await store.close()
      vi.useRealTimers()
      await db.drop()
    }
  })

  it('the sweep timer never keeps a process alive', () => {
    const path = join(dir, 'alive.db')
    const script = `import { SqliteStore } from ${JSON.stringify(join(process.cwd(), 'runtime/storage/sqlite.ts'))}
      const s = new SqliteStore({ path: ${JSON.stringify(path)}, sweepIntervalMs: 50 })
      await s.saveConsent({ sub: 'a', clientId: 'b', scope: 's', grantedAt: 1 })
      console.log('opened')`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(out.trim()).toBe('opened')
  })
})

describe('SQLite group commit', () => {
  it('writes of one tick commit together, and one failing write does not fail the others', async () => {
    const store = new SqliteStore({ path: join(dir, 'group.db'), sweepIntervalMs: 0 })
    try {
      const bad = { sub: 'a', clientId: 'b', scope: 's', grantedAt: 10n as unknown as number }
      const results = await Promise.allSettled([
        store.saveToken(expiring(3)),
        store.saveConsent(bad),
        store.saveToken(expiring(4)),
        store.markTokenUsed('t3', 5),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
      expect(results[3]).toEqual({ status: 'fulfilled', value: true })
      expect((await store.getToken('t3'))?.usedAt).toBe(5)
      expect(await store.getToken('t4')).toBeDefined()
      expect(await store.getConsent('a', 'b')).toBeUndefined()
    } finally {
      await store.close()
    }
    await expect(store.saveToken(expiring(5))).rejects.toThrow(/closed/)
  })
})

describe('migrations', () => {
  it('PostgreSQL: eight stores starting at once migrate once (advisory lock)', async () => {
    const db = await freshPostgresDatabase('migrate')
    const stores = Array.from(
      { length: 8 },
      () => new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 }),
    )
    try {
      await Promise.all(stores.map((s) => s.ready))
      expect(await stores[0]?.migrate()).toBe(4)
      const c = new pg.Client({ connectionString: db.url })
      await c.connect()
      const { rows } = await c.query<{ version: number }>(
        'SELECT version FROM authspec_schema_version ORDER BY version',
      )
      await c.end()
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4])
    } finally {
      await Promise.all(stores.map((s) => s.close()))
      await db.drop()
    }
  })

  it('SQLite: reopening an up-to-date file adds no version; the file is in WAL mode', async () => {
    const path = join(dir, 'migrate.db')
    for (let i = 0; i < 3; i++) {
      const s = new SqliteStore({ path, sweepIntervalMs: 0, busyTimeoutMs: 4321 })
      expect(s.migrate()).toBe(4)
      await s.close()
    }
    const raw = new Database(path, { readonly: true })
    try {
      const versions = raw.prepare('SELECT version FROM schema_version ORDER BY version').all()
      expect(versions).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }])
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
      // client_credentials issuance is the hot path: a token without a user writes no index entry.
      const userIndex = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'tokens_user'").get()
      expect(userIndex).toEqual({ sql: expect.stringMatching(/WHERE sub IS NOT NULL$/) })
    } finally {
      raw.close()
    }
  })

  it("SQLite and PostgreSQL: a version-2 store upgrades to 4 (key sets, users' tokens) and keeps its rows", async () => {
    const client = {
      clientId: 'kept',
      tokenEndpointAuthMethod: 'none' as const,
      redirectUris: ['https://app.example/cb'],
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      scope: 'openid',
    }
    const keys = { id: 'signing', sealed: 'sealed-after-upgrade', updatedAt: 1 }
    // A user's token and a client_credentials token written before version 4 linked tokens to users.
    const userToken = { ...expiring(1), sub: 'alice' }
    const clientToken = expiring(2)
    const write = async (store: SqliteStore | PostgresStore) => {
      await store.saveClient(client)
      await store.saveToken(userToken)
      await store.saveToken(clientToken)
    }
    const check = async (store: SqliteStore | PostgresStore) => {
      expect(await store.getClient('kept')).toEqual(client)
      expect(await store.createKeySet(keys)).toBe(true)
      expect(await store.getKeySet('signing')).toEqual(keys)
      expect(await store.revokeUserGrants('alice', 'c', 5)).toEqual([{ grantId: 'g1', count: 1 }])
      expect((await store.getToken(clientToken.tokenHash))?.revokedAt).toBeUndefined()
    }
    // SQLite: roll a current file back to version 2, as a file written before key sets existed.
    const path = join(dir, 'upgrade.db')
    const old = new SqliteStore({ path, sweepIntervalMs: 0 })
    await write(old)
    await old.close()
    const raw = new Database(path)
    raw.exec(`DROP TABLE key_sets; DROP INDEX tokens_user; ALTER TABLE tokens DROP COLUMN sub;
      ALTER TABLE tokens DROP COLUMN client_id; DELETE FROM schema_version WHERE version >= 3`)
    raw.close()
    const sqlite = new SqliteStore({ path, sweepIntervalMs: 0 })
    try {
      await check(sqlite)
    } finally {
      await sqlite.close()
    }
    // PostgreSQL: the same, under the advisory lock.
    const db = await freshPostgresDatabase('upgrade')
    try {
      const first = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
      await write(first)
      await first.close()
      const c = new pg.Client({ connectionString: db.url })
      await c.connect()
      await c.query(`DROP TABLE authspec_key_sets; ALTER TABLE authspec_tokens DROP COLUMN sub, DROP COLUMN client_id;
        DELETE FROM authspec_schema_version WHERE version >= 3`)
      await c.end()
      const store = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
      try {
        await store.ready
        await check(store)
      } finally {
        await store.close()
      }
    } finally {
      await db.drop()
    }
  })
})
