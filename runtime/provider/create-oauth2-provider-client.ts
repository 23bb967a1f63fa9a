import { ArgumentError } from '../errors.js'
import { applySecretClientAuth } from '../oauth2/lib/secret-auth.js'
import type { ProviderClientConfig } from './client-types.js'
import { buildProviderClient, type GenericProviderClient } from './lib/build-client.js'
import { fitsOAuth2Client } from './lib/fits-oauth2.js'
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
  if (!fitsOAuth2Client(spec)) {
    throw new ArgumentError(
      `${spec?.displayName} needs OpenID Connect, discovery or JWT client authentication: use createProviderClient`,
    )
  }
  return buildProviderClient<C>(spec, config, { clientAuth: applySecretClientAuth })
}
