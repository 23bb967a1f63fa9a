import { ArgumentError } from '../../errors.js'
import { applySecretClientAuth } from '../../oauth2/lib/secret-auth.js'
import { createMetadataCache } from '../../oauth2/metadata-cache.js'
import type { fetchUserInfo } from '../../oidc/userinfo.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { signsClientAssertion } from './fits-oauth2.js'
import { oidcSupport } from './oidc-support.js'
import type { ClientSupport } from './support.js'

/**
 * The protocol pieces of the OpenID Connect entries (`createOidcProviderClient`,
 * `createOidcLoginClient`): discovery, ID token validation and JWKS (UserInfo when given), without the JWT
 * signing of `client_secret_jwt` and `private_key_jwt`. Refuses a spec that signs assertions.
 */
export function oidcSupportFor(spec: ProviderLoginSpec, userinfo?: typeof fetchUserInfo): ClientSupport {
  if (!spec || signsClientAssertion(spec)) {
    throw new ArgumentError(`${spec?.displayName} signs client assertions: use createProviderClient`)
  }
  return { clientAuth: applySecretClientAuth, oidc: oidcSupport, discovery: createMetadataCache, userinfo }
}
