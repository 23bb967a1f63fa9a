/**
 * node:http adapter: builds the server's `CoreRequest` straight from an `IncomingMessage` (no Web
 * `Request` unless a hook asks for one) and writes the `CoreResponse` back. The only module of
 * the server with `node:` imports.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ArgumentError } from '../errors.js'
import { asServerError } from '../server/errors.js'
import {
  type CoreHandler,
  type CoreRequest,
  type CoreResponse,
  fromWebResponse,
  type WebHandler,
} from '../server/lib/core-http.js'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'
import { NodeCoreRequest, type OriginMemo, refused } from './lib/node-request.js'

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

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * A node:http request as the server's `CoreRequest` (same URL, header and body rules as
 * `toWebRequest`); its body is read when an endpoint asks for it.
 */
export function toCoreRequest(req: IncomingMessage, options?: ToWebRequestOptions): CoreRequest {
  return new NodeCoreRequest(req, options, { parsed: undefined })
}

/**
 * Converts a node:http request into a Web `Request`, reading at most `maxBodyBytes` of body.
 *
 * @example
 * const request = await toWebRequest(req, { origin: 'https://id.example' })
 * @see https://fetch.spec.whatwg.org/#request-class
 */
export async function toWebRequest(req: IncomingMessage, options?: ToWebRequestOptions): Promise<Request> {
  return webRequestOf(new NodeCoreRequest(req, options, { parsed: undefined }))
}

async function webRequestOf(request: NodeCoreRequest): Promise<Request> {
  await request.bytes(Number.POSITIVE_INFINITY)
  return request.toRequest()
}

/** Writes a `CoreResponse` to a node:http response, with its length known (no chunked framing). */
export function writeCoreResponse(res: ServerResponse, response: CoreResponse): void {
  const headers: Record<string, string | number | string[]> = {}
  for (const [name, value] of Object.entries(response.headers))
    headers[name] = typeof value === 'string' ? value : [...value]
  const body = response.body
  if (body !== null && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  res.writeHead(response.status, headers)
  res.end(body ?? undefined)
}

/** Writes a Web `Response` to a node:http response, keeping repeated `Set-Cookie` headers. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  writeCoreResponse(res, await fromWebResponse(response))
}

/**
 * The core a node adapter serves: a `WebHandler`'s own (e.g. `server.handler`, so its requests
 * never become Web objects), or any other Fetch handler adapted: its request read whole and
 * made a Web `Request`, its `Response` read back.
 */
export function coreOf(handler: FetchHandler | WebHandler): CoreHandler {
  if ('core' in handler && typeof handler.core === 'function') return handler.core
  return async (request) =>
    fromWebResponse(
      await handler(request instanceof NodeCoreRequest ? await webRequestOf(request) : request.toRequest()),
    )
}

/**
 * Wraps a Web handler as a node:http request listener. Oversized bodies get 413, methods a Web
 * `Request` cannot carry 405 and malformed requests 400 (JSON, RFC 6749 §5.2 shape); a handler
 * that throws gets 500 without any detail; a request not answered within `timeoutMs` gets 408 or
 * 503 and its connection is closed. A `WebHandler` such as `server.handler` is served through its
 * core, without Web `Request` / `Response` objects.
 *
 * @example
 * http.createServer(toNodeListener(server.handler, { timeoutMs: 10_000 })).listen(3000)
 * @see https://nodejs.org/api/http.html#event-request
 */
export function toNodeListener(
  handler: FetchHandler | WebHandler,
  options?: NodeListenerOptions,
): RequestListener {
  if (typeof handler !== 'function') throw new ArgumentError('"handler" must be a function')
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ArgumentError('"timeoutMs" must be a positive number of milliseconds')
  const core = coreOf(handler)
  const memo: OriginMemo = { parsed: undefined }
  return (req, res) => {
    let answered = false
    const send = (response: CoreResponse) => {
      if (answered) return
      answered = true
      clearTimeout(deadline)
      writeCoreResponse(res, response)
    }
    const deadline = setTimeout(() => {
      const late = req.complete
        ? refused(503, 'the server did not answer in time')
        : refused(408, 'the request did not arrive in time')
      try {
        send(late.render())
      } catch {
        failed(res)
      }
    }, timeoutMs)
    deadline.unref()
    // Inside the promise: building the request can refuse it (bad Host header).
    Promise.resolve()
      .then(() => core(new NodeCoreRequest(req, options, memo)))
      .catch((err: unknown) => asServerError(err).render())
      .then(send)
      .catch(() => failed(res))
  }
}

/** Ends a response whose writing failed: 500 without a body if nothing was sent yet. */
function failed(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500)
  res.end()
}

/**
 * A node:http route behind `nodeProtect`: gets the validated token with the request. What it
 * returns is ignored (a promise is awaited, and a rejection answers 500), so `res.end(…)` may be
 * its whole body, as with node:http's own listeners.
 */
export type NodeProtectedHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  token: AccessTokenInfo,
) => unknown

/**
 * node:http middleware of the resource protector: runs `handler` only with a valid access token
 * (read from the headers, the body is left unread), otherwise answers with the RFC 6750 error.
 * A protector with a `resource` also answers its metadata path with its RFC 9728 metadata.
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
  const memo: OriginMemo = { parsed: undefined }
  const refuse = (res: ServerResponse, err: unknown) => writeCoreResponse(res, asServerError(err).render())
  const metadata =
    protector.resource === undefined
      ? undefined
      : { path: protector.metadataPath, core: protector.metadataHandler.core }
  // A promise chain rather than an async function per request: two promises and two closures
  // less on every protected request.
  return (req, res) => {
    let validated: Promise<AccessTokenInfo>
    try {
      // Built synchronously: the protector never reads the body.
      const request = new NodeCoreRequest(req, adapter, memo)
      if (metadata && request.pathname === metadata.path) {
        metadata
          .core(request)
          .then((response) => writeCoreResponse(res, response))
          .catch(() => failed(res))
        return
      }
      validated = protector.validate(request, options)
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
