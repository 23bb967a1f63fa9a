import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLayeredStore } from '../../runtime/storage/layered.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { RedisStore } from '../../runtime/storage/redis.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import type { Store } from '../../runtime/storage/store.js'
import { freshPostgresDatabase, reachableRedis } from './services.js'

/**
 * Every store a server runs on, each made fresh and empty (a temporary SQLite file, a new
 * PostgreSQL database): for tests that prove one behaviour over HTTP on all of them. `cleanup`
 * receives what closes and removes each store; `label` names its files, databases and keys.
 */
export function storeTargets(
  label: string,
  cleanup: (close: () => Promise<void>) => void,
): Record<string, () => Promise<Store>> {
  return {
    memory: async () => new MemoryStore(),
    SQLite: async () => {
      const dir = mkdtempSync(join(tmpdir(), `authspec-${label}-`))
      const store = new SqliteStore({ path: join(dir, 'authspec.db'), sweepIntervalMs: 0 })
      cleanup(async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
    PostgreSQL: async () => {
      const db = await freshPostgresDatabase(label)
      const store = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
      await store.ready
      cleanup(async () => {
        await store.close()
        await db.drop()
      })
      return store
    },
    'Redis layered on PostgreSQL': async () => {
      const redis = await reachableRedis(label)
      const db = await freshPostgresDatabase(`${label}-layered`)
      const store = createLayeredStore({
        durable: new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 }),
        ephemeral: new RedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }),
      })
      cleanup(async () => {
        await store.close()
        await db.drop()
      })
      return store
    },
  }
}
