import type { ClientRecord } from '../../../storage/store.js'
import { clientCredentialsGrant } from '../../grants/client-credentials.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { defined } from './shared.js'

/**
 * The client credentials engine's hooks: the one source of `ClientCredentialsEngineHooks` and
 * its generated stub.
 */
export const clientCredentialsHooks = {
  authorizeClient: hook<{ client: ClientRecord; scopes: readonly string[] }, boolean>(
    'RFC 6749 §4.4.2',
    'Whether this client may get a token for these scopes now; false answers unauthorized_client.',
  ),
}
export type ClientCredentialsEngineHooks = EngineHooks<typeof clientCredentialsHooks>

/**
 * The client credentials engine: the runtime's grant, which settles the scopes once and asks the
 * app's per-client policy about exactly those.
 * @example
 * clientCredentialsEngine(definition, { authorizeClient: async ({ client }) => client.clientId !== 'banned' })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function clientCredentialsEngine(
  def: GrantDefinitionInput,
  hooks: ClientCredentialsEngineHooks,
): DefinedGrant {
  return defined(
    def,
    clientCredentialsGrant({
      authorizeClient: (client, scopes) => hooks.authorizeClient({ client, scopes }),
    }),
  )
}
