import type { ClientRecord } from '../../../storage/store.js'
import { passwordGrant } from '../../grants/password.js'
import type { AuthenticatedUser } from '../../types.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { defined } from './shared.js'

/** The password engine's hooks: the one source of `PasswordEngineHooks` and its generated stub. */
export const passwordHooks = {
  authenticateUser: hook<
    { username: string; password: string; client: ClientRecord },
    AuthenticatedUser | undefined
  >('RFC 6749 §4.3.2', 'Checks the resource owner credentials; undefined means they are wrong.'),
}
export type PasswordEngineHooks = EngineHooks<typeof passwordHooks>

/**
 * The password engine: the runtime's resource owner password grant with the app's credential check.
 * @example
 * passwordEngine(definition, { authenticateUser: async ({ username }) => ({ sub: username }) })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export function passwordEngine(def: GrantDefinitionInput, hooks: PasswordEngineHooks): DefinedGrant {
  return defined(
    def,
    passwordGrant({
      authenticateUser: async (username, password, client) =>
        hooks.authenticateUser({ username, password, client }),
    }),
  )
}
