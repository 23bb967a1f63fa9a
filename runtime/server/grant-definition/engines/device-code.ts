import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { deviceCodeGrant } from '../../grants/device-code.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { defined } from './shared.js'

/** The device code engine's hooks: the one source of `DeviceCodeEngineHooks` and its generated stub. */
export const deviceCodeHooks = {
  authorizeClient: hook<{ client: ClientRecord }, boolean>(
    'RFC 8628 §3.4',
    'Whether this device client may poll for tokens; false answers unauthorized_client.',
  ),
}
export type DeviceCodeEngineHooks = EngineHooks<typeof deviceCodeHooks>

/**
 * The device code engine: the runtime's RFC 8628 polling after the app's per-client policy.
 * @example
 * deviceCodeEngine(definition, { authorizeClient: async () => true })
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export function deviceCodeEngine(def: GrantDefinitionInput, hooks: DeviceCodeEngineHooks): DefinedGrant {
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
