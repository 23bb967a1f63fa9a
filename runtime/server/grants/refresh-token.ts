import type { ClientRecord, TokenRecord } from '../../storage/store.js'
import { serverError } from '../errors.js'
import { narrowedAudience } from '../lib/resource-indicator.js'
import { assertScopesAllowed, parseScope } from '../lib/scope.js'
import { hashSecret, issueTokens } from '../lib/tokens.js'
import type { Grant } from '../types.js'

/** The application's say in a refresh (the refresh token engine's hook). */
export interface RefreshPolicy {
  /**
   * Called only for a live refresh token of this client (not used, revoked, expired or of a
   * revoked grant); anything but `true` answers `invalid_grant` and the token stays unused.
   */
  isGrantActive(record: TokenRecord, client: ClientRecord): boolean | Promise<boolean>
}

/**
 * The refresh token grant with rotation: every refresh returns a new refresh token and retires
 * the old one; using a retired refresh token again revokes the whole grant family (RFC 9700
 * §4.14.2). `scope` can only narrow the original grant; the new refresh token keeps the
 * original scope (RFC 6749 §6).
 *
 * @example
 * server.registerGrant(refreshTokenGrant(), [openIdExtension()])
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshTokenGrant(policy?: RefreshPolicy): Grant {
  return {
    grantType: 'refresh_token',
    async handleTokenRequest(ctx) {
      const { server, params, client } = ctx
      const presented = params.get('refresh_token')
      if (presented === undefined) throw serverError('invalid_request', 'refresh_token is required')
      const hash = await hashSecret(presented)
      const record = await server.store.getToken(hash)
      const invalid = () => serverError('invalid_grant', 'the refresh token is invalid')
      if (record?.kind !== 'refresh_token' || record.clientId !== client.clientId) throw invalid()
      const reused = async () => {
        const count = await server.store.revokeGrant(record.grantId, server.now())
        server.emit({
          type: 'token_revoked',
          clientId: record.clientId,
          grantId: record.grantId,
          reason: 'refresh_token_reuse',
          count,
        })
        return serverError('invalid_grant', 'the refresh token was already used; the grant is revoked')
      }
      if (record.usedAt !== undefined) throw await reused()
      if (record.revokedAt !== undefined) throw invalid()
      if (record.expiresAt <= server.now())
        throw serverError('invalid_grant', 'the refresh token has expired')
      if (policy && (await policy.isGrantActive(record, client)) !== true)
        throw serverError('invalid_grant', 'the grant is no longer active')

      const original = parseScope(record.scope)
      const requested = parseScope(params.get('scope'))
      const scopes = requested.length > 0 ? requested : original
      assertScopesAllowed(scopes, original, 'beyond the original grant')
      const audience = narrowedAudience(server.resources, client, record.audience, params)

      // Only the first of concurrent refreshes wins; the others are treated as reuse.
      if (!(await server.store.markTokenUsed(hash, server.now()))) throw await reused()

      const { body, issue } = await issueTokens(server, {
        client,
        grantType: 'refresh_token',
        grantId: record.grantId,
        sub: record.sub,
        scopes,
        refreshScopes: original,
        issueRefreshToken: true,
        authTime: record.authTime,
        acr: record.acr,
        claims: record.claims,
        audience,
        refreshAudience: record.audience,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
