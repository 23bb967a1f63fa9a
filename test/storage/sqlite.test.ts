import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import { fakeClock, storeContract } from './contract.js'

const dir = mkdtempSync(join(tmpdir(), 'authspec-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

storeContract(
  'SQLite',
  async () => {
    const clock = fakeClock()
    const path = join(dir, 'contract.db')
    const store = new SqliteStore({ path, now: clock.now, sweepIntervalMs: 0, sweepBatchSize: 3 })
    return {
      store,
      clock,
      sweep: () => store.sweep(),
      reopen: async () => {
        const again = new SqliteStore({ path, now: clock.now, sweepIntervalMs: 0 })
        return { store: again, close: () => again.close() }
      },
      close: () => store.close(),
    }
  },
  { sweeps: true, persists: true },
)
