import { ArgumentError } from '../errors.js'
import type { EndpointSource, ParamInput } from './lib/endpoint.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

export interface ExtensionGrantInput extends EndpointSource {
  client: ClientConfig
  /** An absolute URI (RFC 6749 §4.5), e.g. `urn:ietf:params:oauth:grant-type:token-exchange`. */
  grantType: string
  params?: ParamInput | undefined
}

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/

/**
 * Any extension grant by its URI (RFC 6749 §4.5): token exchange (RFC 8693), JWT bearer
 * (RFC 7523 §2.1), SAML bearer, or a server's own.
 *
 * @example
 * const tokens = await extensionGrant({
 *   metadata, client, grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
 *   params: { subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
 * })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export async function extensionGrant(
  input: ExtensionGrantInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  if (!ABSOLUTE_URI.test(input.grantType ?? '')) {
    throw new ArgumentError('"grantType" must be an absolute URI for an extension grant (RFC 6749 §4.5)')
  }
  return tokenRequest(
    {
      endpoint: input.endpoint,
      metadata: input.metadata,
      client: input.client,
      grantType: input.grantType,
      params: input.params,
    },
    options,
  )
}
