import * as z from 'zod/mini'
import { nonEmpty } from './schema.js'

/**
 * A successful token response (RFC 6749 §5.1). Unknown members are kept (a loose object) so
 * provider-specific fields (`id_token`, `refresh_token_expires_in`, `user_id`…) survive.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TokenResponseSchema = z.looseObject({
  access_token: nonEmpty(),
  token_type: nonEmpty(),
  expires_in: z.optional(z.coerce.number().check(z.refine(seconds, 'expected whole seconds'))),
  refresh_token: z.optional(nonEmpty()),
  scope: z.optional(z.string()),
  id_token: z.optional(nonEmpty()),
})

export type TokenResponse = z.output<typeof TokenResponseSchema>

/** A lifetime in whole, non-negative seconds (RFC 6749 §5.1 `expires_in`). */
function seconds(n: number): boolean {
  return Number.isInteger(n) && n >= 0
}
