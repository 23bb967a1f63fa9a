import type { JSONWebKeySet } from 'jose'
import { sha256Base64url } from '../../../lib/random.js'
import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { issueTokenResponse } from '../../issue-tokens.js'
import { assertScopesAllowed, parseScope } from '../../lib/scope.js'
import type { AuthenticatedUser, ServerContext } from '../../types.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { CLOCK_TOLERANCE, MAX_AGE, unverifiedIssuer, verifyGrantJwt } from './jwt.js'
import { defined } from './shared.js'

/** The JWT bearer engine's hooks: the one source of `JwtBearerEngineHooks` and its generated stub. */
export const jwtBearerHooks = {
  findIssuerKeys: hook<{ issuer: string; client: ClientRecord }, JSONWebKeySet | undefined>(
    'RFC 7523 §3',
    'Public keys of a trusted assertion issuer; undefined means the issuer is not trusted.',
  ),
  authorizeSubject: hook<
    { issuer: string; subject: string; client: ClientRecord; scopes: readonly string[] },
    AuthenticatedUser | undefined
  >('RFC 7523 §3', 'Maps the assertion subject to a local user; undefined answers invalid_grant.'),
}
export type JwtBearerEngineHooks = EngineHooks<typeof jwtBearerHooks>

/**
 * The replay cache (RFC 7523 §3 item 7): every assertion must carry a `jti`, and an `iss` + `jti`
 * pair is accepted once while the assertion could still be valid (until `exp`, at most
 * `MAX_AGE` after `iat`, plus the clock tolerance), in the server's store like client assertions.
 */
async function assertFirstUse(
  server: ServerContext,
  issuer: string,
  claims: Record<string, unknown>,
): Promise<void> {
  const { jti, exp, iat } = claims
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) {
    throw serverError('invalid_grant', 'the assertion must have a jti (at most 256 characters)')
  }
  const now = server.now()
  const until = Math.min(Number(exp), (typeof iat === 'number' ? iat : now) + MAX_AGE) + CLOCK_TOLERANCE
  const key = `jwt_bearer:${await sha256Base64url(JSON.stringify([issuer, jti]))}`
  if (!(await server.store.useOnce(key, until, now))) {
    throw serverError('invalid_grant', 'the assertion was already used (jti replay)')
  }
}

/**
 * JWT bearer assertions as an authorization grant (RFC 7523 §2.1): the engine checks `assertion`,
 * finds the issuer's keys through the app, verifies the signature, `aud` (this issuer or its token
 * endpoint), `exp`, `iat`, `sub` and a never-seen `jti`, lets the app map the subject to a user, and issues an access
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
      await assertFirstUse(server, issuer, claims)
      const registered = parseScope(client.scope)
      const requested = parseScope(ctx.params.get('scope'))
      const scopes = requested.length > 0 ? requested : registered
      assertScopesAllowed(scopes, registered, 'for this client')
      assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
      const user = await hooks.authorizeSubject({ issuer, subject: claims.sub, client, scopes })
      if (!user) throw serverError('invalid_grant', 'the assertion subject is not allowed')
      return issueTokenResponse(ctx, {
        grantType: def.grantType ?? '',
        sub: user.sub,
        scopes,
        authTime: user.authTime,
        acr: user.acr,
      })
    },
  })
}
