import * as z from 'zod/mini'
import type { HttpOptions } from '../lib/http.js'
import { nonEmpty } from './lib/schema.js'

const url = z.optional(z.url())
const strings = z.optional(z.array(z.string()))

/**
 * A successful token response (RFC 6749 §5.1). Unknown members are kept (a loose object) so
 * provider-specific fields (`id_token`, `refresh_token_expires_in`, `user_id`…) survive.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TokenResponseSchema = z.looseObject({
  access_token: nonEmpty(),
  token_type: nonEmpty(),
  expires_in: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
  refresh_token: z.optional(nonEmpty()),
  scope: z.optional(z.string()),
  id_token: z.optional(nonEmpty()),
})

export type TokenResponse = z.output<typeof TokenResponseSchema>

/**
 * Authorization server metadata (RFC 8414 §2, OpenID Connect Discovery 1.0 §3). Only the
 * fields the runtime reads are typed; the rest are kept.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export const ServerMetadataSchema = z.looseObject({
  issuer: z.url(),
  authorization_endpoint: url,
  token_endpoint: url,
  jwks_uri: url,
  userinfo_endpoint: url,
  registration_endpoint: url,
  revocation_endpoint: url,
  introspection_endpoint: url,
  device_authorization_endpoint: url,
  end_session_endpoint: url,
  scopes_supported: strings,
  response_types_supported: strings,
  response_modes_supported: strings,
  grant_types_supported: strings,
  token_endpoint_auth_methods_supported: strings,
  token_endpoint_auth_signing_alg_values_supported: strings,
  code_challenge_methods_supported: strings,
  id_token_signing_alg_values_supported: strings,
  userinfo_signing_alg_values_supported: strings,
  authorization_response_iss_parameter_supported: z.optional(z.boolean()),
  claims_supported: strings,
})

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
