/**
 * OAuth 1.0a (RFC 5849): signing, the three-legged flow, problem reports, and a server-side
 * request verifier. Web-standard: Web Crypto, `fetch`, `Request`, `Response`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export { buildAuthorizationUrl } from './authorization-url.js'
export { type BaseStringInput, baseStringUri, signatureBaseString } from './base-string.js'
export { computeBodyHash } from './body-hash.js'
export { type AuthorizationCallback, parseAuthorizationCallback } from './callback.js'
export {
  createOAuth1Client,
  type OAuth1AuthorizationUrlOptions,
  type OAuth1Client,
  type OAuth1ClientConfig,
  type OAuth1Endpoints,
  type OAuth1Transaction,
} from './client.js'
export { createMemoryNonceStore, type MemoryNonceStoreOptions, type NonceStore } from './nonce-store.js'
export { normalizeParameters } from './normalize-parameters.js'
export { percentEncode } from './percent-encode.js'
export { type OAuth1ProblemCode, type ProblemSource, parseOAuthProblem } from './problem.js'
export { oauth1ProblemResponse } from './problem-response.js'
export { fetchProtectedResource, type ProtectedResourceOptions } from './protected-resource.js'
export { createSignature, type SignatureKeys, type VerificationKeys, verifySignature } from './sign.js'
export { type SignedRequest, type SignRequestInput, signRequest } from './sign-request.js'
export { createOAuth1Fetch, type OAuth1Fetch, type OAuth1FetchOptions } from './signed-fetch.js'
export { requestTemporaryCredentials, type TemporaryCredentialsOptions } from './temporary-credentials.js'
export { requestTokenCredentials, type TokenCredentialsOptions } from './token-credentials.js'
export type {
  ConsumerCredentials,
  ParameterPlacement,
  RequestBody,
  RsaPrivateKey,
  RsaPublicKey,
  SignatureMethod,
  SigningOptions,
  TemporaryCredentials,
  TokenCredentials,
  TokenPair,
} from './types.js'
export {
  createOAuth1Verifier,
  type OAuth1ConsumerRecord,
  type OAuth1Rejected,
  type OAuth1TokenRecord,
  type OAuth1Verified,
  type OAuth1Verifier,
  type OAuth1VerifierOptions,
  type OAuth1VerifyResult,
  type VerifyOptions,
} from './verify.js'
