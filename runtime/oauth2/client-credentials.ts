import { type EndpointSource, joinScope, mergeParams, type ParamInput } from './lib/endpoint.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

export interface ClientCredentialsGrantInput extends EndpointSource {
  client: ClientConfig
  scope?: readonly string[] | undefined
  scopeDelimiter?: string | undefined
  /** `resource` (RFC 8707), `audience` and other parameters. */
  extraParams?: ParamInput | undefined
}

/**
 * Gets a token for the client itself (RFC 6749 §4.4). Such tokens are fetched again rather
 * than refreshed (§4.4.3: no refresh token should be issued).
 *
 * @example
 * const tokens = await clientCredentialsGrant({ metadata, client: { clientId, clientSecret }, scope: ['api'] })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function clientCredentialsGrant(
  input: ClientCredentialsGrantInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  const params = mergeParams(input.extraParams, { scope: joinScope(input.scope, input.scopeDelimiter) })
  return tokenRequest(
    {
      endpoint: input.endpoint,
      metadata: input.metadata,
      client: input.client,
      grantType: 'client_credentials',
      params,
    },
    options,
  )
}
