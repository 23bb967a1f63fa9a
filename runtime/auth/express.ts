/**
 * Express 5 adapter of the client registry: Express's `req`/`res` in, the core's `Request` and
 * `Response` underneath.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { sendWebResponse, toWebRequest } from '../http/node.js'
import { finishLogin, reencodeBody } from './lib/adapter.js'
import type { Auth, AuthorizeRedirectOptions, AuthorizeResult } from './types.js'

const HOST = /^[A-Za-z0-9.\-[\]:]+$/

/** The registry's operations on Express's request and response objects. */
export interface ExpressAuth {
  /** Answers with the 302 to the provider and the transaction cookie. */
  login(
    req: ExpressRequest,
    res: ExpressResponse,
    name: string,
    options?: AuthorizeRedirectOptions,
  ): Promise<void>
  /** Finishes the login; the transaction cookie's deletion is set on `res` even when it throws. */
  callback(req: ExpressRequest, res: ExpressResponse, name?: string): Promise<AuthorizeResult>
  /** The Web `Request` of `req`, for the rest of the API (`setSession`, `getSession`…). */
  toRequest(req: ExpressRequest): Promise<Request>
  /** Adds `Set-Cookie` values to `res`. */
  setCookies(res: ExpressResponse, values: string | readonly string[]): void
}

/**
 * Wraps a registry for Express 5. Set `app.set('trust proxy', …)` behind a TLS proxy so
 * `req.protocol` is `https` and cookies are `Secure`.
 *
 * @example
 * const web = expressAuth(auth)
 * app.get('/login/:name', (req, res) => web.login(req, res, req.params.name, { returnTo: String(req.query.next ?? '/') }))
 * app.get('/callback/:name', async (req, res) => {
 *   const { tokens, returnTo } = await web.callback(req, res, req.params.name)
 *   res.redirect(returnTo)
 * })
 * @see https://expressjs.com/en/5x/api.html
 */
export function expressAuth(auth: Auth): ExpressAuth {
  const toRequest = (req: ExpressRequest): Promise<Request> => {
    const host = req.get('host')
    const consumed = req.readableEnded || (req as { _body?: boolean })._body === true
    return toWebRequest(req, {
      ...(host && HOST.test(host) ? { origin: `${req.protocol}://${host}` } : {}),
      path: req.originalUrl,
      ...(consumed ? { body: reencodeBody(req.body) ?? new Uint8Array(0) } : {}),
    })
  }
  const setCookies = (res: ExpressResponse, values: string | readonly string[]): void => {
    const list = typeof values === 'string' ? [values] : [...values]
    if (list.length > 0) res.append('Set-Cookie', list)
  }
  return {
    toRequest,
    setCookies,
    async login(req, res, name, options) {
      await sendWebResponse(res, await auth.authorizeRedirect(await toRequest(req), name, options))
    },
    async callback(req, res, name) {
      return finishLogin(auth, await toRequest(req), name, (values) => setCookies(res, values))
    },
  }
}
