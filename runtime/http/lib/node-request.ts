/**
 * A node:http request as the server's `CoreRequest`: what the node:http, Express and Fastify
 * adapters hand to the server's core. Its URL, headers and body are read from `IncomingMessage`
 * as the endpoint asks for them.
 */
import type { IncomingMessage } from 'node:http'
import { bodyTooLarge, type OAuthServerError, serverError } from '../../server/errors.js'
import { BodyReader, decodeBody } from '../../server/lib/body.js'
import type { CoreRequest } from '../../server/lib/core-http.js'

/** What a node adapter knows of a request besides `IncomingMessage`. */
export interface NodeRequestOptions {
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number | undefined
  /** Origin of the request URL. Default: `http://` plus the `Host` header. */
  origin?: string | undefined
  /** Request target to use instead of `req.url` (e.g. Express's `originalUrl`). */
  path?: string | undefined
  /** Body already read by the framework; the stream is then not read. */
  body?: Uint8Array<ArrayBuffer> | undefined
}

const DEFAULT_MAX_BODY = 1024 * 1024

/**
 * Methods a Fetch `Request` cannot carry (`new Request` throws a TypeError on them), compared
 * case-insensitively as the Fetch standard does. Node's parser passes `TRACE` and hands `CONNECT`
 * to the server's `connect` event; `TRACK` it refuses itself.
 * @see https://fetch.spec.whatwg.org/#forbidden-method
 */
const FORBIDDEN_METHOD = /^(?:connect|trace|track)$/i
/** What a Fetch handler may be asked for: the methods the server's endpoints answer. */
const FETCH_ALLOW = 'GET, POST, PUT, DELETE'

/**
 * A request the adapter refuses before or while reading it (bad target, header, method, body size,
 * time out): an `OAuthServerError` whose connection is then closed.
 */
export function refused(
  status: number,
  description: string,
  headers?: Record<string, string>,
): OAuthServerError {
  const error = status === 503 ? 'temporarily_unavailable' : 'invalid_request'
  return serverError(error, description, { status, headers: { ...headers, connection: 'close' } })
}

/**
 * The adapter's memory of the request origin that last made a valid URL. One per listener (a
 * server answers one origin or a few), so a plain path on it is its own pathname without parsing.
 */
export interface OriginMemo {
  parsed: string | undefined
}

/**
 * A node:http request as a `CoreRequest`. A class, not an object of closures: it is built on every
 * request. The Host header is checked at once; the URL is parsed on first use (a bad target then
 * throws a 400); the body is read on first use, through the one `BodyReader`, held to the smaller
 * of the endpoint's and the adapter's limits.
 */
export class NodeCoreRequest implements CoreRequest {
  readonly method: string
  readonly headers: RawHeaders
  readonly hasQuery: boolean
  readonly #origin: string
  readonly #path: string
  readonly #maxBytes: number
  readonly #memo: OriginMemo
  #url: URL | undefined
  #body: Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>> | undefined
  #request: Request | undefined

  constructor(
    readonly req: IncomingMessage,
    options: NodeRequestOptions | undefined,
    memo: OriginMemo,
  ) {
    this.method = req.method ?? 'GET'
    this.#origin = options?.origin ?? `http://${hostOf(req)}`
    const target = options?.path ?? req.url
    this.#path = target?.startsWith('/') ? target : '/'
    this.hasQuery = this.#path.includes('?')
    this.headers = new RawHeaders(req.rawHeaders)
    this.#maxBytes = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
    this.#memo = memo
    this.#body = options?.body
  }

  #parsed(): URL {
    if (this.#url) return this.#url
    try {
      this.#url = new URL(this.#origin + this.#path)
    } catch {
      throw refused(400, 'bad request target')
    }
    this.#memo.parsed = this.#origin
    return this.#url
  }

  get url(): string {
    return this.#parsed().href
  }

  get pathname(): string {
    // Routing every request would otherwise parse its URL: a plain path on an origin that has
    // parsed before is its own pathname (the URL parser would leave it as it is).
    if (this.#origin === this.#memo.parsed && PLAIN_PATH.test(this.#path)) return this.#path
    return this.#parsed().pathname
  }

  async text(maxBytes: number): Promise<string> {
    return decodeBody(await this.bytes(maxBytes))
  }

  /** The body (empty for GET and HEAD), read once. */
  bytes(maxBytes: number): Promise<Uint8Array<ArrayBuffer>> | Uint8Array<ArrayBuffer> {
    const max = Math.min(maxBytes, this.#maxBytes)
    if (this.#body instanceof Uint8Array) {
      if (this.#body.byteLength > max) throw bodyTooLarge()
      return this.#body
    }
    if (this.method === 'GET' || this.method === 'HEAD') return new Uint8Array(0)
    this.#body ??= readNodeBody(this.req, max).then((bytes) => {
      this.#body = bytes
      return bytes
    })
    return this.#body
  }

  toRequest(): Request {
    if (this.#request) return this.#request
    // A method the Fetch standard forbids gets 405 (RFC 9110 §15.5.6) instead of the TypeError
    // `new Request` throws, which would otherwise be a 500.
    if (FORBIDDEN_METHOD.test(this.method))
      throw refused(405, 'this method is not supported', { allow: FETCH_ALLOW })
    const body = this.#body instanceof Uint8Array && this.#body.byteLength > 0 ? this.#body : undefined
    this.#request = new Request(this.#parsed(), {
      method: this.method,
      headers: headersOf(this.req),
      ...(body ? { body } : {}),
    })
    return this.#request
  }
}

/** A path the URL parser keeps as it is: no dot segment, escape, backslash, query or fragment. */
const PLAIN_PATH = /^\/[A-Za-z0-9_~/-]*$/

/** `Headers.get` over node's raw header list: case-insensitive, repeats joined by `, `, trimmed. */
class RawHeaders {
  constructor(readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const raw = this.raw
    const wanted = name.toLowerCase()
    let out: string | null = null
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const key = raw[i]!
      if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue
      const value = hasOws(raw[i + 1]!) ? raw[i + 1]!.replace(OWS, '') : raw[i + 1]!
      out = out === null ? value : `${out}, ${value}`
    }
    return out
  }
}

const OWS = /^[\t ]+|[\t ]+$/g

/** Whether a header value starts or ends with a space or tab: most never do, and the regex scans it all. */
function hasOws(value: string): boolean {
  const first = value.charCodeAt(0)
  const last = value.charCodeAt(value.length - 1)
  return first === 32 || first === 9 || last === 32 || last === 9
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  } catch {
    throw refused(400, 'malformed header')
  }
  return headers
}

function hostOf(req: IncomingMessage): string {
  const host = req.headers.host ?? 'localhost'
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(host)) throw refused(400, 'bad Host header')
  return host
}

/** Pumps a node:http request body into a `BodyReader`; past the limit the rest is drained unread. */
function readNodeBody(req: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer>> {
  let body: BodyReader
  try {
    body = new BodyReader(max, req.headers['content-length'])
  } catch (err) {
    req.resume()
    return Promise.reject(err)
  }
  return new Promise((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      try {
        body.push(chunk)
      } catch (err) {
        req.removeAllListeners('data')
        req.resume()
        reject(err)
      }
    })
    req.on('end', () => resolve(body.bytes()))
    req.on('error', () => reject(refused(400, 'the request body could not be read')))
  })
}
