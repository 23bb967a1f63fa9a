import * as z from 'zod/mini'
import { ArgumentError } from '../../errors.js'
import { parseOAuthResponse } from '../../lib/json-response.js'
import type { RevokeTokenInput } from '../revoke.js'
import type { RequestOptions } from '../types.js'
import { mergeParams, resolveEndpoint } from './endpoint.js'
import type { ClientAuthApplier } from './secret-auth.js'
import { sendForm } from './send-form.js'

/** `revokeToken` with the client authentication given: callers that never sign JWTs pass a lighter one. */
export async function revokeWith(
  input: RevokeTokenInput,
  options: RequestOptions,
  auth: ClientAuthApplier,
): Promise<void> {
  if (!input.token) throw new ArgumentError('"token" is required')
  const endpoint = resolveEndpoint(input, 'revocation_endpoint', options)
  const body = mergeParams(input.extraParams, { token: input.token, token_type_hint: input.tokenTypeHint })
  const res = await sendForm(endpoint, body, input.client, input.metadata?.issuer, options, auth)
  if (res.status === 200) return
  // Not 200: this throws, as an RFC 6749 §5.2 error when the body is one.
  parseOAuthResponse(res, z.unknown(), { okStatuses: [] })
}
