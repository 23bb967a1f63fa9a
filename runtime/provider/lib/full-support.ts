import { applyClientAuth } from '../../oauth2/client-auth.js'
import { createMetadataCache } from '../../oauth2/metadata-cache.js'
import { fetchUserInfo } from '../../oidc/userinfo.js'
import { oidcSupport } from './oidc-support.js'
import type { ClientSupport } from './support.js'

/** Every client authentication method, discovery and OpenID Connect sign-in. */
export const fullLoginSupport: ClientSupport = {
  clientAuth: applyClientAuth,
  oidc: oidcSupport,
  discovery: createMetadataCache,
}

/** Everything: `fullLoginSupport` and UserInfo. */
export const fullSupport: ClientSupport = {
  clientAuth: applyClientAuth,
  oidc: oidcSupport,
  discovery: createMetadataCache,
  userinfo: fetchUserInfo,
}
