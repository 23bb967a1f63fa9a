/**
 * RP-initiated logout with a confirmation (OpenID Connect RP-Initiated Logout 1.0 §2): the kit asks
 * the user, clears its session cookie, and hands the request to the server, which checks
 * `id_token_hint` and `post_logout_redirect_uri` and redirects. Asking first stops another site
 * from signing the user out with a bare link.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */

import { pageBase, type Route, show } from './context.js'
import { page, withCookies } from './respond.js'

/** GET and POST `/logout`. */
export const logoutRoute: Route = async (kit, request, session, form) => {
  const confirmed = request.method === 'POST' && form.get('confirm') === 'yes'
  if (!confirmed) {
    const params = request.method === 'POST' ? form : new URL(request.url).searchParams
    const body = kit.options.pages.logout({
      ...pageBase(kit, session),
      step: 'confirm',
      request: params.toString(),
    })
    return show(kit, session, body)
  }
  // The confirmed POST's CSRF token and origin are checked by the router (identity-provider.ts).
  const forwarded = new Request(new URL(kit.options.paths.logout, kit.server.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.get('request') ?? '',
  })
  const answer = await kit.server.handler(forwarded)
  const cleared = kit.sessions.clear()
  if (answer.status !== 200) return withCookies(answer, [cleared])
  // The signed-out page has no form: it only clears the cookie, nothing to save.
  return page(kit.options.pages.logout({ ...pageBase(kit, session), step: 'done' }), 200, [cleared])
}
