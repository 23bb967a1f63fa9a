import type { ProviderClientConfig } from './client-types.js'
import { buildProviderClient, type GenericProviderClient } from './lib/build-client.js'
import { fullSupport } from './lib/full-support.js'
import type { ProviderSpec } from './spec-types.js'

export { buildProviderClient, type GenericProviderClient } from './lib/build-client.js'

/**
 * Builds a provider client from a spec. Every provider difference is read from the spec's fields
 * (delimiters, PKCE, echoed callback parameters, token quirks, revocation shape, API layout); the
 * protocol work is `runtime/oauth2` and `runtime/oidc`. Generated factories call this and narrow
 * the result to the provider's types, so `C` is that typed client.
 *
 * @example
 * const gh = createProviderClient<GithubClient>(spec, { clientId, clientSecret, redirectUri })
 * const { url, session } = await gh.authorizationUrl({ scopes: ['read:user'] })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createProviderClient<C = GenericProviderClient>(
  spec: ProviderSpec,
  config: ProviderClientConfig & { issuer?: string },
): C {
  return buildProviderClient<C>(spec, config, fullSupport)
}
