/**
 * The demo app: home, "Log in with …", the callback, the profile, refresh and logout. Every
 * provider is a generated client; the app never speaks the protocol itself.
 */
import { OAuthError } from '../../runtime/errors.js'
import { errorPage } from '../lib/error-page.js'
import { page, readForm, redirect, sameOrigin, stylesheet } from '../lib/respond.js'
import { homePage, profilePage } from './pages.js'
import type { SignInProvider } from './providers.js'
import { addPending, appSessions, takePending } from './session.js'

/** Builds the demo app's request handler over its sign-in providers. */
export function createDemoApp(
  providers: Map<string, SignInProvider>,
): (request: Request) => Promise<Response> {
  const sessions = appSessions()
  const appError = (error: string, description?: string, status?: number) =>
    errorPage({ brand: 'app', error, description, status })
  const list = [...providers.values()].map((p) => ({ id: p.id, label: p.label }))

  function home(request: Request): Response {
    const { session, setCookie } = sessions.load(request)
    const user = session.data.user
    const body = homePage({
      csrf: session.csrf,
      providers: list,
      user: user ? { name: user.profile.name ?? user.profile.id ?? 'you' } : undefined,
      notice: new URL(request.url).searchParams.get('notice') ?? undefined,
    })
    return page(body, { cookies: [setCookie] })
  }

  async function startLogin(request: Request, id: string): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const provider = providers.get(id)
    if (!provider) return appError('not_found', `no provider "${id}" is configured`, 404)
    const { url, session: authSession } = await provider.start()
    addPending(session.data, { provider: id, session: authSession, startedAt: Date.now() })
    return redirect(url.href)
  }

  async function callback(request: Request, id: string): Promise<Response> {
    const { session } = sessions.load(request)
    const url = new URL(request.url)
    const provider = providers.get(id)
    if (!provider) return appError('not_found', `no provider "${id}" is configured`, 404)
    const pending = takePending(session.data, url.searchParams.get('state'), id)
    if (!pending) {
      return appError(
        'state_mismatch',
        'the state parameter does not match any sign-in started in this browser',
      )
    }
    const error = url.searchParams.get('error')
    if (error) {
      const description = url.searchParams.get('error_description') ?? undefined
      return appError(error, description, 400)
    }
    const tokens = await provider.finish(url, pending.session)
    const profile = await provider.profile(tokens)
    // A new session id at sign-in, so an id planted before sign-in is worth nothing (session fixation).
    const rotated = sessions.rotate(session)
    rotated.session.data.user = { provider: id, tokens, profile }
    rotated.session.data.pending.clear()
    return redirect('/profile', [rotated.setCookie])
  }

  function profile(request: Request): Response {
    const { session, setCookie } = sessions.load(request)
    const user = session.data.user
    if (!user) return redirect('/', [setCookie])
    const body = profilePage({
      csrf: session.csrf,
      providerLabel: providers.get(user.provider)?.label ?? user.provider,
      profile: user.profile,
      tokens: user.tokens,
      now: Math.floor(Date.now() / 1000),
      notice: new URL(request.url).searchParams.get('notice') ?? undefined,
    })
    return page(body)
  }

  async function refresh(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const user = session.data.user
    const provider = user && providers.get(user.provider)
    if (!user || !provider) return redirect('/')
    user.tokens = await provider.refresh(user.tokens)
    return redirect('/profile?notice=refreshed')
  }

  async function logout(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return appError('csrf', undefined, 403)
    const user = session.data.user
    const provider = user && providers.get(user.provider)
    if (user && provider) {
      // Revoking the refresh token ends the whole grant at the provider (RFC 7009 §2.1); the
      // user is signed out of the app whether or not the provider answers.
      await provider.revoke(user.tokens).catch(() => undefined)
    }
    return redirect('/?notice=signed-out', [sessions.destroy(session)])
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
