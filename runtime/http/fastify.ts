/**
 * Fastify 5 adapter: a plugin routing every request of its context to the server (or any Web
 * handler) through the node:http adapter's `CoreRequest`, and a `preHandler` hook for the
 * resource protector.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { asServerError, bodyTooLarge, serverError } from '../server/errors.js'
import type { CoreResponse, WebHandler } from '../server/lib/core-http.js'
import type { AccessTokenInfo, ProtectOptions, ResourceProtector } from '../server/resource-protector.js'
import { coreOf, type FetchHandler, type NodeAdapterOptions, toCoreRequest } from './node.js'

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
export function fastifyPlugin(
  handler: FetchHandler | WebHandler,
  options?: NodeAdapterOptions,
): FastifyPluginAsync {
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY
  const core = coreOf(handler)
  return async (fastify) => {
    fastify.removeAllContentTypeParsers()
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: max }, (_req, body, done) =>
      done(null, body),
    )
    fastify.setErrorHandler(async (err, _request, reply) => {
      const code = (err as { statusCode?: unknown } | null)?.statusCode
      const status = typeof code === 'number' && code >= 400 && code < 500 ? code : 500
      const refusal =
        status === 413
          ? bodyTooLarge()
          : status < 500
            ? serverError('invalid_request', 'the request could not be read', { status })
            : err
      return send(reply, asServerError(refusal).render())
    })
    const route = async (request: FastifyRequest, reply: FastifyReply) => {
      let response: CoreResponse
      try {
        response = await core(toFastifyRequest(request, options, true))
      } catch (err) {
        response = asServerError(err).render()
      }
      return send(reply, response)
    }
    fastify.all('/', route)
    fastify.all('/*', route)
  }
}

/**
 * A Fastify plugin serving a protector's RFC 9728 metadata at its well-known path (GET, and HEAD
 * as Fastify adds it); the protector needs a `resource`.
 *
 * @example
 * await app.register(fastifyResourceMetadata(protector))
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function fastifyResourceMetadata(protector: ResourceProtector): FastifyPluginAsync {
  const path = protector.metadataPath
  const core = protector.metadataHandler.core
  return async (fastify) => {
    fastify.get(path, async (request, reply) =>
      send(reply, await core(toFastifyRequest(request, undefined, false))),
    )
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
      tokens.set(request, await protector.validate(toFastifyRequest(request, undefined, false), options))
    } catch (err) {
      await send(reply, asServerError(err).render())
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
  return toCoreRequest(request.raw, {
    ...options,
    origin: options?.origin ?? `${request.protocol}://${request.host}`,
    path: request.url,
    body,
  })
}

function send(reply: FastifyReply, response: CoreResponse): FastifyReply {
  reply.code(response.status)
  for (const [name, value] of Object.entries(response.headers))
    reply.header(name, typeof value === 'string' ? value : [...value])
  return reply.send(response.body ?? undefined)
}
