/**
 * Express 5 adapter: mounts the server (or any Web-standard handler) and the resource protector
 * on Express, through the node:http adapter's `CoreRequest`.
 */
import type { Request as ExpressRequest, RequestHandler } from 'express'
import { asServerError } from '../server/errors.js'
import type { CoreResponse, WebHandler } from '../server/lib/core-http.js'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'
import {
  coreOf,
  type FetchHandler,
  type NodeAdapterOptions,
  toCoreRequest,
  writeCoreResponse,
} from './node.js'

const EMPTY = new Uint8Array(0)
const HOST = /^[A-Za-z0-9.\-[\]:]+$/

/**
 * Wraps a Web handler (e.g. `server.handler`) as Express middleware. Mount it before any body
 * parser; if one already ran, its parsed form is re-encoded with repeated parameters kept, so
 * they are still refused.
 *
 * @example
 * app.use(toExpressHandler(server.handler))
 * @see https://expressjs.com/en/5x/api.html#app.use
 */
export function toExpressHandler(
  handler: FetchHandler | WebHandler,
  options?: NodeAdapterOptions,
): RequestHandler {
  const core = coreOf(handler)
  return (req, res, next) => {
    void (async () => {
      let response: CoreResponse
      try {
        const request = toCoreRequest(req, {
          ...options,
          origin: options?.origin ?? originOf(req),
          path: req.originalUrl,
          body: parsedBody(req),
        })
        response = await core(request)
      } catch (err) {
        response = asServerError(err).render()
      }
      writeCoreResponse(res, response)
    })().catch(next)
  }
}

/**
 * Express middleware that lets a request through only with a valid access token, which it puts
 * in `res.locals.token`; otherwise it answers with the RFC 6750 error.
 *
 * @example
 * app.get('/api/me', expressProtect(protector, { scopes: ['profile'] }), (req, res) => res.json(res.locals.token))
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function expressProtect(protector: ResourceProtector, options?: ProtectOptions): RequestHandler {
  return (req, res, next) => {
    void (async () => {
      let token: AccessTokenInfo
      try {
        // The protector reads the URL and headers only: the body stays unread for the route.
        token = await protector.validate(
          toCoreRequest(req, { origin: originOf(req), path: req.originalUrl }),
          options,
        )
      } catch (err) {
        writeCoreResponse(res, asServerError(err).render())
        return
      }
      res.locals['token'] = token
      next()
    })().catch(next)
  }
}

/**
 * Express middleware serving a protector's RFC 9728 metadata at its well-known path (the
 * protector needs a `resource`); other requests go on. Mount it on the app, not under a path.
 *
 * @example
 * app.use(expressResourceMetadata(protector))
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function expressResourceMetadata(protector: ResourceProtector): RequestHandler {
  const path = protector.metadataPath
  const serve = toExpressHandler(protector.metadataHandler)
  return (req, res, next) => (req.path === path ? serve(req, res, next) : next())
}

function originOf(req: ExpressRequest): string | undefined {
  const host = req.get('host')
  return host && HOST.test(host) ? `${req.protocol}://${host}` : undefined
}

/** The body a body parser already consumed, re-encoded; `undefined` when the stream is untouched. */
function parsedBody(req: ExpressRequest): Uint8Array<ArrayBuffer> | undefined {
  const consumed = req.readableEnded || (req as { _body?: boolean })._body === true
  if (!consumed) return undefined
  const body: unknown = req.body
  if (body === undefined || body === null) return EMPTY
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (typeof body === 'object') {
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(body)) {
      for (const item of Array.isArray(v) ? v : [v])
        form.append(k, typeof item === 'string' ? item : JSON.stringify(item))
    }
    return new TextEncoder().encode(form.toString())
  }
  return EMPTY
}
