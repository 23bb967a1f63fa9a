/**
 * Hono adapter of the client registry. Hono's requests already are Web `Request`s, so this runs
 * on every Fetch runtime (Node with `@hono/node-server`, Deno, Bun, Workers).
 */
import type { Context } from 'hono'
import { finishLogin } from './lib/adapter.js'
import type { Auth, AuthorizeRedirectOptions, AuthorizeResult } from './types.js'

/** The registry's operations on a Hono `Context`. */
export interface HonoAuth {
  /** The 302 to the provider with the transaction cookie; return it from the handler. */
  login(c: Context, name: string, options?: AuthorizeRedirectOptions): Promise<Response>
  /** Finishes the login; the transaction cookie's deletion is set on `c` even when it throws. */
  callback(c: Context, name?: string): Promise<AuthorizeResult>
  /** Adds `Set-Cookie` values to the context's response. */
  setCookies(c: Context, values: string | readonly string[]): void
}

/**
 * Wraps a registry for Hono.
 *
 * @example
 * const web = honoAuth(auth)
 * app.get('/login/:name', (c) => web.login(c, c.req.param('name')))
 * app.get('/callback/:name', async (c) => c.redirect((await web.callback(c, c.req.param('name'))).returnTo))
 * @see https://hono.dev/docs/api/context
 */
export function honoAuth(auth: Auth): HonoAuth {
  const setCookies = (c: Context, values: string | readonly string[]): void => {
    for (const value of typeof values === 'string' ? [values] : values)
      c.header('set-cookie', value, { append: true })
  }
  return {
    setCookies,
    login: (c, name, options) => auth.authorizeRedirect(c.req.raw, name, options),
    callback: (c, name) => finishLogin(auth, c.req.raw, name, (values) => setCookies(c, values)),
  }
}
