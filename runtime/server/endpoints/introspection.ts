import { authenticateClient, invalidClient } from '../client-auth.js'
import { asServerError, serverError } from '../errors.js'
import { findAccessTokenRecord } from '../lib/access-token-record.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { mayIntrospect } from '../lib/introspection-policy.js'
import { readForm } from '../lib/params.js'
import { audClaim } from '../lib/resource-indicator.js'
import { jsonResponse } from '../lib/responses.js'
import { isTokenLive } from '../lib/token-state.js'
import type { ServerContext } from '../types.js'

/**
 * Token introspection (RFC 7662) for confidential clients (resource servers). Unknown, expired,
 * revoked and rotated tokens, and tokens the caller may not know about (`mayIntrospect`), all
 * give the same `{ "active": false }` and nothing else.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export async function introspectionEndpoint(
  server: ServerContext,
  request: CoreRequest,
): Promise<CoreResponse> {
  try {
    const params = await readForm(request, server.maxBodyBytes)
    const client = await authenticateClient(server, request, params)
    if (client.tokenEndpointAuthMethod === 'none') throw invalidClient(server)
    const token = params.get('token')
    if (token === undefined) throw serverError('invalid_request', 'token is required')
    const record = await findAccessTokenRecord(server, token)
    if (!record || !(await mayIntrospect(server, client, record)) || !isTokenLive(record, server.now())) {
      return jsonResponse({ active: false })
    }
    const body: Record<string, unknown> = {
      active: true,
      scope: record.scope,
      client_id: record.clientId,
      exp: record.expiresAt,
      iat: record.issuedAt,
      iss: server.issuer,
    }
    if (record.sub !== undefined) body['sub'] = record.sub
    // The resources the token was requested for (RFC 8707), as the JWT's `aud` would say.
    if (record.audience !== undefined) body['aud'] = audClaim(record.audience)
    if (record.kind === 'access_token') body['token_type'] = 'Bearer'
    return jsonResponse(body)
  } catch (err) {
    return asServerError(err).render()
  }
}
