/**
 * Provider specs and the generic client generated providers stand on.
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export type * from './client-types.js'
export { createLoginClient, type GenericLoginClient } from './create-login-client.js'
export { createOAuth2LoginClient } from './create-oauth2-login-client.js'
export { createOAuth2ProviderClient } from './create-oauth2-provider-client.js'
export { createOidcLoginClient } from './create-oidc-login-client.js'
export { createOidcProviderClient } from './create-oidc-provider-client.js'
export { createProviderClient, type GenericProviderClient } from './create-provider-client.js'
export { defineProvider } from './define-provider.js'
export { clientEntryOf, fitsOAuth2Client } from './lib/fits-oauth2.js'
export {
  createOAuth1ProviderClient,
  type OAuth1ProviderClient,
  type OAuth1ProviderConfig,
  type OAuth1ProviderSession,
  type OAuth1ProviderTokens,
} from './oauth1/create-oauth1-provider-client.js'
export { ProviderSpecSchema } from './spec-schema.js'
export type * from './spec-types.js'
export { findSpecProblems, validateSpec } from './validate-spec.js'
