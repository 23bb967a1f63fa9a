/**
 * `npm run bench:server`: the authorization server against its peers, side by side in one run.
 * Each server runs in its own child process on 127.0.0.1; autocannon drives it from this one, and
 * the child's own CPU time (process.cpuUsage over IPC) is read before and after every run.
 *
 * Workloads: client_credentials issuance of opaque tokens (authspec on its memory and its SQLite
 * store, oidc-provider 9, @node-oauth/oauth2-server 5, bare node:http floor); bearer validation of
 * an opaque token (authspec ResourceProtector through its node:http middleware nodeProtect, on
 * memory and SQLite; oidc-provider's ClientCredentials.find in a route of its own Koa app;
 * node-oauth2-server authenticate; floor); introspection, revocation (of the one token, so every
 * request after the first finds it revoked or gone) and userinfo, authspec against oidc-provider;
 * JWT access token issuance and validation, RS256 and ES256 (authspec against raw jose in a bare
 * node:http handler).
 *
 * Options (env): BENCH_DURATION seconds of load per server, workload and connection count, split
 * into BENCH_ROUNDS interleaved rounds whose median is reported (defaults 10 and 8: with 4 rounds
 * of 1.25 s, single rows moved by ±15% between runs on this shared 2-core machine; the servers'
 * order is reversed every other round);
 * BENCH_CONNECTIONS (default "10,50"); BENCH_WARMUP seconds (default 1);
 * BENCH_ONLY a substring of workload names to run; BENCH_PROFILE a directory where the authspec
 * children write --cpu-prof profiles.
 * Targets, as server CPU per request: every endpoint (issuance, bearer validation, introspection,
 * revocation, userinfo) <= 0.4x oidc-provider; opaque issuance <= 0.9x node-oauth2-server; bearer
 * validation <= 1.5x the floor; JWT issuance and validation <= 1.15x raw jose + floor; opaque
 * issuance on SQLite <= 1.3x the memory store.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeProtectedHeader } from 'jose'
import { CLIENT_ID, SCOPE, USER, type Workload } from './child.js'
import {
  type Child,
  type LoadRequest,
  load,
  median,
  requestFor,
  type Sample,
  startChild,
  stopChild,
} from './lib.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number)
const ONLY = process.env.BENCH_ONLY
const PROFILE = process.env.BENCH_PROFILE

type Impl = 'authspec' | 'authspec (SQLite)' | 'oidc-provider' | 'node-oauth2-server' | 'floor'

interface Group {
  name: string
  workload: Workload
  alg: 'RS256' | 'ES256'
  impls: Impl[]
}

const GROUPS: Group[] = [
  {
    name: 'opaque issuance',
    workload: 'issue-opaque',
    alg: 'RS256',
    impls: ['authspec', 'authspec (SQLite)', 'oidc-provider', 'node-oauth2-server', 'floor'],
  },
  {
    name: 'opaque bearer validation',
    workload: 'bearer-opaque',
    alg: 'RS256',
    impls: ['authspec', 'authspec (SQLite)', 'oidc-provider', 'node-oauth2-server', 'floor'],
  },
  {
    name: 'introspection',
    workload: 'introspect-opaque',
    alg: 'RS256',
    impls: ['authspec', 'authspec (SQLite)', 'oidc-provider'],
  },
  { name: 'revocation', workload: 'revoke-opaque', alg: 'RS256', impls: ['authspec', 'oidc-provider'] },
  { name: 'userinfo', workload: 'userinfo', alg: 'RS256', impls: ['authspec', 'oidc-provider'] },
  { name: 'JWT issuance RS256', workload: 'issue-jwt', alg: 'RS256', impls: ['authspec', 'floor'] },
  { name: 'JWT issuance ES256', workload: 'issue-jwt', alg: 'ES256', impls: ['authspec', 'floor'] },
  { name: 'JWT validation RS256', workload: 'validate-jwt', alg: 'RS256', impls: ['authspec', 'floor'] },
  { name: 'JWT validation ES256', workload: 'validate-jwt', alg: 'ES256', impls: ['authspec', 'floor'] },
]

const SCRIPTS: Record<Impl, string> = {
  authspec: join(HERE, 'authspec.ts'),
  'authspec (SQLite)': join(HERE, 'authspec.ts'),
  'oidc-provider': join(HERE, 'oidc-provider.ts'),
  'node-oauth2-server': join(HERE, 'node-oauth2.ts'),
  floor: join(HERE, 'floor.ts'),
}

const label = (g: Group, impl: Impl) =>
  impl === 'floor' && g.workload.endsWith('jwt') ? 'floor + jose' : impl

async function call(
  child: Child,
  req: LoadRequest,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(child.origin + req.path, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  })
  const text = await res.text()
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> }
  } catch {
    return { status: res.status, body: { unparsable: text.slice(0, 200) } }
  }
}

/** One real request, its answer checked, and a forged one that must be refused; aborts otherwise. */
async function check(g: Group, child: Child, req: LoadRequest): Promise<void> {
  const fail = (why: string, body: unknown) => {
    throw new Error(
      `${child.name} failed the ${g.name} check: ${why}\n  body: ${JSON.stringify(body)}\n${child.log()}`,
    )
  }
  const { status, body } = await call(child, req)
  if (status !== 200) fail(`status ${status}, expected 200`, body)
  const basicWrong = { ...req.headers, authorization: `Basic ${btoa(`${CLIENT_ID}:wrong-secret`)}` }
  if (g.workload === 'issue-opaque' || g.workload === 'issue-jwt') {
    const token = body['access_token']
    if (typeof token !== 'string') fail('no access_token', body)
    if (String(body['token_type']).toLowerCase() !== 'bearer') fail('token_type is not Bearer', body)
    if (typeof body['expires_in'] !== 'number') fail('no expires_in', body)
    if (g.workload === 'issue-opaque' && (String(token).includes('.') || String(token).length < 32))
      fail('the access token is not opaque', body)
    if (g.workload === 'issue-jwt') {
      const header = decodeProtectedHeader(String(token))
      if (header.alg !== g.alg || header.typ !== 'at+jwt') fail(`JWT header ${JSON.stringify(header)}`, body)
    }
  } else if (g.workload === 'introspect-opaque') {
    if (body['active'] !== true || body['client_id'] !== CLIENT_ID) fail('the token is not active', body)
  } else if (g.workload === 'userinfo') {
    if (body['sub'] !== USER) fail(`sub is not ${USER}`, body)
  } else if (g.workload !== 'revoke-opaque') {
    if (body['client_id'] !== CLIENT_ID || !String(body['scope']).split(' ').includes(SCOPE))
      fail('the protected route did not see the token', body)
  }
  if (req.method === 'POST') {
    const wrong = await call(child, { ...req, headers: basicWrong })
    if (wrong.status !== 401 && wrong.status !== 400) fail(`a wrong secret got ${wrong.status}`, wrong.body)
  } else {
    const forged = `${child.token?.slice(0, -4)}AAAA`
    const wrong = await call(child, { ...req, headers: { authorization: `Bearer ${forged}` } })
    if (wrong.status !== 401) fail(`a forged token got ${wrong.status}`, wrong.body)
  }
}

interface Row {
  group: string
  server: string
  connections: number
  rps: number
  p99: number
  cpu: number
  /** CPU per request in each round, in round order (the rounds pair the servers of a group). */
  cpuByRound: number[]
}

/** Starts every server of a group, each in its own process. */
async function startGroup(g: Group): Promise<Child[]> {
  const env = { BENCH_WORKLOAD: g.workload, BENCH_ALG: g.alg }
  const started = await Promise.allSettled(
    g.impls.map((impl) => {
      const prof = PROFILE && impl.startsWith('authspec') ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : []
      const store = { BENCH_STORE: impl === 'authspec (SQLite)' ? 'sqlite' : 'memory' }
      return startChild(label(g, impl), SCRIPTS[impl], { ...env, ...store }, prof)
    }),
  )
  const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.all(children.map(stopChild))
    throw failed.reason
  }
  return children
}

async function runGroup(g: Group, children: Child[], rows: Row[]): Promise<void> {
  try {
    const requests = children.map((c) => requestFor(g.workload, c))
    for (const [i, c] of children.entries()) {
      const req = requests[i] as LoadRequest
      await check(g, c, req)
      await load(c, req, 10, WARMUP) // warm-up: JIT, pools
      console.error(`${g.name}: ${c.name} checked and warmed up`)
    }
    // Rounds interleave the servers so a noisy neighbour hits each of them alike, in an order that
    // is reversed every other round, so a load that grows or fades over a round favours none.
    const samples = new Map<string, Sample[]>()
    for (let round = 1; round <= ROUNDS; round++) {
      for (const conns of CONNECTIONS) {
        const order = [...children.entries()]
        if (round % 2 === 0) order.reverse()
        for (const [i, c] of order) {
          const s = await load(c, requests[i] as LoadRequest, conns, DURATION / ROUNDS)
          const key = `${c.name}@${conns}`
          samples.set(key, [...(samples.get(key) ?? []), s])
          console.error(
            `  round ${round}/${ROUNDS} ${g.name} ${key}: ${s.rps.toFixed(0)} req/s, p99 ${s.p99} ms, ${s.cpuPerRequest.toFixed(0)} µs CPU/req`,
          )
        }
      }
    }
    for (const conns of CONNECTIONS) {
      for (const c of children) {
        const list = samples.get(`${c.name}@${conns}`) ?? []
        rows.push({
          group: g.name,
          server: c.name,
          connections: conns,
          rps: median(list.map((x) => x.rps)),
          p99: median(list.map((x) => x.p99)),
          cpu: median(list.map((x) => x.cpuPerRequest)),
          cpuByRound: list.map((x) => x.cpuPerRequest),
        })
      }
    }
  } finally {
    await Promise.all(children.map(stopChild))
  }
}

function report(rows: Row[]): void {
  console.log(
    `\nmedian of ${ROUNDS} interleaved rounds of ${(DURATION / ROUNDS).toFixed(2)} s per server, workload and connection count; one process per server; CPU = the server process's user+system time per request\n`,
  )
  console.log('| workload | server | conns | req/s | p99 ms | CPU µs/req |')
  console.log('|---|---|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${r.group} | ${r.server} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.cpu.toFixed(1)} |`,
    )
  }
  const row = (group: string, server: string, conns: number) =>
    rows.find((r) => r.group === group && r.server === server && r.connections === conns)
  const targets: [string, string, string, number][] = [
    ['opaque issuance', 'authspec', 'oidc-provider', 0.4],
    ['opaque issuance', 'authspec', 'node-oauth2-server', 0.9],
    ['opaque issuance', 'authspec (SQLite)', 'authspec', 1.3],
    ['opaque bearer validation', 'authspec', 'oidc-provider', 0.4],
    ['opaque bearer validation', 'authspec', 'floor', 1.5],
    ['introspection', 'authspec', 'oidc-provider', 0.4],
    ['revocation', 'authspec', 'oidc-provider', 0.4],
    ['userinfo', 'authspec', 'oidc-provider', 0.4],
    ['JWT issuance RS256', 'authspec', 'floor + jose', 1.15],
    ['JWT issuance ES256', 'authspec', 'floor + jose', 1.15],
    ['JWT validation RS256', 'authspec', 'floor + jose', 1.15],
    ['JWT validation ES256', 'authspec', 'floor + jose', 1.15],
  ]
  // Two estimates of one ratio: the ratio of the two medians, and the median of the ratios of each
  // round (the servers of a round ran back to back, so a neighbour's load hits that pair alike).
  // A target counts as met only when both are within it.
  console.log(
    '\n| target (CPU/request ratio) | conns | ratio of medians | median of round ratios | limit | met |',
  )
  console.log('|---|---:|---:|---:|---:|---|')
  for (const [group, a, b, limit] of targets) {
    for (const conns of CONNECTIONS) {
      const x = row(group, a, conns)
      const y = row(group, b, conns)
      if (x === undefined || y === undefined) continue
      const ofMedians = x.cpu / y.cpu
      const paired = median(x.cpuByRound.map((v, i) => v / (y.cpuByRound[i] as number)))
      const met = ofMedians <= limit && paired <= limit
      console.log(
        `| ${group}: ${a} / ${b} | ${conns} | ${ofMedians.toFixed(2)}x | ${paired.toFixed(2)}x | ${limit}x | ${met ? 'yes' : 'NO'} |`,
      )
    }
  }
  // What the bare node:http floor itself costs against oidc-provider: a target ratio below this
  // one asks for less than node:http's own work per request.
  console.log('\n| reference: floor / oidc-provider | conns | ratio of medians |\n|---|---:|---:|')
  for (const g of GROUPS) {
    for (const conns of CONNECTIONS) {
      const floor = row(g.name, 'floor', conns)
      const peer = row(g.name, 'oidc-provider', conns)
      if (floor && peer) console.log(`| ${g.name} | ${conns} | ${(floor.cpu / peer.cpu).toFixed(2)}x |`)
    }
  }
}

async function main(): Promise<void> {
  const t0 = Date.now()
  const groups = GROUPS.filter((g) => !ONLY || g.name.includes(ONLY))
  const rows: Row[] = []
  for (const g of groups) {
    console.error(`${g.name}: starting ${g.impls.join(', ')}`)
    await runGroup(g, await startGroup(g), rows)
  }
  report(rows)
  console.error(`\ndone in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
}

try {
  await main()
} catch (err) {
  console.error(`\nbench:server aborted: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}
