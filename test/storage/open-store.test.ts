import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { openStore } from '../../runtime/storage/open-store.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'

const dir = mkdtempSync(join(tmpdir(), 'authspec-open-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openStore: bad URLs name what is wrong', () => {
  const cases: [string, { url: unknown; ephemeral?: string; want: RegExp }][] = [
    ['empty', { url: '', want: /"url" must be a store URL/ }],
    ['not a string', { url: 42, want: /"url" must be a store URL/ }],
    ['no scheme', { url: './data/authspec.db', want: /"url" has no scheme/ }],
    ['unknown scheme', { url: 'mysql://db/x', want: /scheme "mysql:" is not supported/ }],
    ['memory with a path', { url: 'memory:foo', want: /memory: takes nothing after the scheme/ }],
    ['sqlite without a path', { url: 'sqlite:', want: /sqlite: needs a file path/ }],
    ['sqlite:// with a relative path', { url: 'sqlite://data/a.db', want: /absolute path/ }],
    ['sqlite with a query', { url: 'sqlite:./a.db?mode=ro', want: /must not contain "\?"/ }],
    ['postgres without a host', { url: 'postgres:///db', want: /needs a host/ }],
    ['postgres without a database', { url: 'postgres://u@127.0.0.1:5432/', want: /needs a database name/ }],
    [
      'postgres with a bad port',
      { url: 'postgres://u@127.0.0.1:99999/db', want: /not a valid PostgreSQL URL|not a TCP port/ },
    ],
    [
      'redis alone',
      { url: 'redis://127.0.0.1:6379', want: /redis:\/\/ holds only short-lived artefacts.*"ephemeral"/ },
    ],
    [
      'ephemeral not redis',
      { url: 'memory:', ephemeral: 'http://127.0.0.1/', want: /"ephemeral" must use redis:\/\//s },
    ],
    [
      'ephemeral bad database',
      { url: 'memory:', ephemeral: 'redis://127.0.0.1:6379/abc', want: /database "abc" must be a number/ },
    ],
  ]
  it.each(cases)('%s', async (_name, { url, ephemeral, want }) => {
    const err = await openStore(url as string, ephemeral ? { ephemeral } : {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(want)
  })

  it('never echoes a password', async () => {
    const err = await openStore('postgres://u:hunter2@127.0.0.1:1/db').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toContain('u:***@')
    expect((err as Error).message).not.toContain('hunter2')
  })
})

describe('openStore: each scheme opens its store', () => {
  it('memory:', async () => {
    const s = await openStore('memory:')
    await s.saveConsent({ sub: 'a', clientId: 'b', scope: 's', grantedAt: 1 })
    expect(await s.getConsent('a', 'b')).toBeDefined()
    expect(await s.sweep()).toBe(0)
    await s.close()
  })

  it.each([
    ['relative', (f: string) => `sqlite:${relative(process.cwd(), join(dir, f))}`],
    ['absolute', (f: string) => `sqlite:${join(dir, f)}`],
    ['sqlite:///absolute', (f: string) => `sqlite://${join(dir, f)}`],
  ])('sqlite: %s path, directory created', async (_n, mk) => {
    const file = `nested/${Math.random().toString(36).slice(2)}/a.db`
    const s = await openStore(mk(file))
    expect(s).toBeInstanceOf(SqliteStore)
    expect((s as SqliteStore).path.endsWith(file)).toBe(true)
    await s.close()
  })

  it('postgres:// and postgresql://, with Redis as ephemeral', async () => {
    const db = await freshPostgresDatabase('open')
    const redis = await reachableRedis('open')
    try {
      const pgStore = await openStore(db.url.replace(/^postgres:/, 'postgresql:'))
      expect(pgStore).toBeInstanceOf(PostgresStore)
      await pgStore.close()
      const layered = await openStore(db.url, { ephemeral: redis.url, keyPrefix: redis.keyPrefix })
      const code = {
        codeHash: `h-${Math.random()}`,
        clientId: 'c',
        redirectUri: 'https://a.example/cb',
        grantId: 'g',
        sub: 's',
        scope: 'openid',
        expiresAt: Math.floor(Date.now() / 1000) + 60,
      }
      await layered.saveAuthorizationCode(code)
      expect(await layered.consumeAuthorizationCode(code.codeHash)).toEqual({ record: code, replayed: false })
      await layered.close()
    } finally {
      await db.drop()
    }
  })

  it('an unreachable PostgreSQL is an ArgumentError naming the URL', async () => {
    const err = await openStore('postgres://authspec@127.0.0.1:1/authspec').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(
      /PostgreSQL at postgres:\/\/authspec@127\.0\.0\.1:1\/authspec is not usable/,
    )
  })
})
