import { ArgumentError } from '../../errors.js'
import { serverError } from '../errors.js'
import { essentialAcrValues, parseClaimsRequest, satisfiesEssentialAcr } from '../lib/claims-request.js'
import { parseScope } from '../lib/scope.js'
import type { AuthenticatedUser, AuthorizationRequestContext } from '../types.js'

/** What the OpenID request says the app must do before approving it. */
export interface OidcRequirements {
  /**
   * No signed-in user, `prompt=login`, `max_age` exceeded, `id_token_hint` names someone else, or
   * the user's `acr` misses an essential `acr` request.
   */
  loginRequired: boolean
  /** `prompt=consent`, or no stored consent covers the requested scopes. */
  consentRequired: boolean
}

/**
 * Decides what an authorization request needs from the app given the user it has signed in (OIDC
 * Core §3.1.2.1): re-authentication for `prompt=login`, an old `auth_time` under `max_age`, an
 * `id_token_hint` naming another user, or an `acr` short of an essential `acr` request (a step-up,
 * §5.5.1.1); consent for `prompt=consent` or scopes not yet consented (checked against the
 * Store). With `prompt=none` either need is an error redirected to the
 * client: `login_required` or `consent_required` (§3.1.2.6). `prompt=login` is satisfied by a
 * sign-in at or after `requestTime` (epoch seconds the request first reached the app), so the
 * request can go on once the user signed in for it.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export async function assessOidcRequest(
  ctx: AuthorizationRequestContext,
  user: AuthenticatedUser | undefined,
  requestTime?: number | undefined,
): Promise<OidcRequirements> {
  const prompt = ctx.prompt
  const signedInForRequest =
    requestTime !== undefined && user?.authTime !== undefined && user.authTime >= requestTime
  const loginRequired =
    user === undefined ||
    (prompt.includes('login') && !signedInForRequest) ||
    mustReauthenticate(ctx, user) ||
    !satisfiesEssentialAcr(user.acr, essentialAcr(ctx))
  let consentRequired = prompt.includes('consent')
  if (!consentRequired && user !== undefined) {
    const stored = await ctx.server.store.getConsent(user.sub, ctx.client.clientId)
    const granted = parseScope(stored?.scope)
    consentRequired = stored === undefined || ctx.scopes.some((s) => !granted.includes(s))
  }
  if (prompt.includes('none')) {
    if (loginRequired) throw redirected(ctx, 'login_required', loginReason(ctx, user))
    if (consentRequired)
      throw redirected(ctx, 'consent_required', 'the end-user has not consented to this request')
  }
  return { loginRequired, consentRequired }
}

/**
 * Checks an approval against the request before anything is issued: the user must match
 * `id_token_hint`, and `auth_time` must satisfy `max_age` (with `prompt=none`, both are
 * `login_required`; consent must be on record). An `acr` that misses an essential `acr` request
 * is a failed authentication: `access_denied`, and no token claims it (OIDC Core §5.5.1.1). Throws `ArgumentError` when the app approved a
 * request whose `max_age` it did not honour.
 */
export async function assertApprovalFits(
  ctx: AuthorizationRequestContext,
  user: AuthenticatedUser,
): Promise<void> {
  if (ctx.idTokenHintSub !== undefined && ctx.idTokenHintSub !== user.sub) {
    throw redirected(ctx, 'login_required', 'the signed-in end-user is not the one id_token_hint names')
  }
  if (!satisfiesEssentialAcr(user.acr, essentialAcr(ctx))) {
    throw redirected(ctx, 'access_denied', 'the authentication does not meet the essential acr requested')
  }
  if (ctx.prompt.includes('none')) {
    await assessOidcRequest(ctx, user)
    return
  }
  if (ctx.maxAge !== undefined && mustReauthenticate(ctx, user)) {
    throw new ArgumentError(
      '"decision.user.authTime" is older than max_age allows: re-authenticate the end-user',
    )
  }
}

function essentialAcr(ctx: AuthorizationRequestContext): string[] | undefined {
  return ctx.code.claims === undefined ? undefined : essentialAcrValues(parseClaimsRequest(ctx.code.claims))
}

function mustReauthenticate(ctx: AuthorizationRequestContext, user: AuthenticatedUser): boolean {
  if (ctx.idTokenHintSub !== undefined && ctx.idTokenHintSub !== user.sub) return true
  if (ctx.maxAge === undefined) return false
  return user.authTime === undefined || ctx.server.now() - user.authTime > ctx.maxAge
}

function loginReason(ctx: AuthorizationRequestContext, user: AuthenticatedUser | undefined): string {
  if (user === undefined) return 'the end-user must sign in'
  if (ctx.idTokenHintSub !== undefined && ctx.idTokenHintSub !== user.sub) {
    return 'the signed-in end-user is not the one id_token_hint names'
  }
  if (!satisfiesEssentialAcr(user.acr, essentialAcr(ctx))) {
    return 'the authentication does not meet the essential acr requested'
  }
  return 'the authentication is older than max_age allows'
}

function redirected(ctx: AuthorizationRequestContext, error: string, description: string) {
  return serverError(error, description, {
    redirect: { redirectUri: ctx.redirectUri, state: ctx.state, responseMode: ctx.responseMode },
  })
}
