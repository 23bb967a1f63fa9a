import { ArgumentError } from '../../errors.js'
import type { AccessTokenSource, ApiParams, ProviderClientConfig } from '../client-types.js'
import type { NormalizedProfile, ProviderSpec } from '../spec-types.js'
import { buildLoginClient, type GenericLoginClient, type Tokens } from './build-login-client.js'
import { callApi } from './call-api.js'
import { accessTokenOf } from './client-checks.js'
import type { ClientSupport } from './support.js'

type ApiMethod = (tokens: AccessTokenSource, params?: ApiParams) => Promise<unknown>

/** The untyped client; generated factories give it the provider's types. */
export interface GenericProviderClient extends GenericLoginClient {
  profile(tokens: Tokens): Promise<NormalizedProfile>
  api: Record<string, ApiMethod>
}

/**
 * Builds a provider client from a spec and the protocol pieces given: the sign-in client of
 * `buildLoginClient`, plus the spec's API operations and its profile mapping. The protocol work
 * is `runtime/oauth2` and `runtime/oidc`, reached through `support` so a bundler keeps only what
 * the entry passed (`createProviderClient`: all; `createOAuth2ProviderClient`: no OIDC, discovery
 * or JWT client authentication).
 */
export function buildProviderClient<C = GenericProviderClient>(
  spec: ProviderSpec,
  config: ProviderClientConfig & { issuer?: string },
  support: ClientSupport,
): C {
  const { client, endpoints, http, jwks, now } = buildLoginClient(spec, config, support)
  const userinfo = support.userinfo

  const api: Record<string, ApiMethod> = {}
  for (const [name, op] of Object.entries(spec.api?.operations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    api[name] = (tokens, params) =>
      callApi(
        { api: spec.api!, config: { ...config, ...http }, accessToken: accessTokenOf(tokens) },
        name,
        op,
        params,
      )
  }

  const generic: GenericProviderClient = {
    ...client,
    api,

    async profile(tokens) {
      const ep = await endpoints()
      const bound: Record<string, (params?: ApiParams) => Promise<unknown>> = {}
      for (const [name, call] of Object.entries(api)) bound[name] = (params) => call(tokens, params)
      return spec.profile({
        tokens: { accessToken: tokens.accessToken, scopes: tokens.scopes, raw: tokens.tokenSet.raw },
        claims: tokens.claims,
        userinfo: async () => {
          if (!ep.userinfo) throw new ArgumentError(`${spec.displayName} has no userinfo endpoint`)
          const expectedSub = tokens.claims?.sub
          if (!expectedSub)
            throw new ArgumentError('userinfo needs the ID token claims (request the "openid" scope)')
          if (!userinfo)
            throw new ArgumentError(
              `${spec.displayName}: userinfo is OpenID Connect; use createProviderClient`,
            )
          const info = await userinfo(
            ep.userinfo,
            tokens.accessToken,
            { expectedSub, issuer: ep.issuer, clientId: config.clientId, keys: jwks(ep), now },
            http,
          )
          return info as unknown as Record<string, unknown>
        },
        api: bound as never,
      })
    },
  }
  return generic as C
}
