/** What every kit route shares, and the few ways a route answers. */
import type { AuthorizationServer } from '../server/authorization-server.js'
import { OAuthServerError } from '../server/errors.js'
import type { Store } from '../storage/store.js'
import type { AccountsAdapter, ResolvedOptions } from './options.js'
import type { PageBase } from './pages/index.js'
import type { PendingSeals } from './pending.js'
import { page } from './respond.js'
import type { SessionCookies, SessionData } from './session.js'

export interface Kit {
  server: AuthorizationServer
  store: Store
  accounts: AccountsAdapter
  options: ResolvedOptions
  sessions: SessionCookies
  pending: PendingSeals
  /** A hash no password matches, so an unknown login costs as much as a wrong password. */
  dummyHash: string
}

/** A kit route: the request, the browser's session and (for POST) the form, already CSRF-checked. */
export type Route = (
  kit: Kit,
  request: Request,
  session: SessionData,
  form: URLSearchParams,
) => Promise<Response>

/** The part of every page's input the kit fills in. */
export function pageBase(kit: Kit, session: SessionData): PageBase {
  return { branding: kit.options.branding, paths: kit.options.paths, csrf: session.csrf }
}

/** A page, saving the session with it (a new session gets its cookie, so its CSRF token holds). */
export async function show(kit: Kit, session: SessionData, body: string, status = 200): Promise<Response> {
  return page(body, status, [await kit.sessions.save(session)])
}

/** The error page. */
export function showError(
  kit: Kit,
  session: SessionData,
  error: string,
  status: number,
  description?: string,
): Promise<Response> {
  const body = kit.options.pages.error({ ...pageBase(kit, session), error, description, status })
  return show(kit, session, body, status)
}

/**
 * An authorization request error: back to the client when its redirect URI was checked, else the
 * error page here (RFC 6749 §4.1.2.1). Anything else is a bug, left to the router's 500 page.
 */
export function authorizationError(kit: Kit, session: SessionData, err: unknown): Promise<Response> {
  if (err instanceof OAuthServerError && err.redirect)
    return Promise.resolve(kit.server.authorizationErrorResponse(err))
  if (err instanceof OAuthServerError)
    return showError(kit, session, err.error, err.status, err.error_description)
  throw err
}
