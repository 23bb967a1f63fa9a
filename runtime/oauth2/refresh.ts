import { ArgumentError } from '../errors.js'
import { type EndpointSource, joinScope, mergeParams, type ParamInput } from './lib/endpoint.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

export interface RefreshTokenGrantInput extends EndpointSource {
  client: ClientConfig
  refreshToken: string
  /** A narrower scope than the original grant (RFC 6749 §6); omit to keep it. */
  scope?: readonly string[] | undefined
  scopeDelimiter?: string | undefined
  extraParams?: ParamInput | undefined
}

/**
 * Refreshes an access token (RFC 6749 §6). When the server rotates refresh tokens the new one
 * is returned; when the answer carries none, the refresh token that was sent is kept in the
 * result (RFC 6749 §6 lets the server keep the old one valid), so callers can always store
 * `result.refresh_token`.
 *
 * @example
 * const tokens = await refreshTokenGrant({ metadata, client, refreshToken: stored.refresh_token })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export async function refreshTokenGrant(
  input: RefreshTokenGrantInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  if (!input.refreshToken) throw new ArgumentError('"refreshToken" is required')
  const params = mergeParams(input.extraParams, {
    refresh_token: input.refreshToken,
    scope: joinScope(input.scope, input.scopeDelimiter),
  })
  const tokens = await tokenRequest(
    {
      endpoint: input.endpoint,
      metadata: input.metadata,
      client: input.client,
      grantType: 'refresh_token',
      params,
    },
    options,
  )
  return tokens.refresh_token === undefined ? { ...tokens, refresh_token: input.refreshToken } : tokens
}
