import { applyClientAuth } from '../../oauth2/client-auth.js'
import { createMetadataCache } from '../../oauth2/metadata-cache.js'
import { createRemoteJwks } from '../../oidc/jwks-cache.js'
import { fetchUserInfo } from '../../oidc/userinfo.js'
import { validateIdToken } from '../../oidc/validate-id-token.js'
import type { ClientSupport } from './support.js'

/** Everything: every client authentication method, discovery and OpenID Connect. */
export const fullSupport: ClientSupport = {
  clientAuth: applyClientAuth,
  oidc: { validateIdToken, fetchUserInfo, createRemoteJwks },
  discovery: createMetadataCache,
}
