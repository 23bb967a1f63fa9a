import { z } from 'zod'
import { ArgumentError } from '../errors.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import { type EndpointSource, mergeParams, type ParamInput, resolveEndpoint } from './lib/endpoint.js'
import { postForm } from './lib/post-form.js'
import type { ClientConfig, RequestOptions } from './types.js'

export interface RevokeTokenInput extends EndpointSource {
  client: ClientConfig
  token: string
  /** Helps the server find the token (RFC 7009 §2.1). */
  tokenTypeHint?: 'access_token' | 'refresh_token' | (string & {}) | undefined
  extraParams?: ParamInput | undefined
}

/**
 * Revokes an access or refresh token (RFC 7009 §2.1). HTTP 200 is success whatever the body,
 * including for a token the server does not know (§2.2); any other status is an error,
 * carrying the server's RFC 6749 §5.2 error body when it sent one.
 *
 * @example
 * await revokeToken({ metadata, client, token: tokens.refresh_token, tokenTypeHint: 'refresh_token' })
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revokeToken(input: RevokeTokenInput, options: RequestOptions = {}): Promise<void> {
  if (!input.token) throw new ArgumentError('"token" is required')
  const endpoint = resolveEndpoint(input, 'revocation_endpoint', options)
  const body = mergeParams(input.extraParams, { token: input.token, token_type_hint: input.tokenTypeHint })
  const res = await postForm(endpoint, body, input.client, input.metadata?.issuer, options)
  if (res.status === 200) return
  // Not 200: this throws, as an RFC 6749 §5.2 error when the body is one.
  parseOAuthResponse(res, z.unknown(), { okStatuses: [] })
}
