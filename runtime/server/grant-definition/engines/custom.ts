import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { issueTokenResponse } from '../../issue-tokens.js'
import { assertScopesAllowed } from '../../lib/scope.js'
import type { GrantDefinitionInput, HookDefinition } from '../schema.js'
import type { DefinedGrant, GrantResolution, HookResult } from '../types.js'
import { defined, grantedScopes } from './shared.js'

/**
 * The one hook the custom engine calls, as a definition writes it (a custom grant declares its
 * hooks in grants/<name>.ts, with `client` and one input member per parameter): validation holds
 * definitions to it and `authspec new grant` writes it.
 */
export const RESOLVE_GRANT = {
  doc: 'Checks the grant parameters; returns the subject and scopes, or undefined for invalid_grant.',
  rfc: 'RFC 6749 §4.5',
  input: { client: 'ClientRecord' },
  output: 'GrantResolution | undefined',
} as const satisfies HookDefinition

/** The custom engine's hooks; `I` is the input the definition declares for `resolveGrant`. */
export interface CustomEngineHooks<I> {
  resolveGrant(input: I): HookResult<GrantResolution | undefined>
}

/**
 * An extension grant (RFC 6749 §4.5) defined only by its definition: the engine checks the
 * declared parameters and scopes, passes every parameter to `resolveGrant`, and issues tokens for
 * what it returns (a refresh token when the definition says so and the client may refresh).
 * @example
 * const { grant } = customEngine(definition, { resolveGrant: async ({ otp }) => otp === '123456' ? { sub: 'alice' } : undefined })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export function customEngine<I extends { client: ClientRecord }>(
  def: GrantDefinitionInput,
  hooks: CustomEngineHooks<I>,
): DefinedGrant {
  return defined(def, {
    grantType: def.grantType,
    async handleTokenRequest(ctx) {
      const input: Record<string, unknown> = { client: ctx.client }
      for (const name of Object.keys(def.parameters)) if (name !== 'scope') input[name] = ctx.params.get(name)
      const requested = grantedScopes(ctx)
      // The definition lists the parameters and the compiler checked them against `I`.
      const resolution = await hooks.resolveGrant(input as I)
      if (!resolution) throw serverError('invalid_grant', `the ${def.name} grant is invalid`)
      const scopes = resolution.scopes ? [...resolution.scopes] : requested
      assertScopesAllowed(scopes, requested, 'beyond the request')
      return issueTokenResponse(ctx, {
        grantType: def.grantType ?? '',
        sub: resolution.sub,
        scopes,
        refreshToken: def.issuesRefreshToken,
      })
    },
  })
}
