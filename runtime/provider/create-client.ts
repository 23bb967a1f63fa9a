import type { GenericLoginClient, GenericProviderClient, ProviderClientConfig } from './client-types.js'
import { clientContext } from './lib/client-context.js'
import { loginClient } from './lib/login-methods.js'
import type { ProviderLoginSpec, ProviderSpec } from './spec-types.js'
import type { ApiSupport, ClientSupport } from './support.js'

/**
 * Builds a provider client from a spec and the support modules it needs. Every provider
 * difference is read from the spec's fields; the protocol work is `runtime/oauth2` and, through
 * `support`, `runtime/oidc`. With `apiSupport` the client has `profile` and `api` (and needs the
 * full spec); without it, it is the sign-in client (`authorizationUrl`, `callback`, `refresh`,
 * `revoke`, `restore`), which takes a spec's protocol fields alone (generated files carry them as
 * `loginSpec`), so a bundle of it holds no API operations, response schemas or profile mapping.
 * A spec that needs a module the set lacks is refused at once, naming it (see `neededSupport`).
 * Generated factories call this with exactly the modules their spec needs and narrow the result
 * to the provider's types, so `C` is that typed client.
 *
 * @example
 * import { apiSupport, createClient, discoverySupport, idTokensSupport, userinfoSupport } from 'authspec/provider'
 * const client = createClient(spec, { clientId, clientSecret, redirectUri }, {
 *   api: apiSupport,
 *   discovery: discoverySupport,
 *   idTokens: idTokensSupport,
 *   userinfo: userinfoSupport,
 * })
 * const { url, session } = await client.authorizationUrl({ scopes: ['openid', 'email'] })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export function createClient<C = GenericProviderClient>(
  spec: ProviderSpec,
  config: ProviderClientConfig & { issuer?: string },
  support: ClientSupport & { api: ApiSupport },
): C
export function createClient<C = GenericLoginClient>(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
  support?: ClientSupport,
): C
export function createClient(
  spec: ProviderLoginSpec | ProviderSpec,
  config: ProviderClientConfig & { issuer?: string },
  support: ClientSupport = {},
): GenericLoginClient | GenericProviderClient {
  const { api } = support
  if (!api) return loginClient(clientContext(spec, config, support, 'login'))
  // The overloads pair `api` with a full spec; `api` itself refuses sign-in data from JavaScript.
  const ctx = clientContext(spec as ProviderSpec, config, support, 'client')
  return { ...loginClient(ctx), ...api(ctx) }
}
