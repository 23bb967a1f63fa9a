import { ArgumentError } from '../../errors.js'
import { createTokenSet, TokenSet } from '../../oauth2/token-set.js'
import type { TokenResponse } from '../../oauth2/types.js'
import type { IdTokenClaims } from '../../oidc/types.js'
import type { ProviderTokens, RestoreOptions } from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { safeJson } from './client-checks.js'
import type { ClientContext } from './client-context.js'
import { issuerFromTemplate } from './issuer-template.js'
import type { ResolvedEndpoints } from './resolve-endpoints.js'
import { extraTokenFields } from './token-fields.js'

/** The request a token response answers: what it asked for and what it carried. */
export interface TokenRequestOrigin {
  /** Scopes asked for (the granted ones when the provider does not say). */
  requested: readonly string[]
  /** Callback parameters echoed to token requests. */
  echoed: Readonly<Record<string, string>>
  /** The tokens a refresh renews: their refresh token and claims carry over. */
  previous?: ProviderTokens | undefined
  /** The nonce of the authorization request, which the ID token must carry. */
  nonce?: string | undefined
}

/** What the provider tokens hold besides the token set. */
interface TokenParts {
  scopes: readonly string[]
  requested: readonly string[]
  claims: IdTokenClaims | undefined
  echoed: Readonly<Record<string, string>>
}

/**
 * The provider tokens of a token response: the token set (scopes split by the spec's response
 * delimiter), the spec's extra fields, and the claims of an OpenID Connect ID token, validated.
 */
export async function toTokens(
  ctx: ClientContext,
  response: TokenResponse,
  ep: ResolvedEndpoints,
  origin: TokenRequestOrigin,
): Promise<ProviderTokens> {
  const tokenSet = createTokenSet(response, {
    now: ctx.now,
    previous: origin.previous?.tokenSet,
    scopeDelimiter: ctx.spec.scopes.responseDelimiter,
  })
  const claims = response.id_token
    ? await idTokenClaims(ctx, response.id_token, response.access_token, ep, origin)
    : origin.previous?.claims
  return tokensOf(ctx.spec, tokenSet, {
    scopes: tokenSet.scopes.length > 0 ? tokenSet.scopes : origin.requested,
    requested: origin.requested,
    claims,
    echoed: origin.echoed,
  })
}

/** The validated claims of an OpenID Connect spec's ID token; another protocol's keeps the previous. */
async function idTokenClaims(
  ctx: ClientContext,
  idToken: string,
  accessToken: string,
  ep: ResolvedEndpoints,
  origin: TokenRequestOrigin,
): Promise<IdTokenClaims | undefined> {
  const { spec, support, config } = ctx
  if (spec.protocol !== 'oidc' || !support.idTokens) return origin.previous?.claims
  const template = spec.idToken?.issuerTemplate
  const issuer = template ? issuerFromTemplate(template, idToken) : ep.issuer
  if (!issuer) throw new ArgumentError(`${spec.displayName}: an ID token needs an issuer to check it against`)
  return support.idTokens.validateIdToken(idToken, {
    issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    // The spec's explicit allow-list wins over discovery (LINE: HS256 with the channel secret).
    algorithms: spec.idToken?.algorithms,
    keys: ctx.keys(ep),
    metadata: ep.metadata,
    nonce: origin.nonce,
    accessToken,
    now: ctx.now,
  })
}

/**
 * Rebuilds tokens stored with `JSON.stringify(tokens)`, refusing another provider's; members of
 * the wrong type are dropped rather than trusted.
 */
export function restoreTokens(
  ctx: ClientContext,
  stored: unknown,
  options?: RestoreOptions<string>,
): ProviderTokens {
  const value = typeof stored === 'string' ? safeJson(stored) : stored
  if (typeof value !== 'object' || value === null) throw new ArgumentError('"stored" must be stored tokens')
  const v = value as Record<string, unknown>
  if (v['provider'] !== ctx.spec.id) {
    throw new ArgumentError(`"stored" holds tokens of "${String(v['provider'])}", not "${ctx.spec.id}"`)
  }
  const tokenSet = TokenSet.fromJSON(v['tokenSet'], { now: ctx.now })
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []
  const echoed = typeof v['echoed'] === 'object' && v['echoed'] !== null ? v['echoed'] : {}
  return tokensOf(ctx.spec, tokenSet, {
    scopes: strings(v['scopes']),
    requested: restoredScopes(strings(v['requested']), options),
    claims:
      typeof v['claims'] === 'object' && v['claims'] !== null ? (v['claims'] as IdTokenClaims) : undefined,
    echoed: Object.fromEntries(Object.entries(echoed).filter(([, x]) => typeof x === 'string')),
  })
}

/**
 * What restored tokens promise, as their type says: no scope unless the caller names some, and
 * each of those one the stored tokens were asked for (else stored tokens would claim, say, an
 * email the provider never granted).
 */
function restoredScopes(stored: readonly string[], options: RestoreOptions<string> | undefined): string[] {
  const wanted = options?.scopes ?? []
  if (!Array.isArray(wanted)) throw new ArgumentError('"options.scopes" must be an array of scopes')
  for (const scope of wanted) {
    if (!stored.includes(scope)) {
      throw new ArgumentError(`"options.scopes" names "${scope}", which the stored tokens were not asked for`)
    }
  }
  return [...wanted]
}

/** The provider tokens around a token set: what `toTokens` and `restoreTokens` both return. */
function tokensOf(spec: ProviderLoginSpec, tokenSet: TokenSet, parts: TokenParts): ProviderTokens {
  return {
    provider: spec.id,
    accessToken: tokenSet.accessToken,
    refreshToken: tokenSet.refreshToken,
    expiresAt: tokenSet.expiresAt,
    scopes: parts.scopes,
    requested: parts.requested,
    fields: extraTokenFields(spec, tokenSet.raw),
    claims: parts.claims,
    echoed: parts.echoed,
    tokenSet,
  }
}
