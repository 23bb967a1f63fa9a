import type { JSONWebKeySet } from 'jose'
import { randomToken } from '../../../lib/random.js'
import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { assertScopesAllowed, parseScope } from '../../lib/scope.js'
import type { AuthenticatedUser } from '../../types.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant, HookResult } from '../types.js'
import { unverifiedIssuer, verifyGrantJwt } from './jwt.js'
import { defined, issue } from './shared.js'

export interface JwtBearerEngineHooks {
  findIssuerKeys(input: { issuer: string; client: ClientRecord }): HookResult<JSONWebKeySet | undefined>
  authorizeSubject(input: {
    issuer: string
    subject: string
    client: ClientRecord
    scopes: readonly string[]
  }): HookResult<AuthenticatedUser | undefined>
}

/**
 * JWT bearer assertions as an authorization grant (RFC 7523 §2.1): the engine checks `assertion`,
 * finds the issuer's keys through the app, verifies the signature, `aud` (this issuer or its token
 * endpoint), `exp`, `iat` and `sub`, lets the app map the subject to a user, and issues an access
 * token without a refresh token.
 * @example
 * const { grant } = jwtBearerEngine(definition, { findIssuerKeys, authorizeSubject })
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export function jwtBearerEngine(def: GrantDefinitionInput, hooks: JwtBearerEngineHooks): DefinedGrant {
  return defined(def, {
    grantType: def.grantType,
    async handleTokenRequest(ctx) {
      const { server, client } = ctx
      const assertion = ctx.params.get('assertion')
      if (assertion === undefined) throw serverError('invalid_request', 'assertion is required')
      const issuer = unverifiedIssuer(assertion)
      const jwks = await hooks.findIssuerKeys({ issuer, client })
      if (!jwks) throw serverError('invalid_grant', 'the assertion issuer is not trusted')
      const claims = await verifyGrantJwt(server, assertion, jwks, [server.issuer, server.endpoints.token])
      const registered = parseScope(client.scope)
      const requested = parseScope(ctx.params.get('scope'))
      const scopes = requested.length > 0 ? requested : registered
      assertScopesAllowed(scopes, registered, 'for this client')
      assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
      const user = await hooks.authorizeSubject({ issuer, subject: claims.sub, client, scopes })
      if (!user) throw serverError('invalid_grant', 'the assertion subject is not allowed')
      return issue(ctx, {
        grantType: def.grantType ?? '',
        grantId: randomToken(16),
        sub: user.sub,
        scopes,
        issueRefreshToken: false,
        authTime: user.authTime,
        acr: user.acr,
      })
    },
  })
}
