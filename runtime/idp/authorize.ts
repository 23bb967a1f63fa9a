/**
 * The interactive authorization endpoint: account choice, login, consent, then the server's own
 * redirect. The request is validated again at every step (from its sealed parameters), so each
 * decision sees the current session and clock: a `max_age` that lapsed while the consent page was
 * open sends the user to the login form, never to a 500.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
import { ArgumentError } from '../errors.js'
import type { ConsentRequest } from '../server/types.js'
import { authorizationError, type Kit, pageBase, type Route, show, showError } from './context.js'
import { clientLabel } from './pages/client.js'
import { verifyPassword } from './passwords.js'
import type { Pending } from './pending.js'
import { redirect, withCookies } from './respond.js'
import {
  authenticatedUser,
  currentAccount,
  type SessionAccount,
  type SessionData,
  signIn,
} from './session.js'

type AuthorizePending = Extract<Pending, { kind: 'authorize' }>

/** GET and POST `/authorize`. */
export const authorizeRoute: Route = async (kit, request, session) => {
  const requestTime = Math.floor(kit.options.now() / 1000)
  const consent = await validate(kit, session, request, requestTime)
  if (consent instanceof Response) return consent
  const pending: AuthorizePending = { kind: 'authorize', parameters: consent.parameters, requestTime }
  if (consent.prompt.includes('select_account') && session.accounts.length > 0) {
    const body = kit.options.pages.selectAccount({
      ...pageBase(kit, session),
      pending: await kit.pending.seal(pending),
      clientName: clientLabel(consent.client),
      accounts: session.accounts.map((a) => ({ sub: a.sub, name: a.name, login: a.login })),
    })
    return show(kit, session, body)
  }
  return proceed(kit, session, consent, pending, false)
}

/** POST `/login`: checks the password, then goes on with what the form was for. */
export const loginRoute: Route = async (kit, _request, session, form) => {
  const pending = await kit.pending.open(form)
  const login = (form.get('username') ?? '').trim()
  const password = form.get('password') ?? ''
  const account = login === '' ? undefined : await kit.accounts.findByLogin(login)
  const ok = await verifyPassword(password, account?.passwordHash ?? kit.dummyHash)
  if (!ok || !account) {
    const error = 'That username and password don’t match. Check them and try again.'
    return loginPage(kit, session, pending, { login, error, status: 401 })
  }
  const authTime = Math.floor(kit.options.now() / 1000)
  const signedIn = signIn(session, { sub: account.sub, login, name: account.name ?? login, authTime })
  if (pending?.kind === 'authorize') return resume(kit, signedIn, pending, true)
  const cookie = await kit.sessions.save(signedIn)
  if (pending?.kind === 'device') {
    const query = pending.userCode ? `?user_code=${encodeURIComponent(pending.userCode)}` : ''
    return redirect(`${kit.options.paths.device}${query}`, [cookie])
  }
  return redirect(kit.options.paths.home, [cookie])
}

/** POST `/select-account`: `prompt=select_account` answered with an account, or "another one". */
export const selectAccountRoute: Route = async (kit, _request, session, form) => {
  const pending = await kit.pending.open(form)
  if (pending?.kind !== 'authorize')
    return showError(kit, session, 'invalid_request', 400, 'the form expired')
  const chosen = session.accounts.find((a) => a.sub === form.get('account'))
  if (!chosen) return loginPage(kit, session, pending, {})
  return resume(kit, { ...session, current: chosen.sub }, pending, false)
}

/** POST `/consent`: the user's answer, checked against the request as it stands now. */
export const consentRoute: Route = async (kit, _request, session, form) => {
  const pending = await kit.pending.open(form)
  if (pending?.kind !== 'authorize')
    return showError(kit, session, 'invalid_request', 400, 'the form expired')
  const account = currentAccount(session)
  const consent = await validate(kit, session, pending.parameters, pending.requestTime)
  if (consent instanceof Response) return consent
  if (!account || consent.loginRequired) return loginPage(kit, session, pending, { consent })
  if (form.get('decision') !== 'allow')
    return kit.server.createAuthorizationResponse(consent, { approved: false, error: 'access_denied' })
  return approve(kit, session, consent, account, pending)
}

/** Validates the pending request again for the session as it is now, and goes on. */
async function resume(
  kit: Kit,
  session: SessionData,
  pending: AuthorizePending,
  justSignedIn: boolean,
): Promise<Response> {
  const consent = await validate(kit, session, pending.parameters, pending.requestTime)
  if (consent instanceof Response) return consent
  return proceed(kit, session, consent, pending, justSignedIn)
}

/**
 * The request (as it arrived, or rebuilt from a pending request's parameters) checked against the
 * session and clock now; an error answers as `authorizationError` does.
 */
async function validate(
  kit: Kit,
  session: SessionData,
  request: Request | string,
  requestTime: number,
): Promise<ConsentRequest | Response> {
  const account = currentAccount(session)
  try {
    return await kit.server.validateConsentRequest(request, {
      user: account && authenticatedUser(account),
      requestTime,
    })
  } catch (err) {
    return authorizationError(kit, session, err)
  }
}

/**
 * Login when needed, consent when needed, else the code. Right after a sign-in a login still
 * "required" is an `id_token_hint` naming someone else or an essential `acr` a password cannot
 * give: the approval then goes back to the client as `login_required` / `access_denied`.
 */
async function proceed(
  kit: Kit,
  session: SessionData,
  consent: ConsentRequest,
  pending: AuthorizePending,
  justSignedIn: boolean,
): Promise<Response> {
  const account = currentAccount(session)
  if (!account || (consent.loginRequired && !justSignedIn))
    return loginPage(kit, session, pending, { consent })
  if (consent.consentRequired && !consent.loginRequired) {
    const body = kit.options.pages.consent({
      ...pageBase(kit, session),
      pending: await kit.pending.seal(pending),
      consent,
      user: { name: account.name, login: account.login },
    })
    return show(kit, session, body)
  }
  return approve(kit, session, consent, account, pending)
}

/**
 * The server's redirect with the code, saving the session (a sign-in or account choice made for
 * this request); the server stores the consent the account page lists. The server
 * refuses (ArgumentError, the only one the kit's decisions can meet) an `auth_time` that `max_age`
 * no longer allows, which happens when the clock passes a second between the check and the approval
 * (`max_age=0` right after a sign-in): that is a fresh login, like any lapse.
 */
async function approve(
  kit: Kit,
  session: SessionData,
  consent: ConsentRequest,
  account: SessionAccount,
  pending: AuthorizePending,
): Promise<Response> {
  let response: Response
  try {
    response = await kit.server.createAuthorizationResponse(consent, {
      approved: true,
      user: authenticatedUser(account),
    })
  } catch (err) {
    if (err instanceof ArgumentError && consent.maxAge !== undefined)
      return loginPage(kit, session, pending, { consent })
    throw err
  }
  return withCookies(response, [await kit.sessions.save(session)])
}

/** The login form, carrying the pending request (if any). */
export async function loginPage(
  kit: Kit,
  session: SessionData,
  pending: Pending | undefined,
  extra: { consent?: ConsentRequest; login?: string; error?: string; status?: number },
): Promise<Response> {
  const body = kit.options.pages.login({
    ...pageBase(kit, session),
    pending: pending ? await kit.pending.seal(pending) : undefined,
    clientName: extra.consent && clientLabel(extra.consent.client),
    login: extra.login ?? extra.consent?.loginHint,
    error: extra.error,
  })
  return show(kit, session, body, extra.status ?? 200)
}
