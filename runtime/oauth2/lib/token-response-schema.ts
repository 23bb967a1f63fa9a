import * as z from 'zod/mini'
import { _coercedNumber } from 'zod/v4/core'
import { nonEmpty } from './schema.js'

/**
 * A successful token response (RFC 6749 §5.1). Unknown members are kept (a loose object) so
 * provider-specific fields (`id_token`, `refresh_token_expires_in`, `user_id`…) survive.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TokenResponseSchema = z.looseObject({
  access_token: nonEmpty(),
  token_type: nonEmpty(),
  // `z.coerce.number()` itself, minus the namespace: reading `z.coerce.number` makes a bundler keep
  // every coercing schema (bigint, date, boolean…) that `z.coerce` holds.
  expires_in: z.optional(_coercedNumber(z.ZodMiniNumber).check(z.refine(seconds, 'expected whole seconds'))),
  refresh_token: z.optional(nonEmpty()),
  scope: z.optional(z.string()),
  id_token: z.optional(nonEmpty()),
})

export type TokenResponse = z.output<typeof TokenResponseSchema>

/** A lifetime in whole, non-negative seconds (RFC 6749 §5.1 `expires_in`). */
function seconds(n: number): boolean {
  return Number.isInteger(n) && n >= 0
}
