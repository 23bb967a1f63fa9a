import { serverError } from '../errors.js'
import { parseClaimsRequest } from '../lib/claims-request.js'
import { createIdToken } from '../lib/id-token.js'
import type { GrantExtension } from '../types.js'

const MAX_NONCE = 512

/**
 * OpenID Connect for the authorization code and refresh token grants: keeps the `nonce` with the
 * code (with the `claims` request parameter) and adds a signed `id_token` to token responses whose scope has `openid`. An ID token
 * issued on refresh carries no `nonce` (OIDC Core §12.2).
 *
 * @example
 * server.registerGrant(authorizationCodeGrant(), [pkceExtension(), openIdExtension()])
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export function openIdExtension(): GrantExtension {
  return {
    name: 'openid',
    onAuthorizationRequest(ctx) {
      if (!ctx.scopes.includes('openid')) return
      if (ctx.params.has('request'))
        throw serverError('request_not_supported', 'request objects are not supported')
      if (ctx.params.has('request_uri')) {
        throw serverError('request_uri_not_supported', 'request_uri is not supported')
      }
      if (ctx.redirectUriOmitted)
        throw serverError('invalid_request', 'redirect_uri is required for OpenID requests')
      const nonce = ctx.params.get('nonce')
      if (nonce !== undefined) {
        if (nonce.length > MAX_NONCE) throw serverError('invalid_request', 'nonce is too long')
        ctx.code.nonce = nonce
      }
      const claims = ctx.params.get('claims')
      if (claims !== undefined) ctx.code.claims = JSON.stringify(parseClaimsRequest(claims))
    },
    async onTokenResponse(ctx, body) {
      if (!ctx.scopes.includes('openid') || !ctx.sub || !ctx.server.keys) return
      body.id_token = await createIdToken(ctx)
    },
  }
}
