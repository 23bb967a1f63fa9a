// Shared by the adapter tests: the app logic behind the routes (the same in every framework, so
// each test exercises only its adapter), the local OpenID Provider, and a browser-like driver.
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { oidc } from '../../generated/providers/oidc.js'
import { type Auth, type AuthTokens, createAuth } from '../../runtime/auth/index.js'
import { OAuthError } from '../../runtime/errors.js'
import {
  CookieJar,
  type LocalProvider,
  loginThroughProvider,
  startOidcProvider,
} from '../helpers/oidc-provider-server.js'
import { SECRET } from './support.js'

/** What every adapter's app shares: the registry and the server-side token store. */
export interface AppEnv {
  auth: Auth
  /** Tokens by session id (the session cookie only carries the id). */
  store: Map<string, AuthTokens>
  userinfoUrl: string
}

export function createEnv(): AppEnv {
  return { auth: createAuth({ secret: SECRET }), store: new Map(), userinfoUrl: '' }
}

/** Login options every app passes: a refresh token needs offline_access and a consent prompt. */
export const LOGIN_OPTIONS = {
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  params: { prompt: 'consent' },
} as const

/** After a successful callback: keep the tokens server-side, put the session id in a sealed cookie. */
export async function startSession(env: AppEnv, request: Request, tokens: AuthTokens): Promise<string> {
  const sid = randomBytes(16).toString('base64url')
  env.store.set(sid, tokens)
  return env.auth.setSession(request, { sid })
}

async function sessionTokens(
  env: AppEnv,
  request: Request,
): Promise<{ sid: string; tokens: AuthTokens } | undefined> {
  const session = await env.auth.getSession(request)
  const sid = typeof session?.['sid'] === 'string' ? session['sid'] : undefined
  const tokens = sid ? env.store.get(sid) : undefined
  return sid && tokens ? { sid, tokens } : undefined
}

/** The profile page's data: normalized profile, UserInfo, and UserInfo again through the authenticated fetch. */
export async function profileData(env: AppEnv, request: Request): Promise<{ status: number; body: unknown }> {
  const current = await sessionTokens(env, request)
  if (!current) return { status: 401, body: { error: 'not_logged_in' } }
  const { sid, tokens } = current
  const profile = await env.auth.profile('local', tokens)
  const userinfo = await env.auth.userinfo('local', tokens)
  const api = env.auth.fetch('local', tokens, { onTokens: (t) => void env.store.set(sid, t) })
  const res = await api(env.userinfoUrl)
  return {
    status: 200,
    body: {
      profile,
      userinfo,
      fetched: { status: res.status, body: await res.json() },
      renewed: api.current().accessToken !== tokens.accessToken,
      claims: tokens.claims,
    },
  }
}

/** Logout: the provider's end-session URL (or '/'), and the cookie deleting the session. */
export async function logoutData(
  env: AppEnv,
  request: Request,
): Promise<{ location: string; setCookie: string }> {
  const current = await sessionTokens(env, request)
  if (current) env.store.delete(current.sid)
  const url = await env.auth.logout('local', current ? { tokens: current.tokens, revoke: true } : {})
  return { location: url?.href ?? '/', setCookie: env.auth.clearSession(request) }
}

/** The error body apps render for a failed callback. */
export function errorBody(err: unknown): { status: number; body: { code: string; error: string } } {
  if (err instanceof OAuthError) return { status: 400, body: { code: err.code, error: err.error } }
  return { status: 500, body: { code: 'INTERNAL', error: String(err) } }
}

/** Starts the local OpenID Provider for an app at `base`, and registers the generated `oidc` client. */
export async function connectProvider(env: AppEnv, base: string): Promise<LocalProvider> {
  // An access token that is always within the 30 s leeway, so the authenticated fetch refreshes.
  const op = await startOidcProvider({ redirectUri: `${base}/callback/local`, ttl: { AccessToken: 20 } })
  const client = op.clients.confidential
  env.auth.register('local', oidc, {
    issuer: op.issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUri: client.redirectUri,
  })
  const metadata = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    string
  >
  env.userinfoUrl = metadata['userinfo_endpoint']!
  return op
}

/** One request as a browser makes it to the app: cookies in and out, redirects not followed. */
async function visit(jar: CookieJar, url: string | URL): Promise<Response> {
  const cookie = jar.header()
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  jar.store(res.headers)
  return res
}

/** Logs in through the app and the provider, then checks profile, fetch, replay and logout. */
export async function runLoginFlow(base: string, op: LocalProvider, env: AppEnv): Promise<void> {
  const jar = new CookieJar()
  const start = await visit(jar, `${base}/login/local?next=/profile`)
  expect(start.status).toBe(302)
  expect(jar.size).toBe(1)
  const txCookie = start.headers.getSetCookie()[0]!
  expect(txCookie).toMatch(/^authspec-tx-[\w-]{16}=.+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/)

  const callbackUrl = await loginThroughProvider(start.headers.get('location')!, op.user)
  expect(callbackUrl.searchParams.get('iss')).toBe(op.issuer)
  const done = await visit(jar, callbackUrl)
  expect(done.status).toBe(302)
  expect(done.headers.get('location')).toBe('/profile')
  expect(jar.size).toBe(1) // the transaction cookie is gone, the session cookie is there

  const profile = await visit(jar, `${base}/profile`)
  expect(profile.status).toBe(200)
  const body = (await profile.json()) as {
    profile: { id: string; name: string; email: string; emailVerified: boolean }
    userinfo: { sub: string; email: string }
    fetched: { status: number; body: { sub: string } }
    renewed: boolean
    claims: { sub: string; iss: string; nonce: string }
  }
  expect(body.profile).toMatchObject({
    id: op.user.sub,
    name: 'Alice Liddell',
    email: 'alice@example.test',
    emailVerified: true,
  })
  expect(body.userinfo).toMatchObject({ sub: op.user.sub, email: 'alice@example.test' })
  expect(body.fetched).toEqual({ status: 200, body: expect.objectContaining({ sub: op.user.sub }) })
  expect(body.renewed).toBe(true)
  expect(body.claims).toMatchObject({ sub: op.user.sub, iss: op.issuer })
  expect(body.claims.nonce).toEqual(expect.any(String))

  // The same authorization response again: its transaction is spent.
  const replay = await visit(jar, callbackUrl)
  expect(replay.status).toBe(400)
  expect(await replay.json()).toEqual({ code: 'MISSING_STATE', error: 'missing_transaction' })

  const [held] = [...env.store.values()]
  expect(held?.refreshToken).toEqual(expect.any(String))
  const logout = await visit(jar, `${base}/logout`)
  expect(logout.status).toBe(302)
  const endSession = new URL(logout.headers.get('location')!)
  expect(endSession.origin).toBe(op.issuer)
  expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  expect(endSession.searchParams.get('client_id')).toBe(op.clients.confidential.clientId)
  expect(jar.size).toBe(0)
  const confirm = await fetch(endSession, { redirect: 'manual' })
  expect(confirm.status).toBe(200)
  expect((await visit(jar, `${base}/profile`)).status).toBe(401)
  // logout revoked the refresh token at the provider
  const afterLogout = await env.auth.refresh('local', held!).then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(afterLogout).toBeInstanceOf(OAuthError)
  expect((afterLogout as OAuthError).error).toBe('invalid_grant')
  expect(op.serverErrors).toEqual([])
}

/** A denied consent and a forged state reach the app as typed errors, and leave no cookie behind. */
export async function runFailureFlows(base: string, op: LocalProvider): Promise<void> {
  const jar = new CookieJar()
  const denied = await visit(jar, `${base}/login/local`)
  const deniedCallback = await loginThroughProvider(denied.headers.get('location')!, {
    ...op.user,
    consent: 'deny',
  })
  expect(deniedCallback.searchParams.get('error')).toBe('access_denied')
  const deniedRes = await visit(jar, deniedCallback)
  expect(deniedRes.status).toBe(400)
  expect(await deniedRes.json()).toEqual({ code: 'OAUTH_AUTHORIZATION_ERROR', error: 'access_denied' })
  expect(jar.size).toBe(0)

  const started = await visit(jar, `${base}/login/local`)
  const callback = await loginThroughProvider(started.headers.get('location')!, op.user)
  const forged = new URL(callback)
  forged.searchParams.set('state', `${callback.searchParams.get('state')}x`)
  const forgedRes = await visit(jar, forged)
  expect(forgedRes.status).toBe(400)
  expect(await forgedRes.json()).toEqual({ code: 'MISSING_STATE', error: 'missing_transaction' })
  expect(jar.size).toBe(1) // the real transaction is untouched and still completes
  expect((await visit(jar, callback)).status).toBe(302)
  expect(op.serverErrors).toEqual([])
}
