import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type Database from 'better-sqlite3'
import { ArgumentError } from '../errors.js'
import { applyDecision, applyPoll, type DeviceDecision } from './lib/device.js'
import { loadDriver } from './lib/driver.js'
import { parseJson, seconds, toJson, tokenData, tokenFromRow } from './lib/rows.js'
import {
  type ResolvedSweep,
  resolveSweep,
  type SweepOptions,
  startSweeper,
  yieldToLoop,
} from './lib/sweeper.js'
import type {
  AuthorizationCodeRecord,
  ClientRecord,
  ConsentRecord,
  ConsumedCode,
  DeviceCodeRecord,
  DeviceCodeStore,
  DevicePoll,
  KeySetRecord,
  RevokedGrant,
  Store,
  TokenRecord,
} from './store.js'

export interface SqliteStoreOptions extends SweepOptions {
  /** Database file. Default `./data/authspec.db`; its directory is created when missing. */
  path?: string | undefined
  /** Milliseconds a writer waits for another process's lock before failing. Default 5000. */
  busyTimeoutMs?: number | undefined
}

/** Schema migrations, applied in order; the index + 1 is the version recorded in `schema_version`. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE clients (client_id TEXT PRIMARY KEY, data TEXT NOT NULL);
   CREATE TABLE codes (code_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
   CREATE INDEX codes_expires_at ON codes (expires_at);
   CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, grant_id TEXT NOT NULL, data TEXT NOT NULL,
     expires_at INTEGER NOT NULL, revoked_at INTEGER, used_at INTEGER);
   CREATE INDEX tokens_grant_id ON tokens (grant_id);
   CREATE INDEX tokens_expires_at ON tokens (expires_at);
   CREATE TABLE revoked_grants (grant_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
   CREATE TABLE once_keys (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
   CREATE INDEX once_keys_expires_at ON once_keys (expires_at);
   CREATE TABLE consents (sub TEXT NOT NULL, client_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (sub, client_id));`,
  `CREATE TABLE device_codes (device_code_hash TEXT PRIMARY KEY, user_code_hash TEXT NOT NULL UNIQUE,
     data TEXT NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX device_codes_expires_at ON device_codes (expires_at);`,
  `CREATE TABLE key_sets (id TEXT PRIMARY KEY, sealed TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
  // A user's tokens by client, for revokeUserGrants. Partial index: a client_credentials token
  // (no user) writes no index entry, so its issuance costs what it did before.
  `ALTER TABLE tokens ADD COLUMN sub TEXT;
   ALTER TABLE tokens ADD COLUMN client_id TEXT;
   UPDATE tokens SET sub = json_extract(data, '$.sub'), client_id = json_extract(data, '$.clientId')
     WHERE json_extract(data, '$.sub') IS NOT NULL;
   CREATE INDEX tokens_user ON tokens (sub, client_id) WHERE sub IS NOT NULL;`,
]

/** Client rows `getClient` keeps at most; past this the cache starts again from empty. */
const MAX_CACHED_CLIENTS = 1000

/**
 * The embedded default `Store`: one SQLite file (better-sqlite3) in WAL mode, so several processes
 * on one machine can share it. Single-use operations are one `UPDATE … WHERE used_at IS NULL`,
 * which SQLite serialises across processes; expired rows are swept in small batches on an unref'd
 * timer. Only hashes of secrets and tokens ever reach it.
 *
 * @example
 * const store = new SqliteStore({ path: './data/authspec.db' })
 * const server = createAuthorizationServer({ issuer, store })
 * // on shutdown
 * await store.close()
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */
export class SqliteStore implements Store, DeviceCodeStore {
  readonly path: string
  readonly #db: Database.Database
  readonly #sweep: ResolvedSweep
  readonly #stopSweeper: () => void
  readonly #statements = new Map<string, Database.Statement>()
  /** Every queued operation of one flush, in one IMMEDIATE transaction (made once: see `#flush`). */
  readonly #runBatch: Database.Transaction<(batch: readonly { run: () => unknown }[]) => unknown[]>
  /**
   * Client rows as read, by client id, valid while `PRAGMA data_version` (which changes when any
   * other connection commits) keeps the value in `#clientsVersion`; this connection's own client
   * writes drop their entry. Every authenticated request reads its client, and the version check
   * costs about half of the SELECT and row decoding it replaces (bench:server, issuance on SQLite).
   */
  readonly #clientRows = new Map<string, string>()
  #clientsVersion = -1
  #queue: { run: () => unknown; resolve: (value: never) => void; reject: (error: unknown) => void }[] = []
  #closed = false

  constructor(options: SqliteStoreOptions = {}) {
    const path = options.path ?? './data/authspec.db'
    if (typeof path !== 'string' || path === '')
      throw new ArgumentError('"path" must be a non-empty file path')
    const busy = options.busyTimeoutMs ?? 5000
    if (!Number.isInteger(busy) || busy < 0)
      throw new ArgumentError('"busyTimeoutMs" must be an integer >= 0')
    this.#sweep = resolveSweep(options)
    this.path = path
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const BetterSqlite = loadDriver<typeof Database>('better-sqlite3', 'SqliteStore')
    this.#db = new BetterSqlite(path, { timeout: busy })
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`busy_timeout = ${busy}`)
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    this.#db.pragma('synchronous = NORMAL')
    // Checkpoint every 10,000 WAL pages (~40 MiB) instead of SQLite's 1,000: each checkpoint copies
    // the hot pages (the tables' and indexes' last pages) again and syncs the file, so fewer of them
    // cut the CPU of every write by about a sixth (bench:server). Durability is the WAL's, unchanged.
    this.#db.pragma('wal_autocheckpoint = 10000')
    this.#runBatch = this.#db.transaction((batch) => batch.map((op) => op.run()))
    this.migrate()
    this.#stopSweeper = startSweeper(() => this.sweep(), this.#sweep)
  }

  /** Applies pending migrations in one immediate transaction; safe when several processes start at once. */
  migrate(): number {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    const run = this.#db.transaction(() => {
      const row = this.#db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as {
        v: number | null
      }
      const current = row.v ?? 0
      for (let i = current; i < MIGRATIONS.length; i++) {
        this.#db.exec(MIGRATIONS[i] as string)
        this.#db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(i + 1)
      }
      return MIGRATIONS.length
    })
    return run.immediate()
  }

  /**
   * Group commit: writes issued in the same turn of the event loop run in one IMMEDIATE
   * transaction, and each promise settles once that transaction has committed. A commit costs
   * more than a small write, so under concurrent requests this multiplies write throughput; each
   * operation keeps its own atomicity because it is still a single statement (or savepoint).
   */
  #write<T>(run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new ArgumentError('the SqliteStore is closed'))
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: never) => void, reject })
      if (this.#queue.length === 1) setImmediate(() => this.#flush())
    })
  }

  #flush(): void {
    const batch = this.#queue
    this.#queue = []
    if (batch.length === 0) return
    let results: unknown[]
    try {
      results = this.#runBatch.immediate(batch)
    } catch {
      // One failing write must not fail the others: run each alone.
      for (const op of batch) {
        try {
          op.resolve(this.#db.transaction(op.run).immediate() as never)
        } catch (err) {
          op.reject(err)
        }
      }
      return
    }
    for (const [i, op] of batch.entries()) op.resolve(results[i] as never)
  }

  /** Prepared once per SQL text: preparing dominates the cost of these small statements. */
  #stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql)
    if (!s) {
      s = this.#db.prepare(sql)
      this.#statements.set(sql, s)
    }
    return s
  }

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    const version = this.#stmt('PRAGMA data_version').pluck().get() as number
    if (version !== this.#clientsVersion) {
      this.#clientRows.clear()
      this.#clientsVersion = version
    }
    let data = this.#clientRows.get(clientId)
    if (data === undefined) {
      const row = this.#stmt('SELECT data FROM clients WHERE client_id = ?').get(clientId) as
        | { data: string }
        | undefined
      // Only clients that exist are kept, so unknown ids cannot grow the map; nor can a huge registry.
      if (!row) return undefined
      if (this.#clientRows.size >= MAX_CACHED_CLIENTS) this.#clientRows.clear()
      data = row.data
      this.#clientRows.set(clientId, data)
    }
    return parseJson<ClientRecord>(data)
  }

  saveClient(client: ClientRecord): Promise<void> {
    return this.#write(() => {
      this.#clientRows.delete(client.clientId)
      this.#stmt(
        'INSERT INTO clients (client_id, data) VALUES (?, ?) ON CONFLICT (client_id) DO UPDATE SET data = excluded.data',
      ).run(client.clientId, toJson(client))
    })
  }

  deleteClient(clientId: string): Promise<void> {
    return this.#write(() => {
      this.#clientRows.delete(clientId)
      this.#stmt('DELETE FROM clients WHERE client_id = ?').run(clientId)
    })
  }

  saveAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    return this.#write(() => {
      this.#stmt(
        `INSERT INTO codes (code_hash, data, expires_at, used_at) VALUES (?, ?, ?, NULL)
           ON CONFLICT (code_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, used_at = NULL`,
      ).run(code.codeHash, toJson(code), code.expiresAt)
    })
  }

  consumeAuthorizationCode(codeHash: string): Promise<ConsumedCode | undefined> {
    return this.#write(() => {
      // One statement: only the caller whose UPDATE flips used_at from NULL sees a row back.
      const first = this.#stmt(
        'UPDATE codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING data',
      ).get(seconds(this.#sweep.now), codeHash) as { data: string } | undefined
      if (first) return { record: parseJson(first.data), replayed: false }
      const row = this.#stmt('SELECT data FROM codes WHERE code_hash = ?').get(codeHash) as
        | { data: string }
        | undefined
      return row ? { record: parseJson(row.data), replayed: true } : undefined
    })
  }

  saveToken(token: TokenRecord): Promise<void> {
    return this.#write(() => {
      // A token saved for a family that is already revoked is born revoked. SQLite runs one writer
      // at a time across processes, so this and revokeGrant's UPDATE never miss each other: the
      // token's own revoked_at is all getToken needs to read.
      this.#stmt(
        `INSERT INTO tokens (token_hash, grant_id, data, expires_at, revoked_at, used_at, sub, client_id)
           VALUES (?, ?, ?, ?, COALESCE(?, (SELECT ? FROM revoked_grants WHERE grant_id = ?)), ?, ?, ?)
           ON CONFLICT (token_hash) DO UPDATE SET grant_id = excluded.grant_id, data = excluded.data,
             expires_at = excluded.expires_at, revoked_at = excluded.revoked_at, used_at = excluded.used_at,
             sub = excluded.sub, client_id = excluded.client_id`,
      ).run(
        token.tokenHash,
        token.grantId,
        toJson(tokenData(token)),
        token.expiresAt,
        token.revokedAt ?? null,
        token.issuedAt,
        token.grantId,
        token.usedAt ?? null,
        token.sub ?? null,
        token.sub === undefined ? null : token.clientId,
      )
    })
  }

  async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = this.#stmt('SELECT data, revoked_at, used_at FROM tokens WHERE token_hash = ?').get(
      tokenHash,
    ) as { data: string; revoked_at: number | null; used_at: number | null } | undefined
    return row ? tokenFromRow(row.data, row.revoked_at, row.used_at) : undefined
  }

  markTokenUsed(tokenHash: string, at: number): Promise<boolean> {
    return this.#write(() => {
      const r = this.#stmt('UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL').run(
        at,
        tokenHash,
      )
      return r.changes === 1
    })
  }

  revokeToken(tokenHash: string, at: number): Promise<void> {
    return this.#write(() => {
      this.#stmt('UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(
        at,
        tokenHash,
      )
    })
  }

  revokeGrant(grantId: string, at: number): Promise<number> {
    return this.#write(() => this.#db.transaction(() => this.#revokeGrant(grantId, at)).immediate())
  }

  /** The family marker and the token updates; the caller runs it in a transaction. */
  #revokeGrant(grantId: string, at: number): number {
    this.#stmt('INSERT INTO revoked_grants (grant_id, revoked_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      grantId,
      at,
    )
    return this.#stmt('UPDATE tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL').run(
      at,
      grantId,
    ).changes
  }

  useOnce(key: string, expiresAt: number, now: number): Promise<boolean> {
    return this.#write(() => {
      // Inserts, or takes over a key whose previous use has expired; a live key changes nothing.
      const r = this.#stmt(
        `INSERT INTO once_keys (key, expires_at) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE once_keys.expires_at <= ?`,
      ).run(key, expiresAt, now)
      return r.changes === 1
    })
  }

  saveDeviceCode(record: DeviceCodeRecord): Promise<void> {
    return this.#write(() => {
      this.#stmt(
        `INSERT INTO device_codes (device_code_hash, user_code_hash, data, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_code_hash) DO UPDATE SET user_code_hash = excluded.user_code_hash, data = excluded.data,
           expires_at = excluded.expires_at`,
      ).run(record.deviceCodeHash, record.userCodeHash, JSON.stringify(record), record.expiresAt)
    })
  }

  async getDeviceCodeByUserCode(userCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const row = this.#stmt('SELECT data FROM device_codes WHERE user_code_hash = ?').get(userCodeHash) as
      | { data: string }
      | undefined
    return row ? parseJson<DeviceCodeRecord>(row.data) : undefined
  }

  async getDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const row = this.#stmt('SELECT data FROM device_codes WHERE device_code_hash = ?').get(deviceCodeHash) as
      | { data: string }
      | undefined
    return row ? parseJson<DeviceCodeRecord>(row.data) : undefined
  }

  decideDeviceCode(userCodeHash: string, decision: DeviceDecision): Promise<boolean> {
    return this.#write(() => {
      // Read and write in one IMMEDIATE transaction: it holds the write lock, so no other process
      // can decide or poll in between.
      const run = this.#db.transaction(() => {
        const row = this.#stmt('SELECT data FROM device_codes WHERE user_code_hash = ?').get(userCodeHash) as
          | { data: string }
          | undefined
        const record = row ? parseJson<DeviceCodeRecord>(row.data) : undefined
        if (record?.status !== 'pending') return false
        this.#stmt('UPDATE device_codes SET data = ? WHERE user_code_hash = ?').run(
          JSON.stringify(applyDecision(record, decision)),
          userCodeHash,
        )
        return true
      })
      return run.immediate()
    })
  }

  pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll | undefined> {
    return this.#write(() => {
      const run = this.#db.transaction((): DevicePoll | undefined => {
        const row = this.#stmt('SELECT data FROM device_codes WHERE device_code_hash = ?').get(
          deviceCodeHash,
        ) as { data: string } | undefined
        if (!row) return undefined
        const record = parseJson<DeviceCodeRecord>(row.data)
        this.#stmt('UPDATE device_codes SET data = ? WHERE device_code_hash = ?').run(
          JSON.stringify(applyPoll(record, now)),
          deviceCodeHash,
        )
        return { record, previousPollAt: record.lastPolledAt }
      })
      return run.immediate()
    })
  }

  saveConsent(consent: ConsentRecord): Promise<void> {
    return this.#write(() => {
      this.#stmt(
        `INSERT INTO consents (sub, client_id, data) VALUES (?, ?, ?)
           ON CONFLICT (sub, client_id) DO UPDATE SET data = excluded.data`,
      ).run(consent.sub, consent.clientId, toJson(consent))
    })
  }

  async getConsent(sub: string, clientId: string): Promise<ConsentRecord | undefined> {
    const row = this.#stmt('SELECT data FROM consents WHERE sub = ? AND client_id = ?').get(sub, clientId) as
      | { data: string }
      | undefined
    return row ? parseJson<ConsentRecord>(row.data) : undefined
  }

  async listConsents(sub: string): Promise<ConsentRecord[]> {
    const rows = this.#stmt('SELECT data FROM consents WHERE sub = ? ORDER BY client_id').all(sub) as {
      data: string
    }[]
    return rows.map((r) => parseJson<ConsentRecord>(r.data))
  }

  revokeUserGrants(sub: string, clientId: string, at: number): Promise<RevokedGrant[]> {
    return this.#write(() => {
      const run = this.#db.transaction(() => {
        this.#stmt('DELETE FROM consents WHERE sub = ? AND client_id = ?').run(sub, clientId)
        const rows = this.#stmt('SELECT DISTINCT grant_id FROM tokens WHERE sub = ? AND client_id = ?').all(
          sub,
          clientId,
        ) as { grant_id: string }[]
        return rows.map(({ grant_id }) => ({ grantId: grant_id, count: this.#revokeGrant(grant_id, at) }))
      })
      return run.immediate()
    })
  }

  createKeySet(record: KeySetRecord): Promise<boolean> {
    return this.#write(
      () =>
        this.#stmt(
          'INSERT INTO key_sets (id, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
        ).run(record.id, record.sealed, record.updatedAt).changes === 1,
    )
  }

  saveKeySet(record: KeySetRecord): Promise<void> {
    return this.#write(() => {
      this.#stmt(
        `INSERT INTO key_sets (id, sealed, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      ).run(record.id, record.sealed, record.updatedAt)
    })
  }

  async getKeySet(id: string): Promise<KeySetRecord | undefined> {
    const row = this.#stmt('SELECT sealed, updated_at FROM key_sets WHERE id = ?').get(id) as
      | { sealed: string; updated_at: number }
      | undefined
    return row ? { id, sealed: row.sealed, updatedAt: row.updated_at } : undefined
  }

  /**
   * Deletes expired codes, tokens, one-time keys and old revoked families, `sweepBatchSize` rows
   * per statement with a turn of the event loop in between. Returns how many rows went.
   */
  async sweep(): Promise<number> {
    const now = seconds(this.#sweep.now)
    const { batch } = this.#sweep
    const statements: [string, number][] = [
      [
        'DELETE FROM codes WHERE rowid IN (SELECT rowid FROM codes WHERE expires_at < ? LIMIT ?)',
        now - this.#sweep.codeRetention,
      ],
      [
        'DELETE FROM device_codes WHERE rowid IN (SELECT rowid FROM device_codes WHERE expires_at < ? LIMIT ?)',
        now - this.#sweep.codeRetention,
      ],
      ['DELETE FROM tokens WHERE rowid IN (SELECT rowid FROM tokens WHERE expires_at < ? LIMIT ?)', now],
      [
        'DELETE FROM once_keys WHERE rowid IN (SELECT rowid FROM once_keys WHERE expires_at <= ? LIMIT ?)',
        now,
      ],
      [
        `DELETE FROM revoked_grants WHERE rowid IN (SELECT rowid FROM revoked_grants r WHERE revoked_at < ?
           AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = r.grant_id) LIMIT ?)`,
        now - this.#sweep.grantRetention,
      ],
    ]
    let total = 0
    for (const [sql, cutoff] of statements) {
      const stmt = this.#stmt(sql)
      for (;;) {
        if (this.#closed) return total
        const n = stmt.run(cutoff, batch).changes
        total += n
        if (n < batch) break
        await yieldToLoop()
      }
    }
    return total
  }

  /** Stops the background sweep and closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#flush()
    this.#closed = true
    this.#stopSweeper()
    this.#db.close()
  }
}
