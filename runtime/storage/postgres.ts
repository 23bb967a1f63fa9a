import type pg from 'pg'
import { ArgumentError } from '../errors.js'
import type { DeviceDecision } from './lib/device.js'
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

export interface PostgresStoreOptions extends SweepOptions {
  /** `postgres://user@host:port/database`; or pass `pool`. */
  connectionString?: string | undefined
  /** An existing `pg.Pool` (the store then does not end it on `close()`). */
  pool?: PostgresPool | undefined
  /** Largest number of pooled connections when the store makes the pool. Default 10. */
  max?: number | undefined
}

/**
 * What the store calls on a pool, so that its declarations do not need `pg`'s types (an optional
 * peer dependency); a `pg.Pool` is one.
 */
export interface PostgresPool {
  connect(): Promise<unknown>
  query(text: string, values?: unknown[]): Promise<unknown>
  on(event: 'error', listener: (error: Error) => void): unknown
  end(): Promise<void>
}

/** Schema migrations, applied in order; the index + 1 is the version recorded in `authspec_schema_version`. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE authspec_clients (client_id TEXT PRIMARY KEY, data JSONB NOT NULL);
   CREATE TABLE authspec_codes (code_hash TEXT PRIMARY KEY, data JSONB NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT);
   CREATE INDEX authspec_codes_expires_at ON authspec_codes (expires_at);
   CREATE TABLE authspec_tokens (token_hash TEXT PRIMARY KEY, grant_id TEXT NOT NULL, data JSONB NOT NULL,
     expires_at BIGINT NOT NULL, revoked_at BIGINT, used_at BIGINT);
   CREATE INDEX authspec_tokens_grant_id ON authspec_tokens (grant_id);
   CREATE INDEX authspec_tokens_expires_at ON authspec_tokens (expires_at);
   CREATE TABLE authspec_revoked_grants (grant_id TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL);
   CREATE TABLE authspec_once_keys (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
   CREATE INDEX authspec_once_keys_expires_at ON authspec_once_keys (expires_at);
   CREATE TABLE authspec_consents (sub TEXT NOT NULL, client_id TEXT NOT NULL, data JSONB NOT NULL,
     PRIMARY KEY (sub, client_id));`,
  `CREATE TABLE authspec_device_codes (device_code_hash TEXT PRIMARY KEY, user_code_hash TEXT NOT NULL UNIQUE,
     data JSONB NOT NULL, expires_at BIGINT NOT NULL);
   CREATE INDEX authspec_device_codes_expires_at ON authspec_device_codes (expires_at);`,
  `CREATE TABLE authspec_key_sets (id TEXT PRIMARY KEY, sealed TEXT NOT NULL, updated_at BIGINT NOT NULL);`,
  // A user's tokens by client, for revokeUserGrants; the partial index skips tokens without a user.
  `ALTER TABLE authspec_tokens ADD COLUMN sub TEXT, ADD COLUMN client_id TEXT;
   UPDATE authspec_tokens SET sub = data->>'sub', client_id = data->>'clientId' WHERE data ? 'sub';
   CREATE INDEX authspec_tokens_user ON authspec_tokens (sub, client_id) WHERE sub IS NOT NULL;`,
]

/** Key of the advisory lock that serialises migrations across processes ("authspec" in ASCII). */
const MIGRATION_LOCK = 0x6175746873706563n

/**
 * A `Store` on PostgreSQL (`pg` pool) for several server processes behind a load balancer.
 * Migrations run in one transaction under an advisory lock, so processes may start together;
 * single-use operations are one `UPDATE … WHERE used_at IS NULL RETURNING`, which PostgreSQL
 * serialises on the row. Expired rows are swept in small batches on an unref'd timer.
 *
 * @example
 * const store = new PostgresStore({ connectionString: process.env.DATABASE_URL })
 * await store.ready
 * const server = createAuthorizationServer({ issuer, store })
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */
export class PostgresStore implements Store, DeviceCodeStore {
  /** Settles once migrations have run; every method waits for it. */
  readonly ready: Promise<void>
  readonly #pool: pg.Pool
  readonly #ownsPool: boolean
  readonly #sweep: ResolvedSweep
  readonly #stopSweeper: () => void
  readonly #names = new Map<string, string>()
  #closed = false

  constructor(options: PostgresStoreOptions) {
    if (!options || (!options.connectionString && !options.pool)) {
      throw new ArgumentError('"connectionString" or "pool" is required')
    }
    this.#sweep = resolveSweep(options)
    this.#ownsPool = !options.pool
    this.#pool =
      (options.pool as pg.Pool | undefined) ??
      new (loadDriver<typeof pg>('pg', 'PostgresStore').Pool)({
        connectionString: options.connectionString,
        max: options.max ?? 10,
      })
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    this.#pool.on('error', () => {})
    this.ready = this.migrate().then(() => {})
    this.ready.catch(() => {})
    this.#stopSweeper = startSweeper(() => this.sweep(), this.#sweep)
  }

  /** Applies pending migrations in a transaction holding an advisory lock. Returns the schema version. */
  async migrate(): Promise<number> {
    const client = await this.#pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()])
      await client.query('CREATE TABLE IF NOT EXISTS authspec_schema_version (version INTEGER NOT NULL)')
      const { rows } = await client.query<{ v: number | null }>(
        'SELECT MAX(version) AS v FROM authspec_schema_version',
      )
      for (let i = rows[0]?.v ?? 0; i < MIGRATIONS.length; i++) {
        await client.query(MIGRATIONS[i] as string)
        await client.query('INSERT INTO authspec_schema_version (version) VALUES ($1)', [i + 1])
      }
      await client.query('COMMIT')
      return MIGRATIONS.length
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  /** Named statements: each connection parses and plans a statement once, not on every request. */
  async #q<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    await this.ready
    let name = this.#names.get(sql)
    if (!name) {
      name = `authspec_${this.#names.size}`
      this.#names.set(sql, name)
    }
    return this.#pool.query<R>({ name, text: sql, values: params })
  }

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_clients WHERE client_id = $1',
      [clientId],
    )
    return rows[0] ? parseJson<ClientRecord>(rows[0].data) : undefined
  }

  async saveClient(client: ClientRecord): Promise<void> {
    await this.#q(
      `INSERT INTO authspec_clients (client_id, data) VALUES ($1, $2)
       ON CONFLICT (client_id) DO UPDATE SET data = excluded.data`,
      [client.clientId, toJson(client)],
    )
  }

  async deleteClient(clientId: string): Promise<void> {
    await this.#q('DELETE FROM authspec_clients WHERE client_id = $1', [clientId])
  }

  async saveAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    await this.#q(
      `INSERT INTO authspec_codes (code_hash, data, expires_at, used_at) VALUES ($1, $2, $3, NULL)
       ON CONFLICT (code_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, used_at = NULL`,
      [code.codeHash, toJson(code), code.expiresAt],
    )
  }

  async consumeAuthorizationCode(codeHash: string): Promise<ConsumedCode | undefined> {
    const first = await this.#q<{ data: unknown }>(
      'UPDATE authspec_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL RETURNING data',
      [seconds(this.#sweep.now), codeHash],
    )
    if (first.rows[0]) return { record: parseJson(first.rows[0].data), replayed: false }
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_codes WHERE code_hash = $1',
      [codeHash],
    )
    return rows[0] ? { record: parseJson(rows[0].data), replayed: true } : undefined
  }

  async saveToken(token: TokenRecord): Promise<void> {
    // A token saved for a family that is already revoked is born revoked.
    await this.#q(
      `INSERT INTO authspec_tokens (token_hash, grant_id, data, expires_at, revoked_at, used_at, sub, client_id)
       VALUES ($1, $2, $3, $4, COALESCE($5::bigint, (SELECT $6::bigint FROM authspec_revoked_grants WHERE grant_id = $2)), $7, $8, $9)
       ON CONFLICT (token_hash) DO UPDATE SET grant_id = excluded.grant_id, data = excluded.data,
         expires_at = excluded.expires_at, revoked_at = excluded.revoked_at, used_at = excluded.used_at,
         sub = excluded.sub, client_id = excluded.client_id`,
      [
        token.tokenHash,
        token.grantId,
        toJson(tokenData(token)),
        token.expiresAt,
        token.revokedAt ?? null,
        token.issuedAt,
        token.usedAt ?? null,
        token.sub ?? null,
        token.sub === undefined ? null : token.clientId,
      ],
    )
  }

  async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
    // The family's marker is read with the token: under READ COMMITTED, a token inserted while its
    // family is being revoked sees neither the marker nor the revoking UPDATE, so only a read that
    // joins the two can answer it revoked.
    const { rows } = await this.#q<{ data: unknown; revoked_at: string | null; used_at: string | null }>(
      `SELECT t.data, COALESCE(t.revoked_at, g.revoked_at) AS revoked_at, t.used_at FROM authspec_tokens t
         LEFT JOIN authspec_revoked_grants g ON g.grant_id = t.grant_id WHERE t.token_hash = $1`,
      [tokenHash],
    )
    return rows[0] ? tokenFromRow(rows[0].data, rows[0].revoked_at, rows[0].used_at) : undefined
  }

  async markTokenUsed(tokenHash: string, at: number): Promise<boolean> {
    const r = await this.#q(
      'UPDATE authspec_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL',
      [at, tokenHash],
    )
    return r.rowCount === 1
  }

  async revokeToken(tokenHash: string, at: number): Promise<void> {
    await this.#q('UPDATE authspec_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [
      at,
      tokenHash,
    ])
  }

  async revokeGrant(grantId: string, at: number): Promise<number> {
    // One statement: the family marker and the token updates commit together.
    const { rows } = await this.#q<{ n: string }>(
      `WITH mark AS (
         INSERT INTO authspec_revoked_grants (grant_id, revoked_at) VALUES ($1, $2) ON CONFLICT DO NOTHING
       ), upd AS (
         UPDATE authspec_tokens SET revoked_at = $2 WHERE grant_id = $1 AND revoked_at IS NULL RETURNING 1
       ) SELECT COUNT(*) AS n FROM upd`,
      [grantId, at],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async useOnce(key: string, expiresAt: number, now: number): Promise<boolean> {
    const r = await this.#q(
      `INSERT INTO authspec_once_keys (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE authspec_once_keys.expires_at <= $3`,
      [key, expiresAt, now],
    )
    return r.rowCount === 1
  }

  async saveDeviceCode(record: DeviceCodeRecord): Promise<void> {
    await this.#q(
      `INSERT INTO authspec_device_codes (device_code_hash, user_code_hash, data, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (device_code_hash) DO UPDATE SET user_code_hash = excluded.user_code_hash, data = excluded.data,
         expires_at = excluded.expires_at`,
      [record.deviceCodeHash, record.userCodeHash, JSON.stringify(record), record.expiresAt],
    )
  }

  async getDeviceCodeByUserCode(userCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_device_codes WHERE user_code_hash = $1',
      [userCodeHash],
    )
    return rows[0] ? parseJson<DeviceCodeRecord>(rows[0].data) : undefined
  }

  async getDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_device_codes WHERE device_code_hash = $1',
      [deviceCodeHash],
    )
    return rows[0] ? parseJson<DeviceCodeRecord>(rows[0].data) : undefined
  }

  async decideDeviceCode(userCodeHash: string, decision: DeviceDecision): Promise<boolean> {
    // One UPDATE guarded by the status: a concurrent decision waits for the row lock, then finds
    // the code no longer pending. Absent fields of the decision are removed, as in MemoryStore.
    const patch: Record<string, unknown> = { status: decision.status }
    for (const k of ['sub', 'authTime', 'acr', 'scope'] as const)
      if (decision[k] !== undefined) patch[k] = decision[k]
    const remove = (['sub', 'authTime', 'acr'] as const).filter((k) => decision[k] === undefined)
    const r = await this.#q(
      `UPDATE authspec_device_codes SET data = (data - $3::text[]) || $2::jsonb
       WHERE user_code_hash = $1 AND data->>'status' = 'pending'`,
      [userCodeHash, JSON.stringify(patch), remove],
    )
    return r.rowCount === 1
  }

  async pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll | undefined> {
    // FOR UPDATE makes concurrent polls queue on the row; each then reads the version the
    // previous one wrote, so exactly one poll sees (and consumes) an approved code.
    const { rows } = await this.#q<{ data: unknown }>(
      `WITH before AS (
         SELECT device_code_hash, data FROM authspec_device_codes WHERE device_code_hash = $1 FOR UPDATE
       )
       UPDATE authspec_device_codes d
       SET data = before.data || jsonb_build_object('lastPolledAt', $2::bigint,
         'status', CASE WHEN before.data->>'status' = 'approved' THEN 'consumed' ELSE before.data->>'status' END)
       FROM before WHERE d.device_code_hash = before.device_code_hash
       RETURNING before.data`,
      [deviceCodeHash, now],
    )
    if (!rows[0]) return undefined
    const record = parseJson<DeviceCodeRecord>(rows[0].data)
    return { record, previousPollAt: record.lastPolledAt }
  }

  async saveConsent(consent: ConsentRecord): Promise<void> {
    await this.#q(
      `INSERT INTO authspec_consents (sub, client_id, data) VALUES ($1, $2, $3)
       ON CONFLICT (sub, client_id) DO UPDATE SET data = excluded.data`,
      [consent.sub, consent.clientId, toJson(consent)],
    )
  }

  async getConsent(sub: string, clientId: string): Promise<ConsentRecord | undefined> {
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_consents WHERE sub = $1 AND client_id = $2',
      [sub, clientId],
    )
    return rows[0] ? parseJson<ConsentRecord>(rows[0].data) : undefined
  }

  async listConsents(sub: string): Promise<ConsentRecord[]> {
    const { rows } = await this.#q<{ data: unknown }>(
      'SELECT data FROM authspec_consents WHERE sub = $1 ORDER BY client_id COLLATE "C"',
      [sub],
    )
    return rows.map((r) => parseJson<ConsentRecord>(r.data))
  }

  async revokeUserGrants(sub: string, clientId: string, at: number): Promise<RevokedGrant[]> {
    // One statement, so one snapshot: the consent, the family markers and the tokens change together.
    const { rows } = await this.#q<{ grant_id: string; n: string }>(
      `WITH del AS (
         DELETE FROM authspec_consents WHERE sub = $1 AND client_id = $2
       ), fam AS (
         SELECT DISTINCT grant_id FROM authspec_tokens WHERE sub = $1 AND client_id = $2
       ), mark AS (
         INSERT INTO authspec_revoked_grants (grant_id, revoked_at) SELECT grant_id, $3 FROM fam ON CONFLICT DO NOTHING
       ), upd AS (
         UPDATE authspec_tokens SET revoked_at = $3
         WHERE grant_id IN (SELECT grant_id FROM fam) AND revoked_at IS NULL RETURNING grant_id
       ) SELECT fam.grant_id, COUNT(upd.grant_id) AS n FROM fam LEFT JOIN upd USING (grant_id) GROUP BY fam.grant_id`,
      [sub, clientId, at],
    )
    return rows.map((r) => ({ grantId: r.grant_id, count: Number(r.n) }))
  }

  async createKeySet(record: KeySetRecord): Promise<boolean> {
    const r = await this.#q(
      'INSERT INTO authspec_key_sets (id, sealed, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [record.id, record.sealed, record.updatedAt],
    )
    return r.rowCount === 1
  }

  async saveKeySet(record: KeySetRecord): Promise<void> {
    await this.#q(
      `INSERT INTO authspec_key_sets (id, sealed, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [record.id, record.sealed, record.updatedAt],
    )
  }

  async getKeySet(id: string): Promise<KeySetRecord | undefined> {
    const { rows } = await this.#q<{ sealed: string; updated_at: string | number }>(
      'SELECT sealed, updated_at FROM authspec_key_sets WHERE id = $1',
      [id],
    )
    const row = rows[0]
    return row ? { id, sealed: row.sealed, updatedAt: Number(row.updated_at) } : undefined
  }

  /**
   * Deletes expired codes, tokens, one-time keys and old revoked families, `sweepBatchSize` rows
   * per statement, so no sweep holds many row locks at once. Returns how many rows went.
   */
  async sweep(): Promise<number> {
    await this.ready
    const now = seconds(this.#sweep.now)
    const { batch } = this.#sweep
    const del = (table: string, key: string, where: string) =>
      `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${where} LIMIT $2 FOR UPDATE SKIP LOCKED)`
    const statements: [string, number][] = [
      [del('authspec_codes', 'code_hash', 'expires_at < $1'), now - this.#sweep.codeRetention],
      [del('authspec_device_codes', 'device_code_hash', 'expires_at < $1'), now - this.#sweep.codeRetention],
      [del('authspec_tokens', 'token_hash', 'expires_at < $1'), now],
      [del('authspec_once_keys', 'key', 'expires_at <= $1'), now],
      [
        del(
          'authspec_revoked_grants',
          'grant_id',
          'revoked_at < $1 AND NOT EXISTS (SELECT 1 FROM authspec_tokens t WHERE t.grant_id = authspec_revoked_grants.grant_id)',
        ),
        now - this.#sweep.grantRetention,
      ],
    ]
    let total = 0
    for (const [sql, cutoff] of statements) {
      for (;;) {
        if (this.#closed) return total
        const n = (await this.#pool.query(sql, [cutoff, batch])).rowCount ?? 0
        total += n
        if (n < batch) break
        await yieldToLoop()
      }
    }
    return total
  }

  /** Stops the background sweep and ends the pool it made. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stopSweeper()
    await this.ready.catch(() => {})
    if (this.#ownsPool) await this.#pool.end()
  }
}
