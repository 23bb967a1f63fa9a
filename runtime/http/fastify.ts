/**
 * Fastify 5 adapter: a plugin routing every request of its context to a Web handler, and a
 * `preHandler` hook for the resource protector.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'
import {
  adapterErrorResponse,
  BadRequest,
  type FetchHandler,
  type NodeAdapterOptions,
  toWebRequest,
} from './node.js'

const EMPTY = new Uint8Array(0)
const DEFAULT_MAX_BODY = 1024 * 1024
const tokens = new WeakMap<FastifyRequest, AccessTokenInfo>()

/**
 * A Fastify plugin that serves `handler` for every path of its context. Bodies are handed over
 * raw (the plugin replaces the content-type parsers in its own context) so the handler sees
 * exactly what the client sent, repeated parameters included.
 *
 * @example
 * await app.register(fastifyPlugin(server.handler))
 * @see https://fastify.dev/docs/latest/Reference/Plugins/
 */
export function fastifyPlugin(handler: FetchHandler, options?: NodeAdapterOptions): FastifyPluginAsync {
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
  return async (fastify) => {
    fastify.removeAllContentTypeParsers()
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: max }, (_req, body, done) =>
      done(null, body),
    )
    fastify.setErrorHandler(async (err, _request, reply) => {
      const code = (err as { statusCode?: unknown } | null)?.statusCode
      const status = typeof code === 'number' && code >= 400 && code < 500 ? code : 500
      const message = status === 413 ? 'the request body is too large' : 'the request could not be read'
      return send(reply, adapterErrorResponse(status < 500 ? new BadRequest(status, message) : err))
    })
    const route = async (request: FastifyRequest, reply: FastifyReply) => {
      let response: Response
      try {
        response = await handler(await toFastifyRequest(request, options, true))
      } catch (err) {
        response = adapterErrorResponse(err)
      }
      return send(reply, response)
    }
    fastify.all('/', route)
    fastify.all('/*', route)
  }
}

/**
 * A Fastify `preHandler` that lets a request through only with a valid access token (read it
 * with `fastifyToken(request)`); otherwise it answers with the RFC 6750 error.
 *
 * @example
 * app.get('/api/me', { preHandler: fastifyProtect(protector, { scopes: ['profile'] }) }, async (req) => fastifyToken(req))
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function fastifyProtect(protector: ResourceProtector, options?: ProtectOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      tokens.set(
        request,
        await protector.validate(await toFastifyRequest(request, undefined, false), options),
      )
    } catch (err) {
      // adapterErrorResponse: a method `toWebRequest` refuses is a 405, not a 500.
      await send(reply, adapterErrorResponse(err))
    }
  }
}

/** The token `fastifyProtect` validated for this request. */
export function fastifyToken(request: FastifyRequest): AccessTokenInfo | undefined {
  return tokens.get(request)
}

function toFastifyRequest(
  request: FastifyRequest,
  options: NodeAdapterOptions | undefined,
  withBody: boolean,
) {
  const raw = request.body
  const body = withBody && raw instanceof Uint8Array ? new Uint8Array(raw) : EMPTY
  return toWebRequest(request.raw, {
    ...options,
    origin: options?.origin ?? `${request.protocol}://${request.host}`,
    path: request.url,
    body,
  })
}

async function send(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') reply.header(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  return reply.send(body)
}
