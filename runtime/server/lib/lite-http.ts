/**
 * A lightweight request and response for the hot endpoints (token endpoint, resource
 * protection). The public core stays Web-standard (`(Request) => Promise<Response>`); adapters
 * that can read their platform's request directly (node:http) hand over a `LiteRequest` instead,
 * which spares building a Web `Request` (header list, body stream, abort signal) and reading a Web
 * `Response` back: together about as much CPU as the endpoint's own work. Anything that needs the
 * Web objects gets them through `toRequest()` / `toWebResponse()`.
 */
import { serverError } from '../errors.js'
import { readBodyText } from './params.js'

/** The parts of an HTTP request the hot endpoints read. */
export interface LiteRequest {
  readonly method: string
  /** Absolute URL, as `Request.url` (normalized by the URL parser). */
  readonly url: string
  /** Path of `url`, for routing. */
  readonly pathname: string
  /** True when the request target has a query string (so `url` need not be parsed to know). */
  readonly hasQuery: boolean
  /** Header lookup with `Headers.get` semantics: case-insensitive, repeated values joined by `, `. */
  readonly headers: { get(name: string): string | null }
  /** The body as UTF-8 text; `invalid_request` (413) past `maxBytes` declared or read. */
  text(maxBytes: number): Promise<string>
  /** The same request as a Web `Request`, built on first use (custom grants, hooks). */
  toRequest(): Request
}

/** A response of a hot endpoint: a status, plain headers and a text body. */
export interface LiteResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A handler that can answer a `LiteRequest`; may still answer with a Web `Response`. */
export type LiteHandler = (request: LiteRequest) => Promise<LiteResponse | Response>

const liteHandlers = new WeakMap<object, LiteHandler>()

/**
 * Registers the `LiteRequest` twin of a Web handler, so adapters that find it (`liteHandlerOf`)
 * can skip the Web `Request` / `Response` round trip. Both must answer every request alike.
 */
export function registerLiteHandler<T extends object>(handler: T, lite: LiteHandler): T {
  liteHandlers.set(handler, lite)
  return handler
}

/** The `LiteRequest` twin registered for `handler`, if any. */
export function liteHandlerOf(handler: object): LiteHandler | undefined {
  return liteHandlers.get(handler)
}

/** The 413 every lite request body past its limit gets, as `readBodyText` gives it. */
export function bodyTooLarge() {
  return serverError('invalid_request', 'the request body is too large', { status: 413 })
}

/** A request body read up front, as `LiteRequest.text` returns it. */
export function bodyText(
  body: Uint8Array | undefined,
  declaredLength: string | null,
  maxBytes: number,
): string {
  if (Number(declaredLength ?? '0') > maxBytes) throw bodyTooLarge()
  if (!body) return ''
  if (body.byteLength > maxBytes) throw bodyTooLarge()
  return decoder.decode(body)
}

const decoder = new TextDecoder()

/** A `LiteRequest` view of a Web `Request` (the Web-standard entry points use it). */
export function liteFromRequest(request: Request): LiteRequest {
  let pathname: string | undefined
  const lite: LiteRequest = {
    method: request.method,
    url: request.url,
    get pathname() {
      pathname ??= new URL(request.url).pathname
      return pathname
    },
    hasQuery: request.url.includes('?'),
    headers: request.headers,
    text: (max) => readBodyText(request, max),
    toRequest: () => request,
  }
  return lite
}

/** The Web `Response` for a `LiteResponse`. */
export function toWebResponse(response: LiteResponse | Response): Response {
  if (response instanceof Response) return response
  return new Response(response.body, { status: response.status, headers: response.headers })
}
