import { z } from 'zod'
import type { HttpOptions } from '../lib/http.js'

/**
 * A successful token response (RFC 6749 §5.1). Unknown members are kept (`passthrough`) so
 * provider-specific fields (`id_token`, `refresh_token_expires_in`, `user_id`…) survive.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().min(1),
    expires_in: z.coerce.number().int().nonnegative().optional(),
    refresh_token: z.string().min(1).optional(),
    scope: z.string().optional(),
    id_token: z.string().min(1).optional(),
  })
  .passthrough()

export type TokenResponse = z.output<typeof TokenResponseSchema>

/**
 * Authorization server metadata (RFC 8414 §2, OpenID Connect Discovery 1.0 §3). Only the
 * fields the runtime reads are typed; the rest are kept.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export const ServerMetadataSchema = z
  .object({
    issuer: z.string().url(),
    authorization_endpoint: z.string().url().optional(),
    token_endpoint: z.string().url().optional(),
    jwks_uri: z.string().url().optional(),
    userinfo_endpoint: z.string().url().optional(),
    registration_endpoint: z.string().url().optional(),
    revocation_endpoint: z.string().url().optional(),
    introspection_endpoint: z.string().url().optional(),
    device_authorization_endpoint: z.string().url().optional(),
    end_session_endpoint: z.string().url().optional(),
    scopes_supported: z.array(z.string()).optional(),
    response_types_supported: z.array(z.string()).optional(),
    response_modes_supported: z.array(z.string()).optional(),
    grant_types_supported: z.array(z.string()).optional(),
    token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
    token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).optional(),
    code_challenge_methods_supported: z.array(z.string()).optional(),
    id_token_signing_alg_values_supported: z.array(z.string()).optional(),
    userinfo_signing_alg_values_supported: z.array(z.string()).optional(),
    authorization_response_iss_parameter_supported: z.boolean().optional(),
    claims_supported: z.array(z.string()).optional(),
  })
  .passthrough()

export type ServerMetadata = z.output<typeof ServerMetadataSchema>

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
