import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import type { Grant } from '../../types.js'
import { type EngineHooks, type HookSpec, hook } from '../hook.js'

type AuthorizeRequest = HookSpec<
  { client: ClientRecord; scopes: readonly string[]; redirectUri: string },
  boolean
>

/**
 * The app's request policy, shared by the authorization code and implicit engines, at the
 * authorization request section of each.
 */
export function authorizeRequest(rfc: string): AuthorizeRequest {
  return hook(rfc, 'Whether this client may ask for these scopes (app policy); false answers access_denied.')
}

/** The hooks {@link withRequestPolicy} calls. */
export type RequestPolicyHooks = EngineHooks<{ authorizeRequest: AuthorizeRequest }>

/**
 * The grant with the app's request policy run after its own checks, before consent; anything but
 * `true` answers `access_denied`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function withRequestPolicy(base: Grant, hooks: RequestPolicyHooks): Grant {
  return {
    ...base,
    async validateAuthorizationRequest(ctx) {
      await base.validateAuthorizationRequest?.(ctx)
      const ok = await hooks.authorizeRequest({
        client: ctx.client,
        scopes: ctx.scopes,
        redirectUri: ctx.redirectUri,
      })
      if (ok !== true) throw serverError('access_denied', 'the request is not allowed for this client')
    },
  }
}
