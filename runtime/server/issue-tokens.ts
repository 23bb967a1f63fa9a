import { ArgumentError } from '../errors.js'
import { requestedAudience } from './lib/resource-indicator.js'
import { issueTokens, newGrantId } from './lib/tokens.js'
import type { TokenRequestContext, TokenResponseBody } from './types.js'

/** What an extension grant engine asks to be issued once it has validated a token request. */
export interface IssueTokenResponseInput {
  /** The `grant_type` being answered (recorded in events). */
  grantType: string
  /** The end-user the tokens are for; omit for a client-only token. */
  sub?: string | undefined
  /** Scopes granted: the engine has already checked them against the client and the server. */
  scopes: readonly string[]
  /** Grant family shared with later refreshes; default: a new one. */
  grantId?: string | undefined
  /**
   * Ask for a refresh token. One is issued only when there is an end-user, the client is
   * registered for `refresh_token` and the server has the refresh grant.
   */
  refreshToken?: boolean | undefined
  /** Epoch seconds of the end-user authentication (`auth_time`). */
  authTime?: number | undefined
  acr?: string | undefined
  /**
   * The resources (RFC 8707) the token is for, already checked by the engine. Default: the
   * request's `resource` values, checked against the server's `resources`.
   */
  audience?: readonly string[] | undefined
  /** Extra members of the response, e.g. `issued_token_type` (RFC 8693 §2.2.1). */
  extra?: Readonly<Record<string, string>> | undefined
}

const RESERVED = ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token']

/**
 * Issues the access token (opaque or JWT, stored hashed), the refresh token when allowed, and
 * lets the grant's registered extensions add to the response (an ID token for `openid`). The
 * public way for extension grant engines to answer a token request they have validated.
 *
 * @example
 * server.registerGrant({ grantType: 'urn:example:otp', async handleTokenRequest(ctx) {
 *   if (ctx.params.get('otp') !== '123456') throw new OAuthServerError({ error: 'invalid_grant' })
 *   return issueTokenResponse(ctx, { grantType: 'urn:example:otp', sub: 'alice', scopes: ['api'] })
 * } })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function issueTokenResponse(
  ctx: TokenRequestContext,
  input: IssueTokenResponseInput,
): Promise<TokenResponseBody> {
  if (typeof input?.grantType !== 'string' || input.grantType === '') {
    throw new ArgumentError('"input.grantType" must be the grant_type being answered')
  }
  if (!Array.isArray(input.scopes)) throw new ArgumentError('"input.scopes" must be an array of scopes')
  const clash = Object.keys(input.extra ?? {}).find((k) => RESERVED.includes(k))
  if (clash) throw new ArgumentError(`"input.extra" must not set ${clash}`)
  const { server, client } = ctx
  const refresh =
    input.refreshToken === true &&
    input.sub !== undefined &&
    client.grantTypes.includes('refresh_token') &&
    server.tokenGrants.has('refresh_token')
  const { body, issue } = await issueTokens(server, {
    client,
    grantType: input.grantType,
    grantId: input.grantId ?? newGrantId(),
    sub: input.sub,
    scopes: input.scopes,
    issueRefreshToken: refresh,
    authTime: input.authTime,
    acr: input.acr,
    audience: input.audience ?? requestedAudience(server.resources, client, ctx.params),
  })
  for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
  return { ...body, ...input.extra }
}
