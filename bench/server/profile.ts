import { join } from 'node:path'
import { load, startChild, stopChild } from './lib.js'

const which = process.argv[2] ?? 'floor'
const dir = process.argv[3] ?? '/tmp/prof-x'
const c = await startChild(
  which,
  join(import.meta.dirname, `${which}.ts`),
  { BENCH_WORKLOAD: process.argv[4] ?? 'bearer-opaque', BENCH_ALG: 'RS256' },
  ['--cpu-prof', '--cpu-prof-dir', dir],
)
const req =
  process.argv[4] === 'issue-opaque'
    ? {
        path: '/token',
        method: 'POST' as const,
        headers: {
          authorization: `Basic ${btoa('bench:bench-secret')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=api',
      }
    : { path: '/resource', method: 'GET' as const, headers: { authorization: `Bearer ${c.token}` } }
await load(c, req, 10, 2)
const s = await load(c, req, 10, 6)
console.log(which, s)
await stopChild(c)
