import { applyClientAuth } from '../../oauth2/client-auth.js'
import { createMetadataCache } from '../../oauth2/metadata-cache.js'
import { oidcSupport } from './oidc-support.js'
import type { ClientSupport } from './support.js'

/** Everything: every client authentication method, discovery and OpenID Connect. */
export const fullSupport: ClientSupport = {
  clientAuth: applyClientAuth,
  oidc: oidcSupport,
  discovery: createMetadataCache,
}
