import { createRemoteJwks } from '../../oidc/jwks-cache.js'
import { fetchUserInfo } from '../../oidc/userinfo.js'
import { validateIdToken } from '../../oidc/validate-id-token.js'
import type { OidcSupport } from './support.js'

/** ID token validation, UserInfo and the remote JWKS of `runtime/oidc`. */
export const oidcSupport: OidcSupport = { validateIdToken, fetchUserInfo, createRemoteJwks }
