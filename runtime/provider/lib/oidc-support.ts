import { createRemoteJwks } from '../../oidc/jwks-cache.js'
import { validateIdToken } from '../../oidc/validate-id-token.js'
import type { OidcSupport } from './support.js'

/** ID token validation and the remote JWKS of `runtime/oidc`. */
export const oidcSupport: OidcSupport = { validateIdToken, createRemoteJwks }
