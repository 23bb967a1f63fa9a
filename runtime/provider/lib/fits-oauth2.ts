import type { ClientAuthMethod } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

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
export function fitsOAuth2Client(spec: ProviderLoginSpec): boolean {
  return (
    spec.protocol === 'oauth2' &&
    !spec.issuer &&
    !spec.issuerAtRuntime &&
    !signs(spec.clientAuth) &&
    !signs(spec.revocation?.auth)
  )
}

/** Whether a spec's client authentication (token or revocation endpoint) signs a JWT assertion. */
export function signsClientAssertion(spec: ProviderLoginSpec): boolean {
  return signs(spec.clientAuth) || signs(spec.revocation?.auth)
}

/**
 * The lightest client entry that runs a spec: `oauth2` (`createOAuth2ProviderClient`), `oidc`
 * (`createOidcProviderClient`: OpenID Connect or discovery, no JWT client authentication) or
 * `full` (`createProviderClient`). Generated factories call the one named here.
 *
 * @example
 * clientEntryOf(githubSpec) // 'oauth2'; clientEntryOf(googleSpec) // 'oidc'
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function clientEntryOf(spec: ProviderLoginSpec): 'oauth2' | 'oidc' | 'full' {
  if (fitsOAuth2Client(spec)) return 'oauth2'
  return signsClientAssertion(spec) ? 'full' : 'oidc'
}
