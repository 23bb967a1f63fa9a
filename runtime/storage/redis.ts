import { Redis } from 'ioredis'
import { ArgumentError } from '../errors.js'
import { parseJson, seconds } from './lib/rows.js'
import type { AuthorizationCodeRecord, ConsumedCode, Store } from './store.js'

/** The short-lived part of a `Store`: what Redis holds next to a durable store. */
export type EphemeralStore = Pick<Store, 'saveAuthorizationCode' | 'consumeAuthorizationCode' | 'useOnce'> & {
  close?(): Promise<void>
  sweep?(): Promise<number>
}

export interface RedisStoreOptions {
  /** `redis://host:port/db` (or `rediss://`); or pass `client`. */
  url?: string | undefined
  /** An existing ioredis client (the store then does not quit it on `close()`). */
  client?: Redis | undefined
  /** Prefix of every key, so several deployments or test files can share one Redis. Default `authspec:`. */
  keyPrefix?: string | undefined
  /** Seconds a code is kept after it expires so a late replay is still detected. Default 600. */
  codeRetention?: number | undefined
  /** Clock in epoch milliseconds, for tests. Default `Date.now`. */
  now?: (() => number) | undefined
}

// Returns the code's JSON and 1 for the first consumer, 0 for every later one; nil when unknown.
// One script, so the read and the used flag are one atomic step on the Redis server.
const CONSUME = `local d = redis.call('HGET', KEYS[1], 'd')
if not d then return false end
return {d, redis.call('HSETNX', KEYS[1], 'u', ARGV[1])}`

// Records a one-time key with its expiry as the value, so the caller's clock (not only Redis's TTL)
// decides whether an earlier use is still live; the TTL only collects the garbage.
const USE_ONCE = `local prev = redis.call('GET', KEYS[1])
if prev and tonumber(prev) > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`

/**
 * Short-lived artefacts in Redis (ioredis): authorization codes and one-time identifiers such as
 * client-assertion `jti`s, each with a TTL so Redis expires them itself. Consumption is one Lua
 * script, atomic across every server process. Pair it with a durable store through
 * `createLayeredStore({ durable, ephemeral })`.
 *
 * @example
 * const store = createLayeredStore({
 *   durable: new PostgresStore({ connectionString: process.env.DATABASE_URL }),
 *   ephemeral: new RedisStore({ url: process.env.REDIS_URL }),
 * })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.5
 */
export class RedisStore implements EphemeralStore {
  readonly #redis: Redis
  readonly #ownsClient: boolean
  readonly #prefix: string
  readonly #codeRetention: number
  readonly #now: () => number
  #closed = false

  constructor(options: RedisStoreOptions) {
    if (!options || (!options.url && !options.client))
      throw new ArgumentError('"url" or "client" is required')
    const retention = options.codeRetention ?? 600
    if (!Number.isInteger(retention) || retention < 0)
      throw new ArgumentError('"codeRetention" must be an integer >= 0')
    this.#ownsClient = !options.client
    this.#redis =
      options.client ?? new Redis(options.url as string, { lazyConnect: false, maxRetriesPerRequest: 2 })
    // Connection errors surface on the commands that fail; without a listener ioredis logs them.
    this.#redis.on('error', () => {})
    this.#prefix = options.keyPrefix ?? 'authspec:'
    this.#codeRetention = retention
    this.#now = options.now ?? Date.now
  }

  async saveAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    const key = `${this.#prefix}code:${code.codeHash}`
    const ttl = Math.max(1, code.expiresAt + this.#codeRetention - seconds(this.#now))
    await this.#redis.multi().del(key).hset(key, 'd', JSON.stringify(code)).expire(key, ttl).exec()
  }

  async consumeAuthorizationCode(codeHash: string): Promise<ConsumedCode | undefined> {
    const key = `${this.#prefix}code:${codeHash}`
    const r = (await this.#redis.eval(CONSUME, 1, key, String(seconds(this.#now)))) as [string, number] | null
    if (!r) return undefined
    return { record: parseJson<AuthorizationCodeRecord>(r[0]), replayed: r[1] !== 1 }
  }

  async useOnce(key: string, expiresAt: number, now: number): Promise<boolean> {
    const ttl = expiresAt - now
    // Already expired: nothing to remember, as with every other store.
    if (ttl <= 0) return true
    const r = await this.#redis.eval(
      USE_ONCE,
      1,
      `${this.#prefix}once:${key}`,
      String(expiresAt),
      String(now),
      String(ttl),
    )
    return r === 1
  }

  /** Redis expires keys itself; nothing to sweep. */
  async sweep(): Promise<number> {
    return 0
  }

  /** Quits the connection it made. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#ownsClient) await this.#redis.quit().catch(() => this.#redis.disconnect())
  }
}
