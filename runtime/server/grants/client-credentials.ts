import { serverError } from '../errors.js'
import { assertScopesAllowed, parseScope } from '../lib/scope.js'
import { issueTokens, newId } from '../lib/tokens.js'
import type { Grant } from '../types.js'

/** Scopes that only make sense with an end-user, never given to client_credentials. */
const USER_SCOPES = ['openid', 'offline_access']

/**
 * The client credentials grant, for confidential clients only. No refresh token is issued
 * (RFC 6749 §4.4.3). Without `scope`, the client's registered scopes are granted.
 *
 * @example
 * server.registerGrant(clientCredentialsGrant())
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function clientCredentialsGrant(): Grant {
  return {
    grantType: 'client_credentials',
    async handleTokenRequest(ctx) {
      const { server, params, client } = ctx
      if (client.tokenEndpointAuthMethod === 'none') {
        throw serverError('unauthorized_client', 'client_credentials needs a confidential client')
      }
      const registered = parseScope(client.scope)
      const requested = parseScope(params.get('scope'))
      const scopes = requested.length > 0 ? requested : registered.filter((s) => !USER_SCOPES.includes(s))
      assertScopesAllowed(scopes, registered, 'for this client')
      assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
      if (scopes.some((s) => USER_SCOPES.includes(s))) {
        throw serverError('invalid_scope', 'openid and offline_access need an end-user')
      }
      const { body, issue } = await issueTokens(server, {
        client,
        grantType: 'client_credentials',
        grantId: newId(16),
        scopes,
        issueRefreshToken: false,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
