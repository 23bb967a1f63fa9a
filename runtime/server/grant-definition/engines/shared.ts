import { serverError } from '../../errors.js'
import { openIdExtension } from '../../grants/openid.js'
import { pkceExtension } from '../../grants/pkce.js'
import { assertScopesAllowed, parseScope } from '../../lib/scope.js'
import type { Grant, GrantExtension, TokenRequestContext } from '../../types.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'

/** The extensions a definition lists, as runtime objects. */
export function extensionsOf(def: GrantDefinitionInput): GrantExtension[] {
  return (def.extensions ?? []).map((name) => (name === 'pkce' ? pkceExtension() : openIdExtension()))
}

/**
 * Applies what every defined grant shares: the client authentication methods it allows and the
 * parameters it requires (RFC 6749 §5.2 `invalid_request`, `unauthorized_client`).
 */
export function defined(def: GrantDefinitionInput, grant: Grant): DefinedGrant {
  const handle = grant.handleTokenRequest?.bind(grant)
  const wrapped: Grant = handle
    ? {
        ...grant,
        async handleTokenRequest(ctx) {
          if (!(def.clientAuthentication as readonly string[]).includes(ctx.client.tokenEndpointAuthMethod)) {
            throw serverError('unauthorized_client', `${def.name} does not allow this client authentication`)
          }
          for (const [name, p] of Object.entries(def.parameters)) {
            const value = ctx.params.get(name)
            if (p.required && value === undefined) throw serverError('invalid_request', `${name} is required`)
            if (value !== undefined && p.type === 'number' && !/^\d{1,15}$/.test(value)) {
              throw serverError('invalid_request', `${name} must be a number`)
            }
          }
          return handle(ctx)
        },
      }
    : grant
  return {
    name: def.name,
    definition: def,
    grant: { ...wrapped, clientAuthMethods: def.clientAuthentication },
    extensions: extensionsOf(def),
  }
}

/** Requested scopes (or the client's registered ones), checked against the client and the server. */
export function grantedScopes(ctx: TokenRequestContext): string[] {
  const registered = parseScope(ctx.client.scope)
  const requested = parseScope(ctx.params.get('scope'))
  const scopes = requested.length > 0 ? requested : registered
  assertScopesAllowed(scopes, registered, 'for this client')
  assertScopesAllowed(scopes, ctx.server.scopesSupported, 'by this server')
  return scopes
}
