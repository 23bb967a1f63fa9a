/**
 * node:http adapter: turns an `IncomingMessage` into a Web `Request` (with a body size limit)
 * and writes a Web `Response` back. The only module of the server with `node:` imports.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ArgumentError } from '../errors.js'

/** A Web-standard handler, like every endpoint of the authorization server. */
export type FetchHandler = (request: Request) => Promise<Response>

export interface NodeAdapterOptions {
  /** Largest request body accepted, in bytes; larger gets 413. Default 1 MiB. */
  maxBodyBytes?: number | undefined
  /**
   * Origin of the request URLs (e.g. `https://id.example` behind a proxy). Default: `http://`
   * plus the `Host` header.
   */
  origin?: string | undefined
}

/** Options of `toWebRequest` for framework adapters that already know the path or the body. */
export interface ToWebRequestOptions extends NodeAdapterOptions {
  /** Request target to use instead of `req.url` (e.g. Express's `originalUrl`). */
  path?: string | undefined
  /** Body already read by the framework; the stream is then not read. */
  body?: Uint8Array<ArrayBuffer> | undefined
}

const DEFAULT_MAX_BODY = 1024 * 1024

/** A request the adapter refuses before the handler runs (bad target, header or body size). */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Converts a node:http request into a Web `Request`, reading at most `maxBodyBytes` of body.
 *
 * @example
 * const request = await toWebRequest(req, { origin: 'https://id.example' })
 * @see https://fetch.spec.whatwg.org/#request-class
 */
export async function toWebRequest(req: IncomingMessage, options?: ToWebRequestOptions): Promise<Request> {
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
  const origin = options?.origin ?? `http://${hostOf(req)}`
  const target = options?.path ?? req.url
  const path = target?.startsWith('/') ? target : '/'
  let url: URL
  try {
    url = new URL(origin + path)
  } catch {
    throw new BadRequest(400, 'bad request target')
  }
  const headers = new Headers()
  const raw = req.rawHeaders
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  } catch {
    throw new BadRequest(400, 'malformed header')
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  if (options?.body && options.body.byteLength > max)
    throw new BadRequest(413, 'the request body is too large')
  const body = hasBody ? (options?.body ?? (await readBody(req, max))) : undefined
  return new Request(url, { method, headers, ...(body && body.byteLength > 0 ? { body } : {}) })
}

/** Writes a Web `Response` to a node:http response, keeping repeated `Set-Cookie` headers. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined
  res.writeHead(response.status, headers)
  res.end(body)
}

/**
 * Wraps a Web handler as a node:http request listener. Oversized bodies get 413 and malformed
 * requests 400 (JSON, RFC 6749 §5.2 shape) before the handler runs; a handler that throws gets 500
 * without any detail.
 *
 * @example
 * http.createServer(toNodeListener(server.handler)).listen(3000)
 * @see https://nodejs.org/api/http.html#event-request
 */
export function toNodeListener(handler: FetchHandler, options?: NodeAdapterOptions): RequestListener {
  if (typeof handler !== 'function') throw new ArgumentError('"handler" must be a function')
  return (req, res) => {
    void (async () => {
      let response: Response
      try {
        response = await handler(await toWebRequest(req, options))
      } catch (err) {
        response = adapterErrorResponse(err)
      }
      await sendWebResponse(res, response)
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  }
}

/** The JSON error (RFC 6749 §5.2 shape) for a request refused by an adapter; 500 without detail otherwise. */
export function adapterErrorResponse(err: unknown): Response {
  const status = err instanceof BadRequest ? err.status : 500
  const description = err instanceof BadRequest ? err.message : 'the server could not process the request'
  return Response.json(
    { error: status === 500 ? 'server_error' : 'invalid_request', error_description: description },
    { status, headers: { 'cache-control': 'no-store', connection: 'close' } },
  )
}

function hostOf(req: IncomingMessage): string {
  const host = req.headers.host ?? 'localhost'
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(host)) throw new BadRequest(400, 'bad Host header')
  return host
}

function readBody(req: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > max) {
    req.resume()
    return Promise.reject(new BadRequest(413, 'the request body is too large'))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength
      if (total > max) {
        req.removeAllListeners('data')
        req.resume()
        reject(new BadRequest(413, 'the request body is too large'))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      const out = new Uint8Array(total)
      let offset = 0
      for (const c of chunks) {
        out.set(c, offset)
        offset += c.byteLength
      }
      resolve(out)
    })
    req.on('error', () => reject(new BadRequest(400, 'the request body could not be read')))
  })
}
