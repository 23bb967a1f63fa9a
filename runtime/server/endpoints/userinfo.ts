import { errorToResponse, serverError } from '../errors.js'
import { bearerError, extractBearerToken, validateAccessToken } from '../lib/bearer.js'
import { claimsForScopes } from '../lib/claims.js'
import { jsonResponse } from '../lib/responses.js'
import type { ServerContext } from '../types.js'

/**
 * The OIDC UserInfo endpoint (GET and POST, JSON). The token must carry `openid`; the claims
 * returned are those the granted scopes allow, always with `sub`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function userinfoEndpoint(server: ServerContext, request: Request): Promise<Response> {
  try {
    if (request.method !== 'GET' && request.method !== 'POST') {
      throw serverError('invalid_request', 'the userinfo endpoint accepts GET and POST', {
        status: 405,
        headers: { allow: 'GET, POST' },
      })
    }
    const token = await extractBearerToken(request, {
      realm: server.realm,
      allowBodyToken: true,
      maxBodyBytes: server.maxBodyBytes,
    })
    const info = await validateAccessToken(server.store, token, {
      realm: server.realm,
      now: server.now(),
      scopes: ['openid'],
    })
    if (info.sub === undefined) throw bearerError(server.realm, 'invalid_token', 'the token has no end-user')
    const user = await server.findUserClaims(info.sub)
    if (!user) throw bearerError(server.realm, 'invalid_token', 'the end-user no longer exists')
    return jsonResponse({ ...claimsForScopes(user, info.scopes), sub: info.sub })
  } catch (err) {
    return errorToResponse(err)
  }
}
