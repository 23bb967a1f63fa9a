import pg from 'pg'
import { describe, expect, it } from 'vitest'
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

describe('PostgreSQL: a token saved while its family is being revoked', () => {
  it('reads back revoked, though neither the marker nor the revoking UPDATE saw the other', async () => {
    const db = await freshPostgresDatabase('family-race')
    const store = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
    const sql = new pg.Client({ connectionString: db.url })
    try {
      await store.ready
      await sql.connect()
      const now = Math.floor(Date.now() / 1000)
      const raced = {
        tokenHash: 'raced-token-hash',
        kind: 'access_token' as const,
        clientId: 'web',
        grantId: 'raced-family',
        scope: 'api',
        issuedAt: now,
        expiresAt: now + 3600,
      }
      await store.saveToken(raced)
      // What READ COMMITTED allows: the family's marker commits, the token row stays unrevoked.
      await sql.query('INSERT INTO authspec_revoked_grants (grant_id, revoked_at) VALUES ($1, $2)', [
        raced.grantId,
        now + 1,
      ])
      expect(await store.getToken(raced.tokenHash)).toEqual({ ...raced, revokedAt: now + 1 })
    } finally {
      await sql.end()
      await store.close()
      await db.drop()
    }
  })
})
