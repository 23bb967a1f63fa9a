import { ArgumentError } from '../errors.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import {
  appendParams,
  assertNoReserved,
  type EndpointSource,
  type ParamInput,
  resolveEndpoint,
} from './lib/endpoint.js'
import { CLIENT_AUTH_PARAMS, postForm } from './lib/post-form.js'
import { type TokenResponse, TokenResponseSchema } from './lib/token-response-schema.js'
import type { ClientConfig, RequestOptions } from './types.js'

export interface TokenRequestInput extends EndpointSource {
  client: ClientConfig
  /** `grant_type`: a registered name (`authorization_code`…) or an absolute URI for extension grants. */
  grantType: string
  /** The grant's parameters; `undefined` values are left out. */
  params?: ParamInput | undefined
}

/**
 * The token endpoint call every grant shares (RFC 6749 §3.2): a form POST with client
 * authentication and `Accept: application/json`. The answer is zod-checked; an RFC 6749 §5.2
 * error body (even with HTTP 200, as some providers send it) becomes `OAUTH_RESPONSE_ERROR`,
 * HTML or other non-JSON becomes `INVALID_RESPONSE`. A form-encoded answer is accepted.
 *
 * @example
 * const tokens = await tokenRequest({ metadata, client, grantType: 'urn:example:grant', params: { foo: 'bar' } })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
export async function tokenRequest(
  input: TokenRequestInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  if (!input.grantType) throw new ArgumentError('"grantType" is required')
  const endpoint = resolveEndpoint(input, 'token_endpoint', options)
  assertNoReserved(input.params, ['grant_type', ...CLIENT_AUTH_PARAMS], 'params')
  const body = new URLSearchParams({ grant_type: input.grantType })
  appendParams(body, input.params)
  const res = await postForm(endpoint, body, input.client, input.metadata?.issuer, options)
  return parseOAuthResponse(res, TokenResponseSchema, { allowForm: true })
}
