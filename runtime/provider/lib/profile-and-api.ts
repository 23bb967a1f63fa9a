import { ArgumentError } from '../../errors.js'
import { profileRequirement } from '../claims-profile.js'
import type { ApiMethod, ApiParams, GenericProviderClient, ProviderTokens } from '../client-types.js'
import type { NormalizedProfile, ProviderSpec } from '../spec-types.js'
import { callApi } from './call-api.js'
import { accessTokenOf } from './client-checks.js'
import type { ClientContext } from './client-context.js'

/**
 * What a full client adds to the sign-in client: the spec's API operations (sorted by name), and
 * `profile`, the spec's mapping given the tokens, the ID token claims, UserInfo and the API.
 * `apiSupport` is this function.
 */
export function profileAndApi(
  ctx: ClientContext<ProviderSpec>,
): Pick<GenericProviderClient, 'profile' | 'api'> {
  if (typeof ctx.spec.profile !== 'function') {
    throw new ArgumentError(
      '"spec" has no profile mapping: "api" support needs the full spec, not its loginSpec',
    )
  }
  const api = apiOperations(ctx)
  return { api, profile: (tokens) => profile(ctx, api, tokens) }
}

function apiOperations(ctx: ClientContext<ProviderSpec>): Record<string, ApiMethod> {
  const { spec, config, http } = ctx
  const api: Record<string, ApiMethod> = {}
  if (!spec.api) return api
  const apiSpec = spec.api
  for (const [name, op] of Object.entries(apiSpec.operations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    api[name] = (tokens, params) =>
      callApi(
        { api: apiSpec, config: { ...config, ...http }, accessToken: accessTokenOf(tokens) },
        name,
        op,
        params,
      )
  }
  return api
}

async function profile(
  ctx: ClientContext<ProviderSpec>,
  api: Record<string, ApiMethod>,
  tokens: ProviderTokens,
): Promise<NormalizedProfile> {
  const needs = profileRequirement(ctx.spec)
  if (needs && !needs.some((scope) => tokens?.requested?.includes(scope))) {
    throw new ArgumentError(
      `${ctx.spec.displayName}: profile() needs tokens asked for with ${needs.map((s) => `"${s}"`).join(' or ')}`,
    )
  }
  const bound: Record<string, (params?: ApiParams) => Promise<unknown>> = {}
  for (const [name, call] of Object.entries(api)) bound[name] = (params) => call(tokens, params)
  return ctx.spec.profile({
    tokens: {
      accessToken: tokens.accessToken,
      scopes: tokens.scopes,
      raw: tokens.tokenSet.raw,
      fields: tokens.fields as Readonly<Record<string, unknown>>,
    },
    claims: tokens.claims,
    userinfo: () => userinfo(ctx, tokens),
    api: bound as never,
  })
}

/** UserInfo for the profile mapping, its `sub` checked against the ID token's. */
async function userinfo(
  ctx: ClientContext<ProviderSpec>,
  tokens: ProviderTokens,
): Promise<Record<string, unknown>> {
  const { spec, support, config } = ctx
  const ep = await ctx.endpoints()
  if (!ep.userinfo) throw new ArgumentError(`${spec.displayName} has no userinfo endpoint`)
  const expectedSub = tokens.claims?.sub
  if (!expectedSub) throw new ArgumentError('userinfo needs the ID token claims (request the "openid" scope)')
  if (!support.userinfo) {
    throw new ArgumentError(`${spec.displayName}: userinfo is OpenID Connect; pass "userinfo" support`)
  }
  const info = await support.userinfo(
    ep.userinfo,
    tokens.accessToken,
    { expectedSub, issuer: ep.issuer, clientId: config.clientId, keys: ctx.keys(ep), now: ctx.now },
    ctx.http,
  )
  return info as unknown as Record<string, unknown>
}
