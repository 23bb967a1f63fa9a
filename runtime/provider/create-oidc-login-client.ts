import type { ProviderClientConfig } from './client-types.js'
import { buildLoginClient, type GenericLoginClient } from './lib/build-login-client.js'
import { oidcSupportFor } from './lib/oidc-entry.js'
import type { ProviderLoginSpec } from './spec-types.js'

/**
 * The sign-in part of `createOidcProviderClient`: `authorizationUrl`, `callback` (ID token
 * validated), `refresh`, `revoke` and `restore`, without `profile` (so without UserInfo) and
 * `api`. Takes only what sign-in reads of a spec, so a bundle of it holds no API operations,
 * response schemas, profile mapping or documentation. Generated `<provider>Login` factories of
 * OpenID Connect providers with secret-based client authentication call it.
 *
 * @example
 * const g = createOidcLoginClient<GoogleLoginClient>(loginSpec, { clientId, clientSecret, redirectUri })
 * const { url, session } = await g.authorizationUrl({ scopes: ['openid', 'email'] })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export function createOidcLoginClient<C = GenericLoginClient>(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
): C {
  return buildLoginClient(spec, config, oidcSupportFor(spec)).client as C
}
