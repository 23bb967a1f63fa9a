import type { HttpOptions } from '../lib/http.js'

// Each schema has its own module, so a bundle that validates token responses does not also build
// the metadata schema (module-level zod calls count as side effects to a bundler).
export { type ServerMetadata, ServerMetadataSchema } from './lib/metadata-schema.js'
export { type TokenResponse, TokenResponseSchema } from './lib/token-response-schema.js'

/** Client authentication methods at the token endpoint (RFC 7591 §2, OIDC Core §9). */
export type ClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'none'

/** How this client is registered with the authorization server. */
export interface ClientConfig {
  clientId: string
  clientSecret?: string | undefined
  /** Default `client_secret_basic` with a secret, else `private_key_jwt` with a `privateKey`, else `none`. */
  authMethod?: ClientAuthMethod | undefined
  /** Private key for `private_key_jwt`: a `CryptoKey` or a private JWK, with its `kid`. */
  privateKey?: { key: CryptoKey | JsonWebKey; kid?: string | undefined; alg?: string | undefined } | undefined
  /** Signing algorithm of client assertions; default RS256 (private_key_jwt) / HS256 (client_secret_jwt). */
  assertionAlg?: string | undefined
  /**
   * `aud` of client assertions: the URL of the endpoint called (default, OIDC Core §9) or the
   * server's issuer identifier (which the current RFC 7523 update recommends).
   */
  assertionAudience?: 'endpoint' | 'issuer' | undefined
  redirectUri?: string | undefined
}

/** Common options of every call that talks to the server. */
export interface RequestOptions extends HttpOptions {
  /** Extra headers on the request (e.g. `User-Agent`, `Accept`). */
  headers?: Record<string, string> | undefined
}
