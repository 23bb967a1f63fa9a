import { ArgumentError } from '../errors.js'
import { createLayeredStore, type ManagedStore } from './layered.js'
import type { SweepOptions } from './lib/sweeper.js'
import { MemoryStore } from './memory.js'

export interface OpenStoreOptions extends SweepOptions {
  /** `redis://…`: keep codes and one-time identifiers there, the rest in the store of `url`. */
  ephemeral?: string | undefined
  /** Key prefix in Redis. Default `authspec:`. */
  keyPrefix?: string | undefined
}

const ACCEPTED =
  '"memory:", "sqlite:./data/authspec.db", "postgres://user@host:5432/db" or "redis://host:6379" (as "ephemeral")'

/**
 * Opens a `Store` from a URL: `memory:`, `sqlite:<file>` (relative or absolute path),
 * `postgres://` / `postgresql://`, and `redis://` / `rediss://` as `options.ephemeral` next to one
 * of the others. A bad URL throws `ArgumentError` naming what is wrong (never echoing a password).
 * Drivers are loaded only for the scheme asked for.
 *
 * @example
 * const store = await openStore(process.env.AUTHSPEC_STORE ?? 'sqlite:./data/authspec.db')
 * const shared = await openStore('postgres://authspec@db:5432/authspec', { ephemeral: 'redis://cache:6379' })
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<ManagedStore> {
  if (typeof url !== 'string' || url.trim() === '')
    throw new ArgumentError(`"url" must be a store URL: ${ACCEPTED}`)
  const durable = await openDurable(url.trim(), options)
  if (options.ephemeral === undefined) return durable
  const ephemeralUrl = parseRedisUrl(options.ephemeral, '"ephemeral"')
  const { RedisStore } = await import('./redis.js')
  return createLayeredStore({
    durable,
    ephemeral: new RedisStore({
      url: ephemeralUrl,
      keyPrefix: options.keyPrefix,
      codeRetention: options.codeRetention,
      now: options.now,
    }),
  })
}

async function openDurable(url: string, options: OpenStoreOptions): Promise<ManagedStore> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  switch (scheme) {
    case 'memory':
      if (url.replace(/^memory:(\/\/)?/i, '') !== '')
        throw new ArgumentError('"url" memory: takes nothing after the scheme')
      return new ManagedMemoryStore()
    case 'sqlite': {
      const path = sqlitePath(url)
      const { SqliteStore } = await import('./sqlite.js')
      return new SqliteStore({ ...options, path })
    }
    case 'postgres':
    case 'postgresql': {
      const connectionString = postgresUrl(url)
      const { PostgresStore } = await import('./postgres.js')
      const store = new PostgresStore({ ...options, connectionString })
      try {
        await store.ready
      } catch (err) {
        await store.close()
        throw new ArgumentError(`"url" PostgreSQL at ${redact(url)} is not usable: ${(err as Error).message}`)
      }
      return store
    }
    case 'redis':
    case 'rediss':
      throw new ArgumentError(
        '"url" redis:// holds only short-lived artefacts (codes, one-time identifiers); open a durable store ' +
          'and pass the Redis URL as "ephemeral": openStore("postgres://…", { ephemeral: "redis://…" })',
      )
    case undefined:
      throw new ArgumentError(`"url" has no scheme; use ${ACCEPTED}`)
    default:
      throw new ArgumentError(`"url" scheme "${scheme}:" is not supported; use ${ACCEPTED}`)
  }
}

/** `sqlite:./rel.db`, `sqlite:/abs.db`, `sqlite:///abs.db`, `sqlite::memory:`. */
function sqlitePath(url: string): string {
  let path = url.slice('sqlite:'.length)
  if (path.startsWith('//')) {
    path = path.slice(2)
    if (!path.startsWith('/')) {
      throw new ArgumentError(
        '"url" sqlite:// must be followed by an absolute path (sqlite:///var/lib/a.db) or use sqlite:./a.db',
      )
    }
  }
  if (path === '') throw new ArgumentError('"url" sqlite: needs a file path, e.g. sqlite:./data/authspec.db')
  if (/[?#]/.test(path)) throw new ArgumentError('"url" sqlite: path must not contain "?" or "#"')
  return decodeURIComponent(path)
}

function postgresUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new ArgumentError(`"url" is not a valid PostgreSQL URL: ${redact(url)}`)
  }
  if (!u.hostname) throw new ArgumentError('"url" PostgreSQL URL needs a host: postgres://user@host:5432/db')
  if (u.port !== '' && !(Number(u.port) > 0 && Number(u.port) < 65536)) {
    throw new ArgumentError(`"url" PostgreSQL port "${u.port}" is not a TCP port`)
  }
  if (u.pathname.replace(/^\//, '') === '') {
    throw new ArgumentError('"url" PostgreSQL URL needs a database name: postgres://user@host:5432/db')
  }
  return url
}

function parseRedisUrl(url: unknown, name: string): string {
  if (typeof url !== 'string' || url === '') throw new ArgumentError(`${name} must be a redis:// URL`)
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new ArgumentError(`${name} is not a valid Redis URL: ${redact(url)}`)
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ArgumentError(`${name} must use redis:// or rediss://, not "${u.protocol}"`)
  }
  if (!u.hostname) throw new ArgumentError(`${name} Redis URL needs a host: redis://host:6379`)
  const db = u.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d+$/.test(db))
    throw new ArgumentError(`${name} Redis database "${db}" must be a number`)
  return url
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
}

/** `MemoryStore` with the `ManagedStore` lifecycle; it has nothing to sweep or close. */
class ManagedMemoryStore extends MemoryStore implements ManagedStore {
  async sweep(): Promise<number> {
    return 0
  }
  async close(): Promise<void> {}
}
