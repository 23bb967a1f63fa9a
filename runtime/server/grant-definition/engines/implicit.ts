import { implicitGrant } from '../../grants/hybrid.js'
import type { EngineHooks } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { authorizeRequest, withRequestPolicy } from './request-policy.js'
import { defined } from './shared.js'

/** The implicit engine's hooks: the one source of `ImplicitEngineHooks` and its generated stub. */
export const implicitHooks = { authorizeRequest: authorizeRequest('RFC 6749 §4.2.1') }
export type ImplicitEngineHooks = EngineHooks<typeof implicitHooks>

/**
 * The implicit engine (`response_type=token`), discouraged by RFC 9700 §2.1.2: the runtime's
 * front-channel grant (fragment by default, `response_mode=query` refused) after the app's
 * request policy. Register it only for legacy clients.
 * @example
 * server.registerGrant(implicitEngine(definition, { authorizeRequest: async () => true }).grant)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2
 */
export function implicitEngine(def: GrantDefinitionInput, hooks: ImplicitEngineHooks): DefinedGrant {
  return defined(def, withRequestPolicy(implicitGrant('token'), hooks))
}
