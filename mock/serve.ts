import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MockRequest } from './types.js'

/** What a route answers: a status, headers and a body. */
export interface MockResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

/** A listening mock server: its origin and how to stop it. */
export interface MockServer {
  base: string
  requests: { method: string; path: string }[]
  close(): Promise<void>
}

/**
 * Serves `handle` on 127.0.0.1 (node:http): reads each body whole, records method and path, and
 * turns a thrown error into a 500 `server_error` body. `base` is known once listening, so the
 * handler receives it through the request URL.
 */
export async function serve(
  port: number,
  handle: (req: MockRequest) => Promise<MockResponse> | MockResponse,
): Promise<MockServer> {
  const requests: { method: string; path: string }[] = []
  let base = ''
  const server = createServer((req, res) => {
    void answer(req, res)
  })
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', forwardedOrigin(req) ?? base)
      const method = req.method ?? 'GET'
      requests.push({ method, path: url.pathname })
      const out = await handle({ method, url, headers: req.headers, body: await readBody(req) })
      res.writeHead(out.status, out.headers).end(out.body)
    } catch (err) {
      const out = json(500, { error: 'server_error', error_description: String(err) })
      res.writeHead(out.status, out.headers).end(out.body)
    }
  }
  // A port in use rejects here (EADDRINUSE) instead of an 'error' event nobody listens to.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The origin a request was meant for when a `hostMap` client remapped it here (`Forwarded: host=…;
 * proto=…`, RFC 7239 §5.3-5.4): the mock answers as that host, so the URLs it signs (OAuth 1.0a)
 * and the issuer it names (discovery, ID tokens) are the provider's own.
 */
function forwardedOrigin(req: IncomingMessage): string | undefined {
  const value = req.headers.forwarded?.split(',')[0] ?? ''
  const host = /(?:^|;)\s*host="?([^;"]+)"?/i.exec(value)?.[1]
  const proto = /(?:^|;)\s*proto="?(https?)"?/i.exec(value)?.[1]
  return host && proto ? `${proto}://${host}` : undefined
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** A JSON answer that no cache keeps. */
export function json(status: number, body: unknown): MockResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  }
}

/** A form-encoded answer (`application/x-www-form-urlencoded`). */
export function form(status: number, body: Readonly<Record<string, unknown>>): MockResponse {
  const out = new URLSearchParams()
  for (const [k, v] of Object.entries(body)) if (v !== undefined) out.set(k, String(v))
  return {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store' },
    body: out.toString(),
  }
}

/** A redirect to `location`. */
export function redirect(location: URL): MockResponse {
  return { status: 302, headers: { location: location.href } }
}

/** One header's value (the first, when repeated). */
export function header(req: MockRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Body parameters of a form or JSON body. */
export function bodyParams(req: MockRequest): URLSearchParams {
  if ((header(req, 'content-type') ?? '').includes('json') && req.body) {
    const parsed = JSON.parse(req.body) as Record<string, unknown>
    return new URLSearchParams(Object.entries(parsed).map(([k, v]) => [k, String(v)]))
  }
  return new URLSearchParams(req.body)
}

/** The token of an `Authorization: Bearer` header. */
export function bearer(req: MockRequest): string | undefined {
  const h = header(req, 'authorization')
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined
}

/** The client id of an `Authorization: Basic` header (RFC 6749 §2.3.1 form-encodes it). */
export function basicClientId(req: MockRequest): string | undefined {
  const h = header(req, 'authorization')
  if (!h?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8')
  return decodeURIComponent(decoded.slice(0, decoded.indexOf(':')))
}

const HOP_HEADERS = new Set(['connection', 'content-length', 'host', 'keep-alive', 'transfer-encoding'])

/** The request as a Web `Request`, for verifiers written against the Fetch API. */
export function toWebRequest(req: MockRequest): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    // Framing headers describe the node request, not the one rebuilt here.
    if (value === undefined || HOP_HEADERS.has(name.toLowerCase())) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(req.url, { method: req.method, headers, ...(hasBody ? { body: req.body } : {}) })
}

/** A Web `Response` as a mock answer. */
export async function fromWebResponse(res: Response): Promise<MockResponse> {
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
}

/** A random credential: codes, tokens and secrets. */
export function randomCredential(): string {
  return randomBytes(24).toString('base64url')
}
