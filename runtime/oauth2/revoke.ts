import { applyClientAuth } from './client-auth.js'
import type { EndpointSource, ParamInput } from './lib/endpoint.js'
import { revokeWith } from './lib/revoke-with.js'
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
export function revokeToken(input: RevokeTokenInput, options: RequestOptions = {}): Promise<void> {
  return revokeWith(input, options, applyClientAuth)
}
