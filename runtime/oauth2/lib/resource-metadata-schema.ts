import * as z from 'zod/mini'

const strings = z.optional(z.array(z.string()))

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2). Only the fields the runtime reads or a
 * client commonly shows are typed; the rest are kept (a loose object).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export const ProtectedResourceMetadataSchema = z.looseObject({
  resource: z.url(),
  authorization_servers: z.optional(z.array(z.url())),
  jwks_uri: z.optional(z.url()),
  scopes_supported: strings,
  bearer_methods_supported: strings,
  resource_name: z.optional(z.string()),
  resource_documentation: z.optional(z.url()),
  dpop_bound_access_tokens_required: z.optional(z.boolean()),
})

export type ProtectedResourceMetadata = z.output<typeof ProtectedResourceMetadataSchema>
