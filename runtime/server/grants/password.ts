import { ArgumentError } from '../../errors.js'
import type { ClientRecord } from '../../storage/store.js'
import { serverError } from '../errors.js'
import { requestedAudience } from '../lib/resource-indicator.js'
import { assertScopesAllowed, parseScope } from '../lib/scope.js'
import { issueTokens, newGrantId } from '../lib/tokens.js'
import type { AuthenticatedUser, Grant } from '../types.js'

export interface PasswordGrantOptions {
  /** Checks the resource owner's credentials; `undefined` means they are wrong. */
  authenticateUser(
    username: string,
    password: string,
    client: ClientRecord,
  ): Promise<AuthenticatedUser | undefined>
}

/**
 * The resource owner password credentials grant. Off by default and discouraged: it teaches
 * users to type passwords into clients and cannot do MFA (RFC 9700 §2.4 says MUST NOT be used).
 * Register it only to migrate legacy first-party clients.
 *
 * @example
 * server.registerGrant(passwordGrant({ authenticateUser: async (u, p) => (await users.check(u, p)) ? { sub: u } : undefined }))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export function passwordGrant(options: PasswordGrantOptions): Grant {
  if (typeof options?.authenticateUser !== 'function') {
    throw new ArgumentError('"options.authenticateUser" must be a function')
  }
  return {
    grantType: 'password',
    async handleTokenRequest(ctx) {
      const { server, params, client } = ctx
      const username = params.get('username')
      const password = params.get('password')
      if (username === undefined || password === undefined) {
        throw serverError('invalid_request', 'username and password are required')
      }
      const registered = parseScope(client.scope)
      const requested = parseScope(params.get('scope'))
      const scopes = requested.length > 0 ? requested : registered
      assertScopesAllowed(scopes, registered, 'for this client')
      assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
      const audience = requestedAudience(server.resources, client, params)
      const user = await options.authenticateUser(username, password, client)
      if (!user) throw serverError('invalid_grant', 'the resource owner credentials are invalid')
      const { body, issue } = await issueTokens(server, {
        client,
        grantType: 'password',
        grantId: newGrantId(),
        sub: user.sub,
        scopes,
        issueRefreshToken:
          client.grantTypes.includes('refresh_token') && server.tokenGrants.has('refresh_token'),
        authTime: user.authTime ?? server.now(),
        acr: user.acr,
        audience,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
