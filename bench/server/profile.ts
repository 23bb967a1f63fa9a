/**
 * `tsx bench/server/profile.ts <server> <dir> [workload] [alg] [connections] [store]`: one benchmarked
 * child (authspec, floor, node-oauth2 or oidc-provider) under --cpu-prof, warmed up 2 s then loaded
 * 6 s at 10 connections (or the given number), authspec on its memory store or, with `sqlite`, on
 * SqliteStore; prints its sample (req/s, p99, CPU/request) and leaves the profile in <dir>, so the
 * steady-state cost of each layer can be compared with the floor's.
 */
import { join } from 'node:path'
import type { Workload } from './child.js'
import { load, requestFor, startChild, stopChild } from './lib.js'

const [
  server = 'authspec',
  dir = '/tmp/authspec-profile',
  workload = 'bearer-opaque',
  alg = 'RS256',
  connections = '10',
  store = 'memory',
] = process.argv.slice(2)
const child = await startChild(
  server,
  join(import.meta.dirname, `${server}.ts`),
  { BENCH_WORKLOAD: workload as Workload, BENCH_ALG: alg, BENCH_STORE: store },
  ['--cpu-prof', '--cpu-prof-dir', dir],
)
const request = requestFor(workload as Workload, child)
try {
  console.log('warm-up', await load(child, request, 10, 2))
  console.log(server, store, workload, alg, connections, await load(child, request, Number(connections), 6))
} finally {
  await stopChild(child)
}
