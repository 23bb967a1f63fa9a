/**
 * Provider specs and the generic client generated providers stand on.
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export { claimsProfile } from './claims-profile.js'
export type * from './client-types.js'
export { createClient } from './create-client.js'
export { defineProvider } from './define-provider.js'
export { type ClientKind, neededSupport, type SupportName } from './lib/needed-support.js'
export {
  createOAuth1ProviderClient,
  type OAuth1ProviderClient,
  type OAuth1ProviderConfig,
  type OAuth1ProviderSession,
  type OAuth1ProviderTokens,
} from './oauth1/create-oauth1-provider-client.js'
export { ProviderSpecSchema } from './spec-schema.js'
export type * from './spec-types.js'
export {
  type ApiSupport,
  apiSupport,
  type ClientSupport,
  discoverySupport,
  everySupport,
  type IdTokenSupport,
  idTokensSupport,
  jwtClientAuthSupport,
  type SignedSecretSupport,
  signedSecretSupport,
  userinfoSupport,
} from './support.js'
export { findSpecProblems, validateSpec } from './validate-spec.js'
