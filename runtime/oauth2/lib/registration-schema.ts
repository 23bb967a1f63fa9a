import * as z from 'zod/mini'
import { nonEmpty } from './schema.js'

const seconds = z.optional(z.int().check(z.nonnegative()))

/**
 * A client information response (RFC 7591 §3.2.1): the issued `client_id`, maybe a secret and
 * its expiry, and the registered metadata as the server accepted it (it may change what was
 * asked for, so the client reads `token_endpoint_auth_method` from here). Unknown members are
 * kept.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 */
export const ClientRegistrationSchema = z.looseObject({
  client_id: nonEmpty(),
  client_secret: z.optional(nonEmpty()),
  client_id_issued_at: seconds,
  /** 0 means the secret does not expire. */
  client_secret_expires_at: seconds,
  registration_access_token: z.optional(nonEmpty()),
  registration_client_uri: z.optional(z.url()),
  redirect_uris: z.optional(z.array(z.string())),
  token_endpoint_auth_method: z.optional(z.string()),
  grant_types: z.optional(z.array(z.string())),
  response_types: z.optional(z.array(z.string())),
  application_type: z.optional(z.string()),
  client_name: z.optional(z.string()),
  scope: z.optional(z.string()),
})

export type ClientRegistration = z.output<typeof ClientRegistrationSchema>
