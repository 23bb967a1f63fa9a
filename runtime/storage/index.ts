/**
 * Storage for the authorization server: the `Store` interface and its implementations
 * (memory, SQLite, PostgreSQL, Redis for short-lived artefacts), opened by URL with `openStore`.
 * Node-only: the SQL and Redis drivers sit here, at the edge, each an optional peer dependency loaded
 * only when a store of its kind is made.
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */

export {
  type KeyEncryptionKey,
  type LoadOrCreateKeySetOptions,
  loadOrCreateKeySet,
  openClientSecret,
  openKeySet,
  sealClientSecret,
  sealKeySet,
} from './key-vault.js'
export { createLayeredStore, type ManagedStore } from './layered.js'
export type { SweepOptions } from './lib/sweeper.js'
export { MemoryStore } from './memory.js'
export { type OpenStoreOptions, openStore } from './open-store.js'
export { type PostgresPool, PostgresStore, type PostgresStoreOptions } from './postgres.js'
export { type EphemeralStore, type RedisClient, RedisStore, type RedisStoreOptions } from './redis.js'
export { SqliteStore, type SqliteStoreOptions } from './sqlite.js'
export type * from './store.js'
