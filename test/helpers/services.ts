/**
 * Test access to the PostgreSQL and Redis started by `bash scripts/services.sh start`.
 * URLs come from AUTHSPEC_TEST_POSTGRES_URL / AUTHSPEC_TEST_REDIS_URL, else from .services/env.
 * A test that needs a service it cannot reach fails with a message naming it; it never skips.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import pg from 'pg'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const START = 'bash scripts/services.sh start'

type Service = 'PostgreSQL' | 'Redis'
const VARS: Record<Service, string> = {
  PostgreSQL: 'AUTHSPEC_TEST_POSTGRES_URL',
  Redis: 'AUTHSPEC_TEST_REDIS_URL',
}

function envFile(): Record<string, string> {
  const file = join(ROOT, '.services', 'env')
  if (!existsSync(file)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim())
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2].replace(/^['"]|['"]$/g, '')
  }
  return out
}

function missing(service: Service, detail: string): Error {
  return new Error(
    `${service} is required by this test but ${detail}. Start the test services with: ${START} ` +
      `(or set ${VARS[service]})`,
  )
}

/** The service URL, or an error naming the service and how to start it. */
export function serviceUrl(service: Service): string {
  const name = VARS[service]
  const url = process.env[name] || envFile()[name]
  if (!url) throw missing(service, `${name} is not set and .services/env does not exist`)
  return url
}

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it. */
export async function freshPostgresDatabase(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = serviceUrl('PostgreSQL')
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch (err) {
    throw missing('PostgreSQL', `${base} is not reachable (${(err as Error).message})`)
  }
  const name = `authspec_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now().toString(36)}`.toLowerCase()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(base)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/** The Redis URL after checking that it answers, and a key prefix unique to the caller. */
export async function reachableRedis(label: string): Promise<{ url: string; keyPrefix: string }> {
  const url = serviceUrl('Redis')
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  r.on('error', () => {})
  try {
    await r.connect()
    await r.ping()
  } catch (err) {
    throw missing('Redis', `${url} is not reachable (${(err as Error).message})`)
  } finally {
    r.disconnect()
  }
  return { url, keyPrefix: `authspec-test:${label}:${process.pid}:${Date.now().toString(36)}:` }
}
