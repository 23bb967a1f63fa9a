import type { Redis } from 'ioredis'
import { ArgumentError } from '../errors.js'
import type { DeviceDecision } from './lib/device.js'
import { loadDriver } from './lib/driver.js'
import { parseJson, seconds } from './lib/rows.js'
import type {
  AuthorizationCodeRecord,
  ConsumedCode,
  DeviceCodeRecord,
  DeviceCodeStore,
  DevicePoll,
  Store,
} from './store.js'

/** The short-lived part of a `Store`: what Redis holds next to a durable store. */
export type EphemeralStore = Pick<Store, 'saveAuthorizationCode' | 'consumeAuthorizationCode' | 'useOnce'> &
  Partial<DeviceCodeStore> & {
    close?(): Promise<void>
    sweep?(): Promise<number>
  }

/**
 * What the store calls on a client, so that its declarations do not need ioredis's types (an
 * optional peer dependency); an ioredis `Redis` is one.
 */
export interface RedisClient {
  eval(...args: never[]): Promise<unknown>
  multi(): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  quit(): Promise<unknown>
}

export interface RedisStoreOptions {
  /** `redis://host:port/db` (or `rediss://`); or pass `client`. */
  url?: string | undefined
  /** An existing ioredis `Redis` client (the store then does not quit it on `close()`). */
  client?: RedisClient | undefined
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

// Device codes live in a hash under their device-code hash, found from the user-code hash through a
// second key. Deciding and polling read, change and write the JSON in one script: atomic.
const DEVICE_DECIDE = `local dh = redis.call('GET', KEYS[1])
if not dh then return 0 end
local key = ARGV[1] .. dh
local d = redis.call('HGET', key, 'd')
if not d then return 0 end
local r = cjson.decode(d)
if r.status ~= 'pending' then return 0 end
for _, k in ipairs(cjson.decode(ARGV[3])) do r[k] = nil end
for k, v in pairs(cjson.decode(ARGV[2])) do r[k] = v end
redis.call('HSET', key, 'd', cjson.encode(r))
return 1`

const DEVICE_POLL = `local d = redis.call('HGET', KEYS[1], 'd')
if not d then return false end
local r = cjson.decode(d)
r.lastPolledAt = tonumber(ARGV[1])
if r.status == 'approved' then r.status = 'consumed' end
redis.call('HSET', KEYS[1], 'd', cjson.encode(r))
return d`

/**
 * Short-lived artefacts in Redis (ioredis): authorization codes, device codes and one-time
 * identifiers such as client-assertion `jti`s, each with a TTL so Redis expires them itself. Consumption is one Lua
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
export class RedisStore implements EphemeralStore, DeviceCodeStore {
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
      (options.client as Redis | undefined) ??
      new (loadDriver<typeof import('ioredis')>('ioredis', 'RedisStore').Redis)(options.url as string, {
        lazyConnect: false,
        maxRetriesPerRequest: 2,
      })
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

  async saveDeviceCode(record: DeviceCodeRecord): Promise<void> {
    const key = `${this.#prefix}device:${record.deviceCodeHash}`
    const ttl = Math.max(1, record.expiresAt + this.#codeRetention - seconds(this.#now))
    await this.#redis
      .multi()
      .del(key)
      .hset(key, 'd', JSON.stringify(record))
      .expire(key, ttl)
      .set(`${this.#prefix}usercode:${record.userCodeHash}`, record.deviceCodeHash, 'EX', ttl)
      .exec()
  }

  async getDeviceCodeByUserCode(userCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const dh = await this.#redis.get(`${this.#prefix}usercode:${userCodeHash}`)
    if (!dh) return undefined
    const d = await this.#redis.hget(`${this.#prefix}device:${dh}`, 'd')
    return d ? parseJson<DeviceCodeRecord>(d) : undefined
  }

  async getDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const d = await this.#redis.hget(`${this.#prefix}device:${deviceCodeHash}`, 'd')
    return d ? parseJson<DeviceCodeRecord>(d) : undefined
  }

  async decideDeviceCode(userCodeHash: string, decision: DeviceDecision): Promise<boolean> {
    const patch: Record<string, unknown> = { status: decision.status }
    for (const k of ['sub', 'authTime', 'acr', 'scope'] as const)
      if (decision[k] !== undefined) patch[k] = decision[k]
    const remove = (['sub', 'authTime', 'acr'] as const).filter((k) => decision[k] === undefined)
    const r = await this.#redis.eval(
      DEVICE_DECIDE,
      1,
      `${this.#prefix}usercode:${userCodeHash}`,
      `${this.#prefix}device:`,
      JSON.stringify(patch),
      JSON.stringify(remove),
    )
    return r === 1
  }

  async pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll | undefined> {
    const d = (await this.#redis.eval(
      DEVICE_POLL,
      1,
      `${this.#prefix}device:${deviceCodeHash}`,
      String(now),
    )) as string | null
    if (!d) return undefined
    const record = parseJson<DeviceCodeRecord>(d)
    return { record, previousPollAt: record.lastPolledAt }
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
