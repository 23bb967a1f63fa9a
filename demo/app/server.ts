/**
 * The demo app: home, "Log in with …", the callback, the profile, refresh and logout. The
 * protocol is all `runtime/auth` over generated clients: sealed transaction cookies (state, PKCE
 * verifier, nonce, provider), ID token validation, refresh and revocation.
 */
import type { Auth } from '../../runtime/auth/index.js'
import { OAuthError } from '../../runtime/errors.js'
import { readForm, sameOrigin } from '../../runtime/idp/respond.js'
import { errorPage } from '../lib/error-page.js'
import { page, redirect, stylesheet, withCookies } from '../lib/respond.js'
import { homePage, profilePage } from './pages.js'
import type { SignInOption } from './providers.js'
import { appSessions } from './session.js'

/** Builds the demo app's request handler over the registry and its buttons. */
export function createDemoApp(auth: Auth, options: SignInOption[]): (request: Request) => Promise<Response> {
  const sessions = appSessions()
  const byId = new Map(options.map((o) => [o.id, o]))
  const appError = (error: string, description?: string, status?: number) =>
    errorPage({ error, description, status })
  const noticeOf = (request: Request) => new URL(request.url).searchParams.get('notice') ?? undefined

  function home(request: Request): Response {
    const { session, setCookie } = sessions.load(request)
    const user = session.data.user
    const body = homePage({
      csrf: session.csrf,
      providers: options.map((o) => ({ id: o.id, label: o.label })),
      user: user ? { name: user.profile.name ?? user.profile.id } : undefined,
      notice: noticeOf(request),
    })
    return page(body, { cookies: [setCookie] })
  }

  async function startLogin(request: Request, id: string): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const option = byId.get(id)
    if (!option) return appError('not_found', `no provider "${id}" is configured`, 404)
    return auth.authorizeRedirect(request, id, { ...option.redirect, returnTo: '/profile' })
  }

  async function callback(request: Request, id: string): Promise<Response> {
    const { session } = sessions.load(request)
    if (!byId.has(id)) return appError('not_found', `no provider "${id}" is configured`, 404)
    try {
      const result = await auth.authorizeAccessToken(request, id)
      const profile = await auth.profile(id, result.tokens)
      // A new session id at sign-in, so an id planted before sign-in is worth nothing (session fixation).
      const rotated = sessions.rotate(session)
      rotated.session.data.user = {
        provider: id,
        tokens: result.tokens,
        profile,
        claims: result.idTokenClaims,
      }
      return withCookies(redirect(result.returnTo, [rotated.setCookie]), result.headers.getSetCookie())
    } catch (err) {
      const cleared = await auth.clearTransaction(request)
      const response =
        err instanceof OAuthError
          ? appError(err.error, err.error_description, 400)
          : appError('server_error', 'the app could not finish the sign-in', 500)
      return withCookies(response, cleared.getSetCookie())
    }
  }

  function profile(request: Request): Response {
    const { session, setCookie } = sessions.load(request)
    const user = session.data.user
    if (!user) return redirect('/', [setCookie])
    const body = profilePage({
      csrf: session.csrf,
      providerLabel: byId.get(user.provider)?.label ?? user.provider,
      profile: user.profile,
      claims: user.claims,
      tokens: user.tokens,
      now: Math.floor(Date.now() / 1000),
      notice: noticeOf(request),
    })
    return page(body)
  }

  async function refresh(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const user = session.data.user
    if (!user) return redirect('/')
    user.tokens = await auth.refresh(user.provider, user.tokens)
    return redirect('/profile?notice=refreshed')
  }

  async function logout(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const user = session.data.user
    const cleared = sessions.destroy(session)
    const home = new URL('/?notice=signed-out', request.url).href
    if (!user) return redirect(home, [cleared])
    // Revoking the refresh token ends the whole grant at the provider (RFC 7009 §2.1). Providers
    // with RP-initiated logout get the user next; the app's session is gone either way.
    const endSession = await auth
      .logout(user.provider, { tokens: user.tokens, revoke: true, postLogoutRedirectUri: home })
      .catch(() => undefined)
    return redirect(endSession?.href ?? home, [cleared])
  }

  return async (request) => {
    const { pathname } = new URL(request.url)
    const [, first, second] = pathname.split('/')
    try {
      if (request.method === 'GET' && pathname === '/') return home(request)
      if (request.method === 'GET' && pathname === '/styles.css') return stylesheet()
      if (request.method === 'GET' && pathname === '/profile') return profile(request)
      if (request.method === 'POST' && pathname === '/refresh') return await refresh(request)
      if (request.method === 'POST' && pathname === '/logout') return await logout(request)
      if (request.method === 'POST' && first === 'login' && second) return await startLogin(request, second)
      if (request.method === 'GET' && first === 'callback' && second) return await callback(request, second)
      return appError('not_found', undefined, 404)
    } catch (err) {
      if (err instanceof OAuthError) return appError(err.error, err.error_description, 400)
      return appError('server_error', 'the app could not finish the request', 500)
    }
  }
}
