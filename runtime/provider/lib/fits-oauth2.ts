import type { ClientAuthMethod } from '../../oauth2/types.js'
import type { ProviderSpec } from '../spec-types.js'

const signs = (method: ClientAuthMethod | undefined) =>
  method === 'client_secret_jwt' || method === 'private_key_jwt'

/**
 * Whether `createOAuth2ProviderClient` can run a spec: plain OAuth 2.0 (no ID token to validate),
 * endpoints listed rather than discovered, and a client authentication that signs nothing. The
 * generator picks the lighter entry with it.
 *
 * @example
 * fitsOAuth2Client(githubSpec) // true; an OpenID Connect spec gives false
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export function fitsOAuth2Client(spec: ProviderSpec): boolean {
  return (
    spec.protocol === 'oauth2' &&
    !spec.issuer &&
    !spec.issuerAtRuntime &&
    !signs(spec.clientAuth) &&
    !signs(spec.revocation?.auth)
  )
}
