/**
 * Parent-side helpers: start a benchmarked child on 127.0.0.1:0 with an IPC channel, read its
 * CPU time, drive it with autocannon, stop it.
 */
import { type ChildProcess, fork } from 'node:child_process'
import autocannon from 'autocannon'
import { CLIENT_ID, CLIENT_SECRET, SCOPE, type Workload } from './child.js'

export interface Child {
  name: string
  origin: string
  /** A token the child issued or knows, for the validation workloads. */
  token: string | undefined
  process: ChildProcess
  /** The child's stderr so far, shown when it fails. */
  log: () => string
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2
}

/** Forks `script` under tsx and waits for its `{type: 'ready', port}` message. */
export async function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  execArgv: readonly string[] = [],
): Promise<Child> {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const ready = await new Promise<{ port: number; token?: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} did not start within 60 s\n${stderr}`))
    }, 60_000)
    child.on('message', (m: { type?: string; port?: number; token?: string }) => {
      if (m?.type === 'ready' && typeof m.port === 'number') {
        clearTimeout(timer)
        resolve({ port: m.port, ...(m.token ? { token: m.token } : {}) })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code} before listening\n${stderr}`))
    })
  })
  return {
    name,
    origin: `http://127.0.0.1:${ready.port}`,
    token: ready.token,
    process: child,
    log: () => stderr,
  }
}

let nextId = 0

/** The child's user + system CPU time in microseconds, asked over IPC. */
export function cpuTime(child: Child): Promise<number> {
  const id = ++nextId
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string; id?: number; usage?: NodeJS.CpuUsage }) => {
      if (m?.type === 'cpu' && m.id === id && m.usage) {
        child.process.off('message', onMessage)
        resolve(m.usage.user + m.usage.system)
      }
    }
    child.process.on('message', onMessage)
    if (!child.process.send({ type: 'cpu', id })) reject(new Error(`${child.name}: IPC channel closed`))
  })
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return
  const exited = new Promise((r) => child.process.once('exit', r))
  child.process.kill('SIGTERM')
  await exited
}

export interface LoadRequest {
  path: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string | undefined
}

export interface Sample {
  rps: number
  p99: number
  cpuPerRequest: number
}

/** Runs autocannon against a child and measures the child's CPU time over the same interval. */
export async function load(
  child: Child,
  req: LoadRequest,
  connections: number,
  seconds: number,
): Promise<Sample> {
  const before = await cpuTime(child)
  const result = await autocannon({
    url: child.origin + req.path,
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
    connections,
    duration: seconds,
  })
  const after = await cpuTime(child)
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) {
    throw new Error(
      `${child.name}: ${bad} failed requests (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})\n${child.log()}`,
    )
  }
  const total = result.requests.total
  if (total === 0) throw new Error(`${child.name}: no request completed`)
  return { rps: total / result.duration, p99: result.latency.p99, cpuPerRequest: (after - before) / total }
}

/**
 * The request every server of a workload is loaded with: a client_credentials token request, an
 * introspection or revocation request for the token the child reported (authenticated like the
 * token request), or a call with that token as a bearer token (protected resource, userinfo).
 */
export function requestFor(workload: Workload, child: Child): LoadRequest {
  const basic = {
    authorization: `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`,
    'content-type': 'application/x-www-form-urlencoded',
  }
  if (workload === 'issue-opaque' || workload === 'issue-jwt') {
    return {
      path: '/token',
      method: 'POST',
      headers: basic,
      body: `grant_type=client_credentials&scope=${SCOPE}`,
    }
  }
  if (!child.token) throw new Error(`${child.name} reported no token to use`)
  if (workload === 'introspect-opaque' || workload === 'revoke-opaque') {
    const path = workload === 'introspect-opaque' ? '/introspect' : '/revoke'
    return { path, method: 'POST', headers: basic, body: `token=${encodeURIComponent(child.token)}` }
  }
  const path = workload === 'userinfo' ? '/userinfo' : '/resource'
  return { path, method: 'GET', headers: { authorization: `Bearer ${child.token}` } }
}
