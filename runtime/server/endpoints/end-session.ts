import { OAuthServerError, serverError } from '../errors.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { fromWebResponse } from '../lib/core-http.js'
import { findClient } from '../lib/find-client.js'
import { verifyIdTokenHint } from '../lib/id-token-hint.js'
import { queryOrFormParams } from '../lib/params.js'
import { matchRedirectUri } from '../lib/redirect-uri.js'
import { errorPage, PAGE_HEADERS, redirectResponse } from '../lib/responses.js'
import type { ServerContext } from '../types.js'

/** What the app's `endSession` hook receives. */
export interface EndSessionRequest {
  /** The end-user the `id_token_hint` names, when one was sent and verified. */
  sub?: string | undefined
  /** The client that asked, from `id_token_hint` or `client_id`. */
  clientId?: string | undefined
  request: Request
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): verifies `id_token_hint` (our
 * signature and issuer; an expired hint is accepted), lets the app end its session through the
 * `endSession` hook, then redirects to a registered `post_logout_redirect_uri` with `state`, or
 * shows a signed-out page. The target must be registered, as a string (`matchRedirectUri`); any
 * other gets an error page, never a redirect.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function endSessionEndpoint(
  server: ServerContext,
  request: CoreRequest,
  hook: ((req: EndSessionRequest) => Promise<Response | undefined>) | undefined,
): Promise<CoreResponse> {
  try {
    if (!hook) return errorPage('invalid_request', 'logout is not configured', 404)
    const { params, repeated } = await queryOrFormParams(request, server.maxBodyBytes, () =>
      serverError('invalid_request', 'use GET or POST', { status: 405 }),
    )
    if (repeated.length > 0) throw serverError('invalid_request', 'repeated parameters are not allowed')

    let sub: string | undefined
    let clientId = params.get('client_id')
    const hint = params.get('id_token_hint')
    if (hint !== undefined) {
      const claims = await verifyIdTokenHint(server, hint)
      if (!claims)
        throw serverError('invalid_request', 'id_token_hint is not a valid ID token from this server')
      if (clientId !== undefined && clientId !== claims.aud) {
        throw serverError('invalid_request', 'client_id does not match id_token_hint')
      }
      sub = claims.sub
      clientId = claims.aud
    }
    const target = params.get('post_logout_redirect_uri')
    if (target !== undefined) {
      const client = clientId === undefined ? undefined : await findClient(server, clientId)
      // Compared as strings, like redirect URIs: a parsed and re-serialised variant is another URI.
      if (!matchRedirectUri(target, client?.postLogoutRedirectUris ?? [])) {
        throw serverError('invalid_request', 'post_logout_redirect_uri is not registered for this client')
      }
    }
    const answer = await hook({ sub, clientId, request: request.toRequest() })
    if (answer) return await fromWebResponse(answer)
    if (target !== undefined) return redirectResponse(target, { state: params.get('state') })
    return {
      status: 200,
      headers: PAGE_HEADERS,
      body: '<!doctype html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><h1>You are signed out</h1></body></html>',
    }
  } catch (err) {
    if (err instanceof OAuthServerError)
      return errorPage(err.error, err.error_description, err.status, err.headers)
    return errorPage('server_error', 'the request could not be processed', 500)
  }
}
