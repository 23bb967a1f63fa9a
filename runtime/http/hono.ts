/**
 * Hono adapter. Hono is Web-standard already, so the handler gets the raw `Request` as is.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { errorToResponse } from '../server/errors.js'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'
import type { FetchHandler } from './node.js'

/** Hono variables set by `honoProtect`. */
export interface AuthspecVariables {
  token: AccessTokenInfo
}

/**
 * A Hono route handler serving a Web handler (e.g. `server.handler`).
 *
 * @example
 * app.all('*', honoHandler(server.handler))
 * @see https://hono.dev/docs/api/routing
 */
export function honoHandler(handler: FetchHandler): (c: Context) => Promise<Response> {
  return (c) => handler(c.req.raw)
}

/**
 * Hono middleware serving a protector's RFC 9728 metadata at its well-known path (the protector
 * needs a `resource`); other requests go on.
 *
 * @example
 * app.use(honoResourceMetadata(protector))
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function honoResourceMetadata(protector: ResourceProtector): MiddlewareHandler {
  const path = protector.metadataPath
  const serve = protector.metadataHandler
  return async (c, next) => {
    if (c.req.path === path) return serve(c.req.raw)
    await next()
    return undefined
  }
}

/**
 * Hono middleware that lets a request through only with a valid access token, available as
 * `c.get('token')`; otherwise it answers with the RFC 6750 error.
 *
 * @example
 * app.get('/api/me', honoProtect(protector, { scopes: ['profile'] }), (c) => c.json(c.get('token')))
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function honoProtect(
  protector: ResourceProtector,
  options?: ProtectOptions,
): MiddlewareHandler<{ Variables: AuthspecVariables }> {
  return async (c, next) => {
    try {
      // The protector reads the URL and headers only: the body stays unread for the route.
      c.set('token', await protector.validate(c.req.raw, options))
    } catch (err) {
      return errorToResponse(err)
    }
    await next()
    return undefined
  }
}
