/**
 * Local ID: the runtime's AuthorizationServer and OpenID Provider with a sign-in page, a consent
 * page and error pages around the consent split (`validateConsentRequest` /
 * `createAuthorizationResponse`). Every other path (token, userinfo, JWKS, discovery, revocation,
 * introspection) goes to the server's own router.
 */

import { html } from '../../runtime/idp/pages/html.js'
import {
  type AuthorizationServer,
  type ConsentRequest,
  createAuthorizationServer,
  OAuthServerError,
  type SigningKeys,
} from '../../runtime/server/index.js'
import type { Store } from '../../runtime/storage/store.js'
import { errorPage } from '../lib/error-page.js'
import { page, readForm, redirect, sameOrigin, stylesheet } from '../lib/respond.js'
import { type Session, SessionStore } from '../lib/sessions.js'
import { accountPage, consentPage, loginPage } from './pages.js'
import { DEMO_USER } from './seed.js'
import type { UserDirectory } from './users.js'

interface SignedInUser {
  sub: string
  username: string
  name: string
  /** Epoch seconds. */
  authTime: number
}

interface IdSession {
  user?: SignedInUser | undefined
  /** The authorization request the user just signed in for (satisfies `prompt=login` once). */
  signedInFor?: string | undefined
}

export interface LocalIdOptions {
  issuer: string
  store: Store
  users: UserDirectory
  keys: SigningKeys
  /** Show the demo credentials under the sign-in form. */
  showDemoCredentials?: boolean | undefined
}

export interface LocalId {
  server: AuthorizationServer
  handler: (request: Request) => Promise<Response>
}

/** Builds Local ID's request handler. */
export function createLocalId(o: LocalIdOptions): LocalId {
  const sessions = new SessionStore<IdSession>('localid_sid', () => ({}))
  const server = createAuthorizationServer({
    issuer: o.issuer,
    store: o.store,
    keys: o.keys,
    findUserClaims: (sub) => o.users.claims(sub),
  })
  const authorizeUrl = new URL('authorize', o.issuer.endsWith('/') ? o.issuer : `${o.issuer}/`)
  const hint = o.showDemoCredentials
    ? html`<p class="hint">Demo account: <code>${DEMO_USER.username}</code> / <code>${DEMO_USER.password}</code></p>`
    : undefined
  const idError = (error: string, description?: string, status?: number) =>
    errorPage({ brand: 'id', error, description, status })

  function renderLogin(
    session: Session<IdSession>,
    request: string,
    consent: ConsentRequest | undefined,
    extra: { username?: string; error?: string; status?: number; cookie?: string | undefined } = {},
  ): Response {
    const body = loginPage({
      csrf: session.csrf,
      request,
      clientName: consent?.client.clientName ?? consent?.client.clientId,
      username: extra.username,
      error: extra.error,
      hint,
    })
    return page(body, { status: extra.status ?? 200, cookies: [extra.cookie] })
  }

  /** Errors the client may hear about go back to it; the rest (bad client or redirect URI) are shown here. */
  function authorizationError(err: unknown): Response {
    if (err instanceof OAuthServerError && err.redirect) return server.authorizationErrorResponse(err)
    if (err instanceof OAuthServerError) return idError(err.error, err.error_description, err.status)
    return idError('server_error', undefined, 500)
  }

  async function authorize(request: Request): Promise<Response> {
    const { session, setCookie } = sessions.load(request)
    const query = new URL(request.url).search.slice(1)
    let consent: ConsentRequest
    try {
      consent = await server.validateConsentRequest(request)
    } catch (err) {
      return authorizationError(err)
    }
    const user = session.data.user
    if (consent.prompt.includes('none')) {
      const granted = user ? await o.store.getConsent(user.sub, consent.client.clientId) : undefined
      const covered = granted && consent.scopes.every((s) => granted.scope.split(' ').includes(s))
      if (!user)
        return server.createAuthorizationResponse(consent, { approved: false, error: 'login_required' })
      if (!covered)
        return server.createAuthorizationResponse(consent, { approved: false, error: 'consent_required' })
      return server.createAuthorizationResponse(consent, { approved: true, user: toUser(user) })
    }
    const mustSignIn = !user || (consent.prompt.includes('login') && session.data.signedInFor !== query)
    if (mustSignIn) return renderLogin(session, query, consent, { cookie: setCookie })
    session.data.signedInFor = undefined
    const body = consentPage({ csrf: session.csrf, request: query, consent, user })
    return page(body, { cookies: [setCookie] })
  }

  async function login(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return idError('csrf', undefined, 403)
    const query = new URLSearchParams(form.get('request') ?? '').toString()
    const username = (form.get('username') ?? '').trim()
    const sub = await o.users.authenticate(username, form.get('password') ?? '')
    if (!sub) {
      let consent: ConsentRequest | undefined
      try {
        consent = await server.validateConsentRequest(new Request(`${authorizeUrl.href}?${query}`))
      } catch {
        consent = undefined
      }
      return renderLogin(session, query, consent, {
        username,
        error: 'That username and password don’t match. Check them and try again.',
        status: 401,
      })
    }
    const claims = await o.users.claims(sub)
    const rotated = sessions.rotate(session)
    rotated.session.data = {
      user: {
        sub,
        username,
        name: String(claims?.name ?? username),
        authTime: Math.floor(Date.now() / 1000),
      },
      signedInFor: query,
    }
    const next = query === '' ? '/' : `${authorizeUrl.pathname}?${query}`
    return redirect(next, [rotated.setCookie])
  }

  async function decide(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return idError('csrf', undefined, 403)
    const query = new URLSearchParams(form.get('request') ?? '').toString()
    const authRequest = new Request(`${authorizeUrl.href}?${query}`)
    const user = session.data.user
    if (!user) return renderLogin(session, query, undefined)
    let consent: ConsentRequest
    try {
      consent = await server.validateConsentRequest(authRequest)
    } catch (err) {
      return authorizationError(err)
    }
    if (form.get('decision') !== 'allow') {
      return server.createAuthorizationResponse(consent, { approved: false, error: 'access_denied' })
    }
    await o.store.saveConsent({
      sub: user.sub,
      clientId: consent.client.clientId,
      scope: consent.scopes.join(' '),
      grantedAt: Math.floor(Date.now() / 1000),
    })
    return server.createAuthorizationResponse(consent, { approved: true, user: toUser(user) })
  }

  async function logout(request: Request): Promise<Response> {
    const { session } = sessions.load(request)
    const form = await readForm(request)
    if (!sameOrigin(request) || !sessions.verifyCsrf(session, form)) return idError('csrf', undefined, 403)
    return redirect('/', [sessions.destroy(session)])
  }

  function account(request: Request): Response {
    const { session, setCookie } = sessions.load(request)
    return page(accountPage({ csrf: session.csrf, user: session.data.user }), { cookies: [setCookie] })
  }

  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    try {
      if (request.method === 'GET' && path === authorizeUrl.pathname) return await authorize(request)
      if (request.method === 'POST' && path === '/login') return await login(request)
      if (request.method === 'POST' && path === '/consent') return await decide(request)
      if (request.method === 'POST' && path === '/logout') return await logout(request)
      if (request.method === 'GET' && path === '/') return account(request)
      if (request.method === 'GET' && path === '/styles.css') return stylesheet()
      const response = await server.handler(request)
      if (
        response.status === 404 &&
        request.method === 'GET' &&
        request.headers.get('accept')?.includes('text/html')
      )
        return idError('not_found', undefined, 404)
      return response
    } catch {
      return idError('server_error', undefined, 500)
    }
  }
  return { server, handler }
}

function toUser(user: SignedInUser) {
  return { sub: user.sub, authTime: user.authTime }
}
