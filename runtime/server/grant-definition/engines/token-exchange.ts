import type { JSONWebKeySet } from 'jose'
import type { ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import { issueTokenResponse } from '../../issue-tokens.js'
import { findAccessTokenRecord } from '../../lib/access-token-record.js'
import { assertScopesAllowed, parseScope } from '../../lib/scope.js'
import { isTokenLive } from '../../lib/token-state.js'
import type { TokenRequestContext } from '../../types.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant, SubjectToken } from '../types.js'
import { unverifiedIssuer, verifyGrantJwt } from './jwt.js'
import { defined } from './shared.js'

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token'
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt'

/** The token exchange engine's hooks: the one source of `TokenExchangeEngineHooks` and its generated stub. */
export const tokenExchangeHooks = {
  findSubjectTokenKeys: hook<{ issuer: string; client: ClientRecord }, JSONWebKeySet | undefined>(
    'RFC 8693 §2.1',
    'Public keys of a trusted issuer of JWT subject tokens; undefined means not trusted.',
  ),
  authorizeExchange: hook<
    {
      client: ClientRecord
      subject: SubjectToken
      actor: SubjectToken | undefined
      scopes: readonly string[]
      audience: string | undefined
    },
    boolean
  >('RFC 8693 §2.2', 'Whether this client may exchange the subject token for these scopes (app policy).'),
}
export type TokenExchangeEngineHooks = EngineHooks<typeof tokenExchangeHooks>

async function validateToken(
  ctx: TokenRequestContext,
  hooks: TokenExchangeEngineHooks,
  token: string,
  type: string,
  role: 'subject' | 'actor',
): Promise<SubjectToken> {
  const { server } = ctx
  if (type === ACCESS_TOKEN_TYPE) {
    // Only access tokens this server issued and still honours.
    const record = await findAccessTokenRecord(server, token)
    if (record?.kind !== 'access_token' || !isTokenLive(record, server.now()) || record.sub === undefined) {
      throw serverError('invalid_grant', `the ${role}_token is invalid`)
    }
    return {
      tokenType: type,
      sub: record.sub,
      scopes: parseScope(record.scope),
      issuer: server.issuer,
      clientId: record.clientId,
    }
  }
  if (type === JWT_TOKEN_TYPE) {
    const issuer = unverifiedIssuer(token)
    const jwks = await hooks.findSubjectTokenKeys({ issuer, client: ctx.client })
    if (!jwks) throw serverError('invalid_grant', `the ${role}_token issuer is not trusted`)
    const claims = await verifyGrantJwt(server, token, jwks, undefined)
    const scope = typeof claims['scope'] === 'string' ? claims['scope'] : undefined
    return { tokenType: type, sub: claims.sub, scopes: parseScope(scope), issuer }
  }
  throw serverError('invalid_request', `unsupported ${role}_token_type`)
}

/**
 * OAuth 2.0 Token Exchange (RFC 8693): validates `subject_token` (an access token of this server
 * or a JWT from an issuer the app trusts) and the optional `actor_token`, refuses other token
 * types and `requested_token_type`s, narrows scope to what the subject token carried, asks the app
 * for its policy, and issues an access token with `issued_token_type`.
 * @example
 * const { grant } = tokenExchangeEngine(definition, { findSubjectTokenKeys, authorizeExchange })
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.2
 */
export function tokenExchangeEngine(
  def: GrantDefinitionInput,
  hooks: TokenExchangeEngineHooks,
): DefinedGrant {
  return defined(def, {
    grantType: def.grantType,
    async handleTokenRequest(ctx) {
      const { params, client } = ctx
      const subjectToken = params.get('subject_token')
      const subjectType = params.get('subject_token_type')
      if (subjectToken === undefined || subjectType === undefined) {
        throw serverError('invalid_request', 'subject_token and subject_token_type are required')
      }
      const requested = params.get('requested_token_type')
      if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
        throw serverError('invalid_request', 'only access tokens can be requested')
      }
      const actorToken = params.get('actor_token')
      const actorType = params.get('actor_token_type')
      if ((actorToken === undefined) !== (actorType === undefined)) {
        throw serverError('invalid_request', 'actor_token and actor_token_type go together')
      }
      const subject = await validateToken(ctx, hooks, subjectToken, subjectType, 'subject')
      const actor =
        actorToken && actorType ? await validateToken(ctx, hooks, actorToken, actorType, 'actor') : undefined
      const requestedScopes = parseScope(params.get('scope'))
      const scopes = requestedScopes.length > 0 ? requestedScopes : [...subject.scopes]
      assertScopesAllowed(scopes, parseScope(client.scope), 'for this client')
      if (subject.issuer === ctx.server.issuer)
        assertScopesAllowed(scopes, subject.scopes, 'by the subject token')
      const audience = params.get('audience')
      const ok = await hooks.authorizeExchange({ client, subject, actor, scopes, audience })
      if (ok !== true) throw serverError('invalid_target', 'this exchange is not allowed')
      return issueTokenResponse(ctx, {
        grantType: def.grantType ?? '',
        sub: subject.sub,
        scopes,
        extra: { issued_token_type: ACCESS_TOKEN_TYPE },
      })
    },
  })
}
