import type { AuthorizationCodeRecord, ConsumedCode } from '../../storage/store.js'
import { serverError } from '../errors.js'
import { redeemedAudience, requestedAudience } from '../lib/resource-indicator.js'
import { formatScope, parseScope } from '../lib/scope.js'
import { hashSecret, issueTokens, newGrantId, newOpaqueToken } from '../lib/tokens.js'
import type { AuthorizationRequestContext, Grant, ServerContext, TokenRequestContext } from '../types.js'

/**
 * Where authorization codes live. The default is the server's store; the authorization_code
 * engine of `grants/` passes the application's own storage hooks. Every check on a consumed code
 * (client, expiry, redirect URI, PKCE, replay) stays in the grant whatever the storage answers.
 */
export interface AuthorizationCodeStorage {
  save(record: AuthorizationCodeRecord, ctx: AuthorizationRequestContext): Promise<void>
  /** Atomically loads and retires a code: `replayed` from the second use on; undefined when unknown. */
  consume(codeHash: string, ctx: TokenRequestContext): Promise<ConsumedCode | undefined>
}

/**
 * A second use of a code: revokes every token of its grant (RFC 6749 §4.1.2, RFC 9700 §4.5) and
 * returns the `invalid_grant` error to throw.
 */
export async function revokeReplayedCode(server: ServerContext, clientId: string, grantId: string) {
  const count = await server.store.revokeGrant(grantId, server.now())
  server.emit({ type: 'token_revoked', clientId, grantId, reason: 'code_replay', count })
  return serverError('invalid_grant', 'the authorization code was already used; its tokens are revoked')
}

const serverStorage: AuthorizationCodeStorage = {
  save: (record, ctx) => ctx.server.store.saveAuthorizationCode(record),
  consume: (codeHash, ctx) => ctx.server.store.consumeAuthorizationCode(codeHash),
}

/**
 * The authorization code grant (`response_type=code`, `grant_type=authorization_code`). Codes are
 * 256-bit, stored hashed, single-use, short-lived (<= 60 s) and bound to the client and the
 * redirect URI; a second use of a code revokes every token issued from it (RFC 9700 §4.5).
 * Register it with `pkceExtension()` (and `openIdExtension()` for OpenID Connect).
 *
 * @example
 * server.registerGrant(authorizationCodeGrant(), [pkceExtension(), openIdExtension()])
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function authorizationCodeGrant(options: { codes?: AuthorizationCodeStorage } = {}): Grant {
  const codes = options.codes ?? serverStorage
  return {
    grantType: 'authorization_code',
    responseType: 'code',

    async validateAuthorizationRequest(ctx) {
      const audience = requestedAudience(ctx.server.resources, ctx.client, ctx.params)
      if (audience) ctx.code.audience = audience
    },

    async createAuthorizationResponse(ctx, user) {
      const code = newOpaqueToken()
      await codes.save(
        {
          ...ctx.code,
          codeHash: await hashSecret(code),
          clientId: ctx.client.clientId,
          redirectUri: ctx.redirectUri,
          redirectUriOmitted: ctx.redirectUriOmitted,
          grantId: ctx.code.grantId ?? newGrantId(),
          sub: user.sub,
          scope: formatScope(ctx.scopes),
          expiresAt: ctx.server.now() + ctx.server.authorizationCodeTtl,
          authTime: user.authTime,
          acr: user.acr,
        },
        ctx,
      )
      return { code }
    },

    async handleTokenRequest(ctx) {
      const { server, params, client } = ctx
      const code = params.get('code')
      if (code === undefined) throw serverError('invalid_request', 'code is required')
      const consumed = await codes.consume(await hashSecret(code), ctx)
      if (!consumed) throw serverError('invalid_grant', 'the authorization code is invalid')
      const { record } = consumed
      if (consumed.replayed) throw await revokeReplayedCode(server, record.clientId, record.grantId)
      if (record.clientId !== client.clientId) {
        throw serverError('invalid_grant', 'the authorization code was issued to another client')
      }
      if (record.expiresAt <= server.now())
        throw serverError('invalid_grant', 'the authorization code has expired')
      if (record.consentedAt !== undefined && !(await server.store.getConsent(record.sub, client.clientId)))
        throw serverError('invalid_grant', 'the end-user has taken back their consent to this client')
      const redirectUri = params.get('redirect_uri')
      const redirectOk = record.redirectUriOmitted
        ? redirectUri === undefined || redirectUri === record.redirectUri
        : redirectUri === record.redirectUri
      if (!redirectOk) {
        throw serverError('invalid_grant', 'redirect_uri does not match the authorization request')
      }
      for (const ext of ctx.extensions) await ext.onCodeExchange?.(ctx, record)
      // A code granted for resources may be narrowed to some of them (RFC 8707 §2.2); one granted
      // for none may still name them here, as §2.2 lets the token request alone choose.
      const { granted, audience } = redeemedAudience(server.resources, client, record.audience, params)

      const { body, issue } = await issueTokens(server, {
        client,
        grantType: 'authorization_code',
        grantId: record.grantId,
        sub: record.sub,
        scopes: parseScope(record.scope),
        issueRefreshToken:
          client.grantTypes.includes('refresh_token') && server.tokenGrants.has('refresh_token'),
        authTime: record.authTime,
        acr: record.acr,
        nonce: record.nonce,
        claims: record.claims,
        audience,
        refreshAudience: granted,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
