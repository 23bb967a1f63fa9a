import { createLayeredStore } from '../../runtime/storage/layered.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { RedisStore } from '../../runtime/storage/redis.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'
import { fakeClock, storeContract } from './contract.js'

storeContract(
  'Redis layered on PostgreSQL',
  async () => {
    const redis = await reachableRedis('layered')
    const db = await freshPostgresDatabase('layered')
    const clock = fakeClock()
    const open = () =>
      createLayeredStore({
        durable: new PostgresStore({
          connectionString: db.url,
          now: clock.now,
          sweepIntervalMs: 0,
          sweepBatchSize: 3,
        }),
        ephemeral: new RedisStore({ url: redis.url, keyPrefix: redis.keyPrefix, now: clock.now }),
      })
    const store = open()
    return {
      store,
      clock,
      sweep: () => store.sweep(),
      reopen: async () => {
        const again = open()
        return { store: again, close: () => again.close() }
      },
      close: async () => {
        await store.close()
        await db.drop()
      },
    }
  },
  { sweeps: true, persists: true, sweepsCodes: false },
)
