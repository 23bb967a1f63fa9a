import { PostgresStore } from '../../runtime/storage/postgres.js'
import { freshPostgresDatabase } from '../helpers/services.js'
import { fakeClock, storeContract } from './contract.js'

storeContract(
  'PostgreSQL',
  async () => {
    const db = await freshPostgresDatabase('contract')
    const clock = fakeClock()
    const store = new PostgresStore({
      connectionString: db.url,
      now: clock.now,
      sweepIntervalMs: 0,
      sweepBatchSize: 3,
    })
    await store.ready
    return {
      store,
      clock,
      sweep: () => store.sweep(),
      reopen: async () => {
        const again = new PostgresStore({ connectionString: db.url, now: clock.now, sweepIntervalMs: 0 })
        await again.ready
        return { store: again, close: () => again.close() }
      },
      close: async () => {
        await store.close()
        await db.drop()
      },
    }
  },
  { sweeps: true, persists: true },
)
