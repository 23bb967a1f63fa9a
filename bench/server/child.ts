/**
 * Shared by every benchmarked child process: listens on 127.0.0.1:0, reports
 * `{type: 'ready', port, token}` over IPC, answers `{type: 'cpu'}` with `process.cpuUsage()`, and
 * exits on SIGTERM or when the parent goes away.
 */
import { createServer, type RequestListener } from 'node:http'

/** What the parent tells a child through the environment. */
export interface ChildEnv {
  workload: Workload
  alg: 'RS256' | 'ES256'
  /** The authspec store: the in-memory one or SQLite (a file in a fresh temporary directory). */
  store: 'memory' | 'sqlite'
}

export type Workload =
  | 'issue-opaque'
  | 'bearer-opaque'
  | 'introspect-opaque'
  | 'revoke-opaque'
  | 'userinfo'
  | 'issue-jwt'
  | 'validate-jwt'

/** The end-user of the userinfo workload's token. */
export const USER = 'alice'

export const CLIENT_ID = 'bench'
export const CLIENT_SECRET = 'bench-secret'
export const SCOPE = 'api'
export const ISSUER = 'http://127.0.0.1'
export const AUDIENCE = 'http://127.0.0.1'

export function childEnv(): ChildEnv {
  const workload = process.env.BENCH_WORKLOAD as Workload | undefined
  if (!workload) throw new Error('BENCH_WORKLOAD is required')
  const alg = process.env.BENCH_ALG === 'ES256' ? 'ES256' : 'RS256'
  const store = process.env.BENCH_STORE === 'sqlite' ? 'sqlite' : 'memory'
  return { workload, alg, store }
}

/** Serves `listener` and tells the parent the port (and a token for the validation workloads). */
export function serve(listener: RequestListener, token?: string): void {
  const http = createServer({ keepAlive: true }, listener)
  http.listen(0, '127.0.0.1', () => {
    const address = http.address()
    if (address && typeof address === 'object') process.send?.({ type: 'ready', port: address.port, token })
  })
  process.on('message', (m: { type?: string; id?: number }) => {
    if (m?.type === 'cpu') process.send?.({ type: 'cpu', id: m.id, usage: process.cpuUsage() })
  })
  const exit = () => {
    http.close()
    http.closeAllConnections()
    // process.exit lets --cpu-prof write its profile.
    process.exit(0)
  }
  process.on('SIGTERM', exit)
  process.on('disconnect', exit)
}

/** Reads a request body as a string (the floors and node-oauth2-server need the form themselves). */
export function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
