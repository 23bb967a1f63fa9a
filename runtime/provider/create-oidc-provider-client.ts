import { fetchUserInfo } from '../oidc/userinfo.js'
import type { ProviderClientConfig } from './client-types.js'
import { buildProviderClient, type GenericProviderClient } from './lib/build-client.js'
import { oidcSupportFor } from './lib/oidc-entry.js'
import type { ProviderSpec } from './spec-types.js'

/**
 * `createProviderClient` for a spec whose client authentication signs nothing: discovery, ID
 * token validation, UserInfo and JWKS, without the JWT signing of `client_secret_jwt` and
 * `private_key_jwt`. Generated clients of OpenID Connect providers with secret-based client
 * authentication call it.
 *
 * @example
 * const g = createOidcProviderClient<GoogleClient>(spec, { clientId, clientSecret, redirectUri })
 * const { url, session } = await g.authorizationUrl({ scopes: ['openid', 'email'] })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export function createOidcProviderClient<C = GenericProviderClient>(
  spec: ProviderSpec,
  config: ProviderClientConfig & { issuer?: string },
): C {
  return buildProviderClient<C>(spec, config, oidcSupportFor(spec, fetchUserInfo))
}
