import { ArgumentError } from '../../errors.js'
import { applySecretClientAuth } from '../../oauth2/lib/secret-auth.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { fitsOAuth2Client } from './fits-oauth2.js'
import type { ClientSupport } from './support.js'

/**
 * The protocol pieces of the OAuth 2.0 entries (`createOAuth2ProviderClient`,
 * `createOAuth2LoginClient`): secret-based client authentication only, so a bundle carries no ID
 * token validation, discovery or JWT library. Refuses a spec that needs more.
 */
export function oauth2SupportFor(spec: ProviderLoginSpec): ClientSupport {
  if (!fitsOAuth2Client(spec)) {
    throw new ArgumentError(
      `${spec?.displayName} needs OpenID Connect, discovery or JWT client authentication: use createProviderClient`,
    )
  }
  return { clientAuth: applySecretClientAuth }
}
