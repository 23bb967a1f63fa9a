/**
 * The server's core: every endpoint is a `CoreHandler`, `(CoreRequest) => Promise<CoreResponse>`,
 * written against the few parts of a request it reads and answering with a plain status, headers
 * and body. Adapters build a `CoreRequest` from their platform's request and write the
 * `CoreResponse` back: the Web one (`Request → Response`, `webHandler`) is here, node:http builds
 * its own straight from `IncomingMessage` (runtime/http/node.ts), so no Web object is made on
 * the way unless an application hook asks for one (`toRequest()`).
 */
import { decodeBody, readWebBody } from './body.js'

/** The parts of an HTTP request an endpoint reads. */
export interface CoreRequest {
  readonly method: string
  /** Absolute URL, as `Request.url` (normalized by the URL parser). */
  readonly url: string
  /** Path of `url`, for routing. */
  readonly pathname: string
  /** True when the request target has a query string (so `url` need not be parsed to know). */
  readonly hasQuery: boolean
  /** Header lookup with `Headers.get` semantics: case-insensitive, repeated values joined by `, `. */
  readonly headers: { get(name: string): string | null }
  /** The body as UTF-8 text; `invalid_request` (413) past `maxBytes` declared or read. Read once. */
  text(maxBytes: number): Promise<string>
  /**
   * The same request as a Web `Request`, for application hooks that take one (`authorize`,
   * `currentUser`, custom grants). Its body is the one `text()` read, if it was read.
   */
  toRequest(): Request
}

/** An endpoint's answer. Header names are lower case; `set-cookie` may repeat. */
export interface CoreResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | readonly string[]>>
  readonly body: string | Uint8Array<ArrayBuffer> | null
}

/** An endpoint, or the whole server. */
export type CoreHandler = (request: CoreRequest) => Promise<CoreResponse>

/** A Web handler over a core handler; adapters that can build a `CoreRequest` call `core`. */
export interface WebHandler {
  (request: Request): Promise<Response>
  /** The core this Web handler adapts. */
  readonly core: CoreHandler
}

/** The Web adapter of a core handler: `Request → CoreRequest → core → CoreResponse → Response`. */
export function webHandler(core: CoreHandler): WebHandler {
  const handler = async (request: Request) => toWebResponse(await core(new WebCoreRequest(request)))
  return Object.assign(handler, { core })
}

/** A Web `Request` as a `CoreRequest`. */
export function coreRequestOf(request: Request): CoreRequest {
  return new WebCoreRequest(request)
}

class WebCoreRequest implements CoreRequest {
  #pathname: string | undefined
  constructor(readonly request: Request) {}

  get method(): string {
    return this.request.method
  }
  get url(): string {
    return this.request.url
  }
  get pathname(): string {
    this.#pathname ??= new URL(this.request.url).pathname
    return this.#pathname
  }
  get hasQuery(): boolean {
    return this.request.url.includes('?')
  }
  get headers(): Headers {
    return this.request.headers
  }
  async text(maxBytes: number): Promise<string> {
    return decodeBody(await readWebBody(this.request, maxBytes))
  }
  toRequest(): Request {
    return this.request
  }
}

/** The Web `Response` of a `CoreResponse`, keeping repeated `Set-Cookie` headers. */
export function toWebResponse(response: CoreResponse): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else for (const v of value) headers.append(name, v)
  }
  return new Response(response.body, { status: response.status, headers })
}

/** A Web `Response` (an application hook's answer) as a `CoreResponse`; reads its body. */
export async function fromWebResponse(response: Response): Promise<CoreResponse> {
  const headers: Record<string, string | readonly string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : null
  return { status: response.status, headers, body }
}
