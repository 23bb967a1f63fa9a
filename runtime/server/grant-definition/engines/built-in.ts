import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { clientCredentialsGrant } from '../../grants/client-credentials.js'
import { deviceCodeGrant } from '../../grants/device-code.js'
import { implicitGrant } from '../../grants/hybrid.js'
import { passwordGrant } from '../../grants/password.js'
import { refreshTokenGrant } from '../../grants/refresh-token.js'
import { hashSecret } from '../../lib/tokens.js'
import type { AuthenticatedUser } from '../../types.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant, HookResult } from '../types.js'
import { type RequestPolicyHooks, withRequestPolicy } from './authorization-code.js'
import { defined, grantedScopes } from './shared.js'

/**
 * The implicit engine (`response_type=token`), discouraged by RFC 9700 §2.1.2: the runtime's
 * front-channel grant (fragment by default, `response_mode=query` refused) after the app's
 * request policy. Register it only for legacy clients.
 * @example
 * server.registerGrant(implicitEngine(definition, { authorizeRequest: async () => true }).grant)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2
 */
export function implicitEngine(def: GrantDefinitionInput, hooks: RequestPolicyHooks): DefinedGrant {
  return defined(def, withRequestPolicy(implicitGrant('token'), hooks))
}

/**
 * The password engine: the runtime's resource owner password grant with the app's credential check.
 * @example
 * passwordEngine(definition, { authenticateUser: async ({ username }) => ({ sub: username }) })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export function passwordEngine(
  def: GrantDefinitionInput,
  hooks: {
    authenticateUser(input: {
      username: string
      password: string
      client: ClientRecord
    }): HookResult<AuthenticatedUser | undefined>
  },
): DefinedGrant {
  return defined(
    def,
    passwordGrant({
      authenticateUser: async (username, password, client) =>
        hooks.authenticateUser({ username, password, client }),
    }),
  )
}

/**
 * The client credentials engine: the runtime's grant after the app's per-client policy.
 * @example
 * clientCredentialsEngine(definition, { authorizeClient: async ({ client }) => client.clientId !== 'banned' })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function clientCredentialsEngine(
  def: GrantDefinitionInput,
  hooks: { authorizeClient(input: { client: ClientRecord; scopes: readonly string[] }): HookResult<boolean> },
): DefinedGrant {
  const base = clientCredentialsGrant()
  return defined(def, {
    grantType: base.grantType,
    async handleTokenRequest(ctx) {
      const scopes = grantedScopes(ctx, false)
      if ((await hooks.authorizeClient({ client: ctx.client, scopes })) !== true) {
        throw serverError('unauthorized_client', 'this client may not get these scopes')
      }
      return base.handleTokenRequest!(ctx)
    },
  })
}

/**
 * The refresh token engine: the runtime's rotation and reuse detection, after the app confirms the
 * grant still stands (a disabled user's refresh fails with `invalid_grant`).
 * @example
 * refreshTokenEngine(definition, { isGrantActive: async ({ sub }) => !disabled.has(sub) })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshTokenEngine(
  def: GrantDefinitionInput,
  hooks: {
    isGrantActive(input: {
      client: ClientRecord
      sub: string | undefined
      grantId: string
    }): HookResult<boolean>
  },
): DefinedGrant {
  const base = refreshTokenGrant()
  return defined(def, {
    grantType: base.grantType,
    async handleTokenRequest(ctx) {
      const presented = ctx.params.get('refresh_token')
      const record = presented ? await ctx.server.store.getToken(await hashSecret(presented)) : undefined
      // Unknown, foreign, reused, revoked or expired tokens go to the runtime, which answers them
      // (and detects reuse) without asking the app about a grant that is already dead.
      if (
        record?.kind === 'refresh_token' &&
        record.clientId === ctx.client.clientId &&
        record.usedAt === undefined &&
        record.revokedAt === undefined &&
        record.expiresAt > ctx.server.now() &&
        !(await ctx.server.store.isGrantRevoked(record.grantId))
      ) {
        const active = await hooks.isGrantActive({
          client: ctx.client,
          sub: record.sub,
          grantId: record.grantId,
        })
        if (active !== true) throw serverError('invalid_grant', 'the grant is no longer active')
      }
      return base.handleTokenRequest!(ctx)
    },
  })
}

/**
 * The device code engine: the runtime's RFC 8628 polling after the app's per-client policy.
 * @example
 * deviceCodeEngine(definition, { authorizeClient: async () => true })
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export function deviceCodeEngine(
  def: GrantDefinitionInput,
  hooks: { authorizeClient(input: { client: ClientRecord }): HookResult<boolean> },
): DefinedGrant {
  const base = deviceCodeGrant()
  return defined(def, {
    grantType: base.grantType,
    async handleTokenRequest(ctx) {
      if ((await hooks.authorizeClient({ client: ctx.client })) !== true) {
        throw serverError('unauthorized_client', 'this client may not use the device flow')
      }
      return base.handleTokenRequest!(ctx)
    },
  })
}
