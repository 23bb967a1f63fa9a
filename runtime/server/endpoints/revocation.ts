import { authenticateClient } from '../client-auth.js'
import { asServerError, serverError } from '../errors.js'
import { findAccessTokenRecord } from '../lib/access-token-record.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { readForm } from '../lib/params.js'
import { emptyResponse } from '../lib/responses.js'
import type { ServerContext } from '../types.js'

/**
 * Token revocation (RFC 7009) of refresh tokens and of access tokens, opaque or JWT (found by
 * their verified `jti`). Revoking a refresh token revokes its whole grant family (§2.1); a token of another client or an unknown token is answered with 200 and left alone, so
 * the endpoint reveals nothing about tokens the caller does not own.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revocationEndpoint(server: ServerContext, request: CoreRequest): Promise<CoreResponse> {
  try {
    const params = await readForm(request, server.maxBodyBytes)
    const client = await authenticateClient(server, request, params)
    const token = params.get('token')
    if (token === undefined) throw serverError('invalid_request', 'token is required')
    const record = await findAccessTokenRecord(server, token)
    if (record && record.clientId === client.clientId) {
      let count = 1
      if (record.kind === 'refresh_token')
        count = await server.store.revokeGrant(record.grantId, server.now())
      else await server.store.revokeToken(record.tokenHash, server.now())
      server.emit({
        type: 'token_revoked',
        clientId: client.clientId,
        grantId: record.grantId,
        reason: 'revocation_request',
        count,
      })
    }
    return emptyResponse(200)
  } catch (err) {
    return asServerError(err).render()
  }
}
