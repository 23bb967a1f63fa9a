/**
 * node:http adapter: turns an `IncomingMessage` into a Web `Request` (with a body size limit)
 * and writes a Web `Response` back. The only module of the server with `node:` imports.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ArgumentError } from '../errors.js'
import { OAuthServerError } from '../server/errors.js'
import { bodyText, type LiteRequest, type LiteResponse, liteHandlerOf } from '../server/lib/lite-http.js'
import { liteError } from '../server/lib/responses.js'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'

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

/** Options of `toNodeListener`. */
export interface NodeListenerOptions extends NodeAdapterOptions {
  /**
   * Longest time, in milliseconds, from a request's arrival to its answer; past it the client
   * gets 408 (its body had not all arrived) or 503 (the handler had not answered), and the
   * connection is closed, so no request is held open for ever. Default 30 s. It bounds the whole
   * exchange, which the `http.Server`'s own `headersTimeout` and `requestTimeout` (Node defaults
   * 60 s and 300 s) do not: they stop once the request has been received.
   */
  timeoutMs?: number | undefined
}

/** Options of `toWebRequest` for framework adapters that already know the path or the body. */
export interface ToWebRequestOptions extends NodeAdapterOptions {
  /** Request target to use instead of `req.url` (e.g. Express's `originalUrl`). */
  path?: string | undefined
  /** Body already read by the framework; the stream is then not read. */
  body?: Uint8Array<ArrayBuffer> | undefined
}

const DEFAULT_MAX_BODY = 1024 * 1024
const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Methods a Fetch `Request` cannot carry (`new Request` throws a TypeError on them), compared
 * case-insensitively as the Fetch standard does. Node's parser passes `TRACE` and hands `CONNECT`
 * to the server's `connect` event; `TRACK` it refuses itself.
 * @see https://fetch.spec.whatwg.org/#forbidden-method
 */
const FORBIDDEN_METHOD = /^(?:connect|trace|track)$/i
/** What a Fetch handler may be asked for: the methods the server's endpoints answer. */
const FETCH_ALLOW = 'GET, POST, PUT, DELETE'

/** A request the adapter refuses before the handler runs (bad target, header, method or body size). */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. `Allow` on 405. */
    readonly headers: Readonly<Record<string, string>> = {},
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
  const url = requestUrl(req, options)
  const headers = headersOf(req)
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
  const method = req.method ?? 'GET'
  const body = await bodyOf(req, method, options, max)
  return webRequest(url, method, headers, body)
}

/**
 * The Web `Request` of a node:http request. A method the Fetch standard forbids gets 405 (RFC
 * 9110 §15.5.6) instead of the TypeError `new Request` throws, which would otherwise be a 500.
 */
function webRequest(
  url: URL,
  method: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | undefined,
): Request {
  if (FORBIDDEN_METHOD.test(method)) {
    throw new BadRequest(405, 'this method is not supported', { allow: FETCH_ALLOW })
  }
  return new Request(url, { method, headers, ...(body && body.byteLength > 0 ? { body } : {}) })
}

/**
 * Reads a node:http request as a `LiteRequest` (same URL, header and body rules as
 * `toWebRequest`), for handlers with a registered lite twin; `readBody: false` leaves the body
 * unread (the resource protector never needs it).
 */
export async function toLiteRequest(
  req: IncomingMessage,
  options?: ToWebRequestOptions & { readBody?: boolean },
): Promise<LiteRequest> {
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
  const method = req.method ?? 'GET'
  const body = options?.readBody === false ? undefined : await bodyOf(req, method, options, max)
  return new NodeLiteRequest(req, options, method, body)
}

/**
 * A node:http request as a `LiteRequest`. A class, not an object of closures: it is built on every
 * request. The Host header is checked at once; the URL is parsed on first use (a bad target then
 * throws `BadRequest`, as `toWebRequest` would).
 */
class NodeLiteRequest implements LiteRequest {
  readonly headers: RawHeaders
  readonly hasQuery: boolean
  readonly #origin: string
  readonly #path: string
  #url: URL | undefined
  #request: Request | undefined

  constructor(
    readonly req: IncomingMessage,
    options: ToWebRequestOptions | undefined,
    readonly method: string,
    readonly body: Uint8Array<ArrayBuffer> | undefined,
  ) {
    this.#origin = options?.origin ?? `http://${hostOf(req)}`
    const target = options?.path ?? req.url
    this.#path = target?.startsWith('/') ? target : '/'
    this.hasQuery = this.#path.includes('?')
    this.headers = new RawHeaders(req.rawHeaders)
  }

  #parsed(): URL {
    if (this.#url) return this.#url
    try {
      this.#url = new URL(this.#origin + this.#path)
    } catch {
      throw new BadRequest(400, 'bad request target')
    }
    parsedOrigin = this.#origin
    return this.#url
  }

  get url(): string {
    return this.#parsed().href
  }

  get pathname(): string {
    // Routing every request would otherwise parse its URL: a plain path on an origin that has
    // parsed before is its own pathname (the URL parser would leave it as it is).
    if (this.#origin === parsedOrigin && PLAIN_PATH.test(this.#path)) return this.#path
    return this.#parsed().pathname
  }

  async text(maxBytes: number): Promise<string> {
    return bodyText(this.body, this.headers.get('content-length'), maxBytes)
  }

  toRequest(): Request {
    this.#request ??= webRequest(this.#parsed(), this.method, headersOf(this.req), this.body)
    return this.#request
  }
}

/** A path the URL parser keeps as it is: no dot segment, escape, backslash, query or fragment. */
const PLAIN_PATH = /^\/[A-Za-z0-9_~/-]*$/
/** The origin of the last request URL that parsed (one entry: a server answers one origin or a few). */
let parsedOrigin: string | undefined

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

function requestUrl(req: IncomingMessage, options: ToWebRequestOptions | undefined): URL {
  const origin = options?.origin ?? `http://${hostOf(req)}`
  const target = options?.path ?? req.url
  const path = target?.startsWith('/') ? target : '/'
  try {
    return new URL(origin + path)
  } catch {
    throw new BadRequest(400, 'bad request target')
  }
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  } catch {
    throw new BadRequest(400, 'malformed header')
  }
  return headers
}

async function bodyOf(
  req: IncomingMessage,
  method: string,
  options: ToWebRequestOptions | undefined,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (method === 'GET' || method === 'HEAD') return undefined
  if (options?.body && options.body.byteLength > max)
    throw new BadRequest(413, 'the request body is too large')
  return options?.body ?? (await readBody(req, max))
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
  // A known length spares chunked framing (and its extra writes) on every response.
  if (body && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    headers['content-length'] = String(body.byteLength)
  res.writeHead(response.status, headers)
  res.end(body)
}

/** Writes a `LiteResponse` (or a Web `Response`) to a node:http response. */
export function sendResponse(
  res: ServerResponse,
  response: LiteResponse | Response,
): Promise<void> | undefined {
  if (response instanceof Response) return sendWebResponse(res, response)
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) })
  res.end(response.body)
  return undefined
}

/**
 * Wraps a Web handler as a node:http request listener. Oversized bodies get 413, methods a Web
 * `Request` cannot carry 405 and malformed requests 400 (JSON, RFC 6749 §5.2 shape) before the
 * handler runs; a handler that throws gets 500 without any detail; a request not answered within
 * `timeoutMs` gets 408 or 503 and its connection is closed.
 *
 * @example
 * http.createServer(toNodeListener(server.handler, { timeoutMs: 10_000 })).listen(3000)
 * @see https://nodejs.org/api/http.html#event-request
 */
export function toNodeListener(handler: FetchHandler, options?: NodeListenerOptions): RequestListener {
  if (typeof handler !== 'function') throw new ArgumentError('"handler" must be a function')
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ArgumentError('"timeoutMs" must be a positive number of milliseconds')
  const lite = liteHandlerOf(handler)
  // The server's handler has a lite twin: no Web Request / Response on its hot endpoints.
  const answer = lite
    ? async (req: IncomingMessage) => lite(await toLiteRequest(req, options))
    : async (req: IncomingMessage) => handler(await toWebRequest(req, options))
  return (req, res) => {
    let answered = false
    const send = (response: LiteResponse | Response) => {
      if (answered) return undefined
      answered = true
      clearTimeout(deadline)
      return sendResponse(res, response)
    }
    const deadline = setTimeout(() => {
      const late = req.complete
        ? new BadRequest(503, 'the server did not answer in time')
        : new BadRequest(408, 'the request did not arrive in time')
      Promise.resolve(send(adapterErrorResponse(late))).catch(() => failed(res))
    }, timeoutMs)
    deadline.unref()
    answer(req)
      .catch(adapterErrorResponse)
      .then(send)
      .catch(() => failed(res))
  }
}

/** Ends a response whose writing failed: 500 without a body if nothing was sent yet. */
function failed(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500)
  res.end()
}

/** A node:http route behind `nodeProtect`: gets the validated token with the request. */
export type NodeProtectedHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  token: AccessTokenInfo,
) => void | Promise<void>

/**
 * node:http middleware of the resource protector: runs `handler` only with a valid access token
 * (read from the headers, the body is left unread), otherwise answers with the RFC 6750 error.
 *
 * @example
 * http.createServer(nodeProtect(protector, (req, res, token) => res.end(token.sub), { scopes: ['api'] }))
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function nodeProtect(
  protector: ResourceProtector,
  handler: NodeProtectedHandler,
  options?: ProtectOptions & Pick<NodeAdapterOptions, 'origin'>,
): RequestListener {
  if (typeof handler !== 'function') throw new ArgumentError('"handler" must be a function')
  const adapter = { origin: options?.origin }
  const refuse = (res: ServerResponse, err: unknown) =>
    sendResponse(res, err instanceof BadRequest ? adapterErrorResponse(err) : liteError(err))
  // A promise chain rather than an async function per request: two promises and two closures
  // less on every protected request.
  return (req, res) => {
    let validated: Promise<AccessTokenInfo>
    try {
      // Built synchronously: the protector never reads the body.
      validated = protector.validate(
        new NodeLiteRequest(req, adapter, req.method ?? 'GET', undefined),
        options,
      )
    } catch (err) {
      Promise.resolve()
        .then(() => refuse(res, err))
        .catch(() => failed(res))
      return
    }
    validated
      .then(
        (token) => handler(req, res, token),
        (err: unknown) => refuse(res, err),
      )
      .catch(() => failed(res))
  }
}

/**
 * The JSON error (RFC 6749 §5.2 shape) for a request refused by an adapter, an `OAuthServerError`
 * as it renders itself, and 500 without detail for anything else.
 */
export function adapterErrorResponse(err: unknown): Response {
  if (err instanceof OAuthServerError) return err.toResponse()
  const refused = err instanceof BadRequest ? err : undefined
  const status = refused?.status ?? 500
  const description = refused?.message ?? 'the server could not process the request'
  const error =
    status === 500 ? 'server_error' : status === 503 ? 'temporarily_unavailable' : 'invalid_request'
  return Response.json(
    { error, error_description: description },
    { status, headers: { ...refused?.headers, 'cache-control': 'no-store', connection: 'close' } },
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
      // A body in one chunk (small forms) is used as it is; only several chunks are joined.
      if (chunks.length === 1) return resolve(chunks[0] as Uint8Array<ArrayBuffer>)
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
