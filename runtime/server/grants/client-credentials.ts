import type { ClientRecord } from '../../storage/store.js'
import { serverError } from '../errors.js'
import { requestedAudience } from '../lib/resource-indicator.js'
import { assertScopesAllowed, parseScope } from '../lib/scope.js'
import { issueTokens, newGrantId } from '../lib/tokens.js'
import type { Grant } from '../types.js'

/** Scopes that only make sense with an end-user, never given to client_credentials. */
const USER_SCOPES = ['openid', 'offline_access']

/** The application's say in a client credentials grant (the client credentials engine's hook). */
export interface ClientCredentialsPolicy {
  /** Called with the scopes the grant settled on; anything but `true` answers `unauthorized_client`. */
  authorizeClient(client: ClientRecord, scopes: readonly string[]): boolean | Promise<boolean>
}

/**
 * The client credentials grant, for confidential clients only. No refresh token is issued
 * (RFC 6749 §4.4.3). Without `scope`, the client's registered scopes are granted; a `policy`
 * then decides on exactly those scopes.
 *
 * @example
 * server.registerGrant(clientCredentialsGrant())
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function clientCredentialsGrant(policy?: ClientCredentialsPolicy): Grant {
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
      const audience = requestedAudience(server.resources, client, params)
      if (policy && (await policy.authorizeClient(client, scopes)) !== true) {
        throw serverError('unauthorized_client', 'this client may not get these scopes')
      }
      const { body, issue } = await issueTokens(server, {
        client,
        grantType: 'client_credentials',
        grantId: newGrantId(),
        scopes,
        issueRefreshToken: false,
        audience,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
