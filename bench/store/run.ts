/**
 * `npm run bench:store`: client_credentials token requests per second at the token endpoint on
 * each store, side by side in one run, with the memory store as the reference. Each server runs
 * in its own process; autocannon drives it from this one. PostgreSQL and Redis come from
 * `bash scripts/services.sh start` (or AUTHSPEC_TEST_POSTGRES_URL / AUTHSPEC_TEST_REDIS_URL).
 *
 * Options (env): BENCH_DURATION seconds per run (default 5), BENCH_CONNECTIONS (default "10,50"),
 * BENCH_ROUNDS interleaved rounds whose median is reported (default 3).
 * Targets (issue 6): SQLite >= 0.8x memory, PostgreSQL >= 0.5x memory.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { freshPostgresDatabase, reachableRedis } from '../../test/helpers/services.js'

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'server.ts')
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2
}

interface Target {
  name: string
  url: string
  ephemeral?: string
  keyPrefix?: string
}

async function start(t: Target): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: {
      ...process.env,
      AUTHSPEC_STORE_URL: t.url,
      AUTHSPEC_EPHEMERAL_URL: t.ephemeral ?? '',
      AUTHSPEC_KEY_PREFIX: t.keyPrefix ?? '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (l) =>
      resolve((JSON.parse(l) as { port: number }).port),
    )
    child.once('exit', (code) => reject(new Error(`${t.name} server exited with ${code}`)))
  })
  return { origin: `http://127.0.0.1:${port}`, child }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

async function load(origin: string, connections: number, duration: number) {
  const result = await autocannon({
    url: `${origin}/token`,
    method: 'POST',
    connections,
    duration,
    headers: {
      authorization: `Basic ${Buffer.from('bench:bench-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=api',
  })
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) throw new Error(`${bad} failed requests (non-2xx ${result.non2xx}, errors ${result.errors})`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'authspec-bench-'))
  const db = await freshPostgresDatabase('bench')
  const dbLayered = await freshPostgresDatabase('bench_layered')
  const redis = await reachableRedis('bench')
  const targets: Target[] = [
    { name: 'memory', url: 'memory:' },
    { name: 'sqlite', url: `sqlite:${join(dir, 'bench.db')}` },
    { name: 'postgres', url: db.url },
    { name: 'postgres+redis', url: dbLayered.url, ephemeral: redis.url, keyPrefix: redis.keyPrefix },
  ]
  const rows: { store: string; connections: number; rps: number; p99: number }[] = []
  const servers: { t: Target; origin: string; child: ChildProcess }[] = []
  try {
    for (const t of targets) servers.push({ t, ...(await start(t)) })
    for (const s of servers) await load(s.origin, 10, Math.min(2, DURATION)) // warm-up: JIT, pool, page cache
    // Rounds interleave the stores so a noisy neighbour on the machine hits each of them alike;
    // each figure is the median of its rounds.
    const samples = new Map<string, { rps: number; p99: number }[]>()
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of CONNECTIONS) {
        for (const s of servers) {
          const r = await load(s.origin, c, DURATION)
          const key = `${s.t.name}@${c}`
          samples.set(key, [...(samples.get(key) ?? []), r])
          console.error(`round ${round} ${key}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms`)
        }
      }
    }
    for (const s of servers) {
      for (const c of CONNECTIONS) {
        const list = samples.get(`${s.t.name}@${c}`) ?? []
        rows.push({
          store: s.t.name,
          connections: c,
          rps: median(list.map((x) => x.rps)),
          p99: median(list.map((x) => x.p99)),
        })
      }
    }
  } finally {
    await Promise.all(servers.map((s) => stop(s.child)))
    await db.drop()
    await dbLayered.drop()
    rmSync(dir, { recursive: true, force: true })
  }
  const ref = (c: number) => rows.find((r) => r.store === 'memory' && r.connections === c)?.rps ?? Number.NaN
  console.log(
    `\nclient_credentials at the token endpoint, median of ${ROUNDS} interleaved ${DURATION} s runs, one server process per store\n`,
  )
  console.log('| store | connections | req/s | p99 ms | x memory |')
  console.log('|---|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${r.store} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p99} | ${(r.rps / ref(r.connections)).toFixed(2)} |`,
    )
  }
  console.log('\ntargets: sqlite >= 0.80x memory, postgres >= 0.50x memory')
}

await main()
