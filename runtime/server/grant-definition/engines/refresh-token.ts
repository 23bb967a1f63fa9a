import type { ClientRecord } from '../../../storage/store.js'
import { refreshTokenGrant } from '../../grants/refresh-token.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { defined } from './shared.js'

/** The refresh token engine's hooks: the one source of `RefreshTokenEngineHooks` and its generated stub. */
export const refreshTokenHooks = {
  isGrantActive: hook<{ client: ClientRecord; sub: string | undefined; grantId: string }, boolean>(
    'RFC 6749 §6',
    'Whether the grant behind a refresh token still stands (user active, consent kept).',
  ),
}
export type RefreshTokenEngineHooks = EngineHooks<typeof refreshTokenHooks>

/**
 * The refresh token engine: the runtime's rotation and reuse detection, which asks the app
 * whether the grant still stands only for a live token (a disabled user's refresh fails with
 * `invalid_grant`; a dead or reused token is answered without asking).
 * @example
 * refreshTokenEngine(definition, { isGrantActive: async ({ sub }) => !disabled.has(sub) })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshTokenEngine(def: GrantDefinitionInput, hooks: RefreshTokenEngineHooks): DefinedGrant {
  return defined(
    def,
    refreshTokenGrant({
      isGrantActive: (record, client) =>
        hooks.isGrantActive({ client, sub: record.sub, grantId: record.grantId }),
    }),
  )
}
