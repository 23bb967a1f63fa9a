import type { ProviderClientConfig } from './client-types.js'
import { buildProviderClient, type GenericProviderClient } from './lib/build-client.js'
import { oauth2SupportFor } from './lib/oauth2-entry.js'
import type { ProviderSpec } from './spec-types.js'

/**
 * `createProviderClient` for a plain OAuth 2.0 spec, without what such a provider cannot use:
 * no ID token validation, UserInfo or JWKS, no JWT client assertions (so a bundle of it carries no
 * JWT library) and no discovery (the spec lists its endpoints; pass a `metadataCache` to discover
 * from an overridden issuer). Generated clients of OAuth 2.0 providers call it.
 *
 * @example
 * const gh = createOAuth2ProviderClient<GithubClient>(spec, { clientId, clientSecret, redirectUri })
 * const { url, session } = await gh.authorizationUrl({ scopes: ['read:user'] })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createOAuth2ProviderClient<C = GenericProviderClient>(
  spec: ProviderSpec,
  config: ProviderClientConfig,
): C {
  return buildProviderClient<C>(spec, config, oauth2SupportFor(spec))
}
