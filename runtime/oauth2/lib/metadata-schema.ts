import * as z from 'zod/mini'

const url = z.optional(z.url())
const strings = z.optional(z.array(z.string()))

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
  /** The server accepts an HTTPS URL of the client's metadata as its `client_id` (CIMD draft §5). */
  client_id_metadata_document_supported: z.optional(z.boolean()),
  claims_supported: strings,
})

export type ServerMetadata = z.output<typeof ServerMetadataSchema>
