import type { ProviderClientConfig } from './client-types.js'
import { buildLoginClient, type GenericLoginClient } from './lib/build-login-client.js'
import { oauth2SupportFor } from './lib/oauth2-entry.js'
import type { ProviderLoginSpec } from './spec-types.js'

/**
 * The sign-in part of `createOAuth2ProviderClient`: `authorizationUrl`, `callback`, `refresh`,
 * `revoke` and `restore`, without `profile` and `api`, for a plain OAuth 2.0 spec. Takes only what
 * sign-in reads of a spec (generated files carry it as data), so a bundle of it holds no API
 * operations, response schemas, profile mapping or documentation. Generated `<provider>Login`
 * factories of OAuth 2.0 providers call it.
 *
 * @example
 * const gh = createOAuth2LoginClient<GithubLoginClient>(loginSpec, { clientId, clientSecret, redirectUri })
 * const { url, session } = await gh.authorizationUrl({ scopes: ['read:user'] })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createOAuth2LoginClient<C = GenericLoginClient>(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig,
): C {
  return buildLoginClient(spec, config, oauth2SupportFor(spec)).client as C
}
