import { asServerError, serverError } from '../errors.js'
import { findAccessTokenRecord } from '../lib/access-token-record.js'
import { accessTokenInfo, bearerError, extractBearerToken } from '../lib/bearer.js'
import { claimsForScopes } from '../lib/claims.js'
import { addRequestedClaims, parseClaimsRequest } from '../lib/claims-request.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { findClient } from '../lib/find-client.js'
import { jsonResponse, NO_STORE } from '../lib/responses.js'
import type { ServerContext } from '../types.js'

/**
 * The OIDC UserInfo endpoint (GET and POST). The token must carry `openid`; the claims returned
 * are those the granted scopes allow plus those named in `claims.userinfo` (OIDC Core §5.5),
 * always with `sub`. JSON, or a signed JWT (`application/jwt`, with `iss` and `aud`) when the
 * client registered `userinfo_signed_response_alg`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function userinfoEndpoint(server: ServerContext, request: CoreRequest): Promise<CoreResponse> {
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
    const info = accessTokenInfo(await findAccessTokenRecord(server, token), {
      realm: server.realm,
      now: server.now(),
      scopes: ['openid'],
    })
    if (info.sub === undefined) throw bearerError(server.realm, 'invalid_token', 'the token has no end-user')
    const user = await server.findUserClaims(info.sub, info.scopes)
    if (!user) throw bearerError(server.realm, 'invalid_token', 'the end-user no longer exists')
    const requested = info.claims ? parseClaimsRequest(info.claims).userinfo : undefined
    const claims = {
      ...addRequestedClaims(claimsForScopes(user, info.scopes), user, requested),
      sub: info.sub,
    }
    const client = await findClient(server, info.clientId)
    const alg = client?.userinfoSignedResponseAlg
    if (alg === undefined || !server.keys) return jsonResponse(claims)
    const now = server.now()
    const jwt = await server.keys.sign(
      { ...claims, iss: server.issuer, aud: info.clientId, iat: now, exp: now + server.idTokenTtl },
      alg === server.keys.alg ? { typ: 'JWT' } : { typ: 'JWT', alg },
    )
    return { status: 200, headers: { 'content-type': 'application/jwt', ...NO_STORE }, body: jwt }
  } catch (err) {
    return asServerError(err).render()
  }
}
