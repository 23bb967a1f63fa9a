// Shared HTTP plumbing for the provider emulators: a node:http server on 127.0.0.1, a tiny
// router and the response shapes every emulator needs. Provider behaviour lives elsewhere.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the emulator saw it, kept in `state.requests` for assertions. */
export interface LoggedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  contentType: string
  body: string
}

export interface EmuRequest {
  method: string
  url: URL
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>
  /** Media type without parameters, lower-cased ('' when absent). */
  contentType: string
  body: string
}

export interface EmuResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

export type RouteHandler = (req: EmuRequest, params: string[]) => EmuResponse | Promise<EmuResponse>

export interface Route {
  method: string | string[]
  /** Exact path, or a RegExp whose groups become `params`. */
  path: string | RegExp
  handler: RouteHandler
}

export interface RunningServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string
  close(): Promise<void>
}

const MAX_BODY = 1024 * 1024

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function match(route: Route, method: string, path: string): string[] | undefined {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  if (!methods.includes(method)) return undefined
  if (typeof route.path === 'string') return route.path === path ? [] : undefined
  const m = route.path.exec(path)
  return m ? m.slice(1).map((p) => decodeURIComponent(p ?? '')) : undefined
}

/**
 * Starts a server on 127.0.0.1, port 0. Requests are logged before routing so that even refused
 * ones can be asserted on. A route that matches the path but not the method gives 405.
 */
export async function startServer(
  routes: Route[],
  log: LoggedRequest[],
  notFound: (req: EmuRequest) => EmuResponse = () => text(404, 'Not Found'),
): Promise<RunningServer> {
  let origin = ''
  const server = createServer((req, res) => {
    void (async () => {
      let out: EmuResponse
      try {
        const body = await readBody(req)
        const url = new URL(req.url ?? '/', origin)
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(req.headers)) {
          if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
        }
        const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
        const method = req.method ?? 'GET'
        log.push({
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          contentType,
          body,
        })
        const emuReq: EmuRequest = { method, url, headers, contentType, body }
        out = notFound(emuReq)
        let pathSeen = false
        for (const route of routes) {
          const params = match(route, method, url.pathname)
          if (params) {
            out = await route.handler(emuReq, params)
            pathSeen = false
            break
          }
          if (match({ ...route, method }, method, url.pathname)) pathSeen = true
        }
        if (pathSeen) out = text(405, 'Method Not Allowed')
      } catch (err) {
        out = text(500, `emulator failure: ${(err as Error).message}`)
      }
      res.writeHead(out.status, out.headers ?? {})
      res.end(out.body ?? '')
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

export function form(
  status: number,
  params: Record<string, string | number | undefined>,
  headers: Record<string, string> = {},
): EmuResponse {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v))
  return {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: p.toString(),
  }
}

export function text(status: number, body: string, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body }
}

export function html(status: number, body: string): EmuResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body }
}

export function empty(status: number, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers }
}

/** 302 to `target` with `params` added to its query, keeping the query it already had. */
export function redirect(target: string, params: Record<string, string | number | undefined>): EmuResponse {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v))
  return { status: 302, headers: { location: url.toString() } }
}

/**
 * The auto-submitting page of `response_mode=form_post` (OAuth 2.0 Form Post Response Mode §2):
 * the browser POSTs `params` to `action` as a form. Tests read it back with `readFormPost`.
 */
export function formPostPage(action: string, params: Record<string, string | undefined>): EmuResponse {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const inputs = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('')
  return html(
    200,
    `<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${esc(action)}">${inputs}</form></body>`,
  )
}
