/**
 * Signing keys at rest: sealed with a key-encryption key, opened only with that key, and created
 * exactly once when several store handles (as several processes would) start together.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { KeySet } from '../../runtime/jose/key-set.js'
import { randomToken } from '../../runtime/lib/random.js'
import { loadOrCreateKeySet, openKeySet, sealKeySet } from '../../runtime/storage/key-vault.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import type { Store } from '../../runtime/storage/store.js'
import { freshPostgresDatabase } from '../helpers/services.js'

const dir = mkdtempSync(join(tmpdir(), 'authspec-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const kids = (k: KeySet) => k.keys().map((key) => key.kid)

describe('sealKeySet / openKeySet', () => {
  it('round-trips a key set; the sealed form holds no private member in clear', async () => {
    const keys = await KeySet.generate(['ES256', 'RS256'])
    const kek = randomToken(32)
    const sealed = await sealKeySet(keys.toJSON(), kek)
    expect(sealed.split('.')).toHaveLength(5)
    expect(sealed).not.toContain('"d"')
    for (const jwk of keys.toJSON().current) expect(sealed.includes(String(jwk.d))).toBe(false)
    const opened = await KeySet.fromJSON(await openKeySet(sealed, kek))
    expect(kids(opened)).toEqual(kids(keys))
    expect(opened.toJSON()).toEqual(keys.toJSON())
    // A raw 32-byte key works the same as its base64url form.
    const raw = crypto.getRandomValues(new Uint8Array(32))
    expect(await openKeySet(await sealKeySet(keys.toJSON(), raw, 'jwt'), raw, 'jwt')).toEqual(keys.toJSON())
  })

  it('refuses a wrong KEK, a tampered ciphertext and a set sealed under another id, naming "kek"', async () => {
    const keys = await KeySet.generate(['ES256'])
    const kek = randomToken(32)
    const sealed = await sealKeySet(keys.toJSON(), kek, 'signing')
    const parts = sealed.split('.')
    const last = parts[3] ?? ''
    parts[3] = `${last[0] === 'A' ? 'B' : 'A'}${last.slice(1)}`
    const cases: [string, () => Promise<unknown>][] = [
      ['wrong KEK', () => openKeySet(sealed, randomToken(32), 'signing')],
      ['tampered ciphertext', () => openKeySet(parts.join('.'), kek, 'signing')],
      ['another id', () => openKeySet(sealed, kek, 'other')],
      ['not a JWE', () => openKeySet('not-a-jwe', kek, 'signing')],
    ]
    for (const [label, p] of cases) {
      const err = await p().catch((e: unknown) => e)
      expect(err, label).toBeInstanceOf(ArgumentError)
      expect((err as Error).message, label).toMatch(/^"kek" does not open the stored key set/)
    }
  })

  it.each([
    ['a short string', 'abc'],
    ['16 bytes', new Uint8Array(16)],
    ['33 bytes as base64url', randomToken(33)],
    ['a number', 42],
  ])('refuses a KEK that is %s', async (_label, kek) => {
    const json = (await KeySet.generate(['ES256'])).toJSON()
    const err = await sealKeySet(json, kek as string).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(/^"kek" must be 32 bytes/)
  })
})

describe('loadOrCreateKeySet', () => {
  it('creates on the first run, then loads the same keys without calling create', async () => {
    const store = new MemoryStore()
    const kek = randomToken(32)
    let made = 0
    const create = async () => {
      made++
      return KeySet.generate(['ES256'])
    }
    const first = await loadOrCreateKeySet(store, { kek, create, now: () => 1_800_000_000_000 })
    const again = await loadOrCreateKeySet(store, { kek, create })
    expect(made).toBe(1)
    expect(kids(again)).toEqual(kids(first))
    const record = await store.getKeySet('signing')
    expect(record?.updatedAt).toBe(1_800_000_000)
    expect(record?.sealed).not.toContain('"d"')
  })

  it('a wrong KEK on a stored set is an ArgumentError naming "kek", and the stored set is kept', async () => {
    const store = new MemoryStore()
    const create = () => KeySet.generate(['ES256'])
    await loadOrCreateKeySet(store, { kek: randomToken(32), create })
    const before = await store.getKeySet('signing')
    const err = await loadOrCreateKeySet(store, { kek: randomToken(32), create }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toContain('"kek"')
    expect(await store.getKeySet('signing')).toEqual(before)
  })

  it.each([
    ['no store', undefined, { kek: randomToken(32), create: () => KeySet.generate(['ES256']) }, '"store"'],
    ['a bad KEK', new MemoryStore(), { kek: 'short', create: () => KeySet.generate(['ES256']) }, '"kek"'],
    ['no create', new MemoryStore(), { kek: randomToken(32) }, '"options.create"'],
    [
      'an empty id',
      new MemoryStore(),
      { id: '', kek: randomToken(32), create: () => KeySet.generate(['ES256']) },
      '"id"',
    ],
  ])('refuses %s', async (_label, store, options, name) => {
    const err = await loadOrCreateKeySet(
      store as Store,
      options as Parameters<typeof loadOrCreateKeySet>[1],
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toContain(name)
  })
})

/** Two handles on one storage, each running several first starts at once: one key set wins. */
async function raceFirstRuns(a: Store, b: Store): Promise<void> {
  const kek = randomToken(32)
  let made = 0
  const create = async () => {
    made++
    return KeySet.generate(['ES256'])
  }
  const sets = await Promise.all(
    Array.from({ length: 10 }, (_, i) => loadOrCreateKeySet(i % 2 ? b : a, { kek, create })),
  )
  expect(made).toBeGreaterThanOrEqual(1)
  const first = kids(sets[0] as KeySet)
  expect(first).toHaveLength(1)
  for (const set of sets) expect(kids(set)).toEqual(first)
  // A later start on either handle loads the winner.
  expect(kids(await loadOrCreateKeySet(b, { kek, create }))).toEqual(first)
  expect(kids(await loadOrCreateKeySet(a, { kek, create }))).toEqual(first)
}

describe('concurrent first runs end with one key set', () => {
  it('two SqliteStore handles on one file', async () => {
    const path = join(dir, 'race.db')
    const a = new SqliteStore({ path, sweepIntervalMs: 0 })
    const b = new SqliteStore({ path, sweepIntervalMs: 0 })
    try {
      await raceFirstRuns(a, b)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('two PostgresStore pools on one database', async () => {
    const db = await freshPostgresDatabase('keys_race')
    const a = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
    const b = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
    try {
      await raceFirstRuns(a, b)
    } finally {
      await a.close()
      await b.close()
      await db.drop()
    }
  })
})

const LOAD_KEYS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'load-keys.ts')

/** Starts `n` processes at once on one store URL; returns the kids each one ended with. */
async function firstStarts(url: string, kek: string, n: number): Promise<string[][]> {
  const run = promisify(execFile)
  const outs = await Promise.all(
    Array.from({ length: n }, () =>
      run(process.execPath, ['--import', 'tsx', LOAD_KEYS], {
        env: { ...process.env, AUTHSPEC_STORE_URL: url, AUTHSPEC_KEK: kek },
        timeout: 60_000,
      }),
    ),
  )
  return outs.map((o) => JSON.parse(o.stdout) as string[])
}

describe('separate processes starting at once end with one key set', () => {
  it.each([
    ['one SQLite file', async () => ({ url: `sqlite:${join(dir, 'procs.db')}`, drop: async () => {} })],
    [
      'one PostgreSQL database',
      async () => {
        const db = await freshPostgresDatabase('keys_procs')
        return { url: db.url, drop: () => db.drop() }
      },
    ],
  ])(
    '%s',
    async (_label, open) => {
      const target = await open()
      try {
        const kek = randomToken(32)
        const results = await firstStarts(target.url, kek, 4)
        const first = results[0] ?? []
        expect(first).toHaveLength(1)
        for (const kids of results) expect(kids).toEqual(first)
        // A wrong KEK on the next start is refused by name, not a crash with a stack of crypto noise.
        const wrong = await firstStarts(target.url, randomToken(32), 1).catch((e: { stderr?: string }) => e)
        expect(String((wrong as { stderr?: string }).stderr)).toContain(
          '"kek" does not open the stored key set',
        )
      } finally {
        await target.drop()
      }
    },
    120_000,
  )
})
