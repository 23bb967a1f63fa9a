import { OAuthError } from '../../errors.js'
import type { TokenResponse } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/**
 * Reads `expires_in` the provider's way, from the spec's `tokenResponse.expiresIn` quirks: with
 * `zeroMeansNever`, `0` is dropped (the token does not expire); otherwise `0` stays "already
 * expired" as RFC 6749 §5.1 reads.
 *
 * @example
 * const response = withLifetime(spec, await tokenCall(...))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function withLifetime(spec: ProviderLoginSpec, response: TokenResponse): TokenResponse {
  if (response.expires_in !== 0 || !spec.tokenResponse?.expiresIn?.zeroMeansNever) return response
  const { expires_in: _never, ...lasting } = response
  return lasting as TokenResponse
}

/**
 * Checks how a JSON token response wrote `expires_in`: RFC 6749 §5.1 asks for a JSON number, and
 * only a spec with `tokenResponse.expiresIn.asString` accepts a string of digits. Form-encoded
 * responses carry every value as text and are not checked.
 *
 * @example
 * checkExpiresInEncoding(spec, decodeBody(res, allowForm), res.headers.get('content-type'))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function checkExpiresInEncoding(
  spec: ProviderLoginSpec,
  body: unknown,
  contentType: string | null,
): void {
  if (!(contentType ?? '').includes('json') || typeof body !== 'object' || body === null) return
  const value = (body as Record<string, unknown>)['expires_in']
  if (typeof value !== 'string') return
  if (spec.tokenResponse?.expiresIn?.asString && /^\d+$/.test(value)) return
  throw new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: spec.tokenResponse?.expiresIn?.asString
      ? `token response field "expires_in" must be a number of seconds, got ${JSON.stringify(value)}`
      : `token response field "expires_in" must be a JSON number, got the string ${JSON.stringify(value)} (a provider that sends strings sets tokenResponse.expiresIn.asString)`,
    claim: 'expires_in',
  })
}
