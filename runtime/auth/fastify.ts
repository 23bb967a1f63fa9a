/**
 * Fastify 5 adapter of the client registry: Fastify's `request`/`reply` in, the core's `Request`
 * and `Response` underneath.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { toWebRequest } from '../http/node.js'
import { finishLogin, reencodeBody } from './lib/adapter.js'
import type { Auth, AuthorizeRedirectOptions, AuthorizeResult } from './types.js'

/** The registry's operations on Fastify's request and reply objects. */
export interface FastifyAuth {
  /** Replies with the 302 to the provider and the transaction cookie. */
  login(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    options?: AuthorizeRedirectOptions,
  ): Promise<FastifyReply>
  /** Finishes the login; the transaction cookie's deletion is set on `reply` even when it throws. */
  callback(request: FastifyRequest, reply: FastifyReply, name?: string): Promise<AuthorizeResult>
  /** The Web `Request` of `request`, for the rest of the API. */
  toRequest(request: FastifyRequest): Promise<Request>
  /** Adds `Set-Cookie` values to `reply`. */
  setCookies(reply: FastifyReply, values: string | readonly string[]): void
}

/**
 * Wraps a registry for Fastify 5. Behind a TLS proxy, set Fastify's `trustProxy` so
 * `request.protocol` is `https` and cookies are `Secure`.
 *
 * @example
 * const web = fastifyAuth(auth)
 * app.get<{ Params: { name: string } }>('/login/:name', (req, reply) => web.login(req, reply, req.params.name))
 * app.get<{ Params: { name: string } }>('/callback/:name', async (req, reply) => {
 *   const { returnTo } = await web.callback(req, reply, req.params.name)
 *   return reply.redirect(returnTo)
 * })
 * @see https://fastify.dev/docs/latest/Reference/Reply/
 */
export function fastifyAuth(auth: Auth): FastifyAuth {
  const toRequest = (request: FastifyRequest): Promise<Request> =>
    toWebRequest(request.raw, {
      origin: `${request.protocol}://${request.host}`,
      path: request.url,
      body: reencodeBody(request.body) ?? new Uint8Array(0),
    })
  const setCookies = (reply: FastifyReply, values: string | readonly string[]): void => {
    const list = typeof values === 'string' ? [values] : [...values]
    if (list.length === 0) return
    const existing = reply.getHeader('set-cookie')
    const before =
      existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)]
    reply.header('set-cookie', [...before, ...list])
  }
  return {
    toRequest,
    setCookies,
    async login(request, reply, name, options) {
      const response = await auth.authorizeRedirect(await toRequest(request), name, options)
      setCookies(reply, response.headers.getSetCookie())
      reply.header('cache-control', 'no-store')
      return reply.redirect(response.headers.get('location')!, response.status)
    },
    async callback(request, reply, name) {
      return finishLogin(auth, await toRequest(request), name, (values) => setCookies(reply, values))
    },
  }
}

/**
 * Lets `app` read form bodies, which Fastify refuses by default (415), so that a provider
 * answering with `response_mode=form_post` (Sign in with Apple) can POST its callback. Does
 * nothing when a form parser (e.g. `@fastify/formbody`) is already registered.
 *
 * @example
 * acceptFormPost(app)
 * app.post<{ Params: { name: string } }>('/callback/:name', (req, reply) => web.callback(req, reply, req.params.name))
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
export function acceptFormPost(app: FastifyInstance): void {
  const FORM = 'application/x-www-form-urlencoded'
  if (app.hasContentTypeParser(FORM)) return
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, body))
}
