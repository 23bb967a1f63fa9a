import { ArgumentError } from '../errors.js'
import { assertSecureUrl, type HttpOptions } from '../lib/http.js'
import type { TokenPair } from './types.js'

/**
 * Builds the Resource Owner Authorization URL (RFC 5849 §2.2): the endpoint with
 * `oauth_token` set to the temporary token, plus any parameters the server defines
 * (e.g. `force_login`). Redirect the user's browser there with a GET.
 *
 * @example
 * const url = buildAuthorizationUrl('https://api.x.com/oauth/authorize', temporary)
 * return Response.redirect(url, 302)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
export function buildAuthorizationUrl(
  endpoint: string | URL,
  temporaryToken: string | Pick<TokenPair, 'key'>,
  extra?: Record<string, string>,
  options?: Pick<HttpOptions, 'allowInsecureRequests'>,
): URL {
  const url = assertSecureUrl(endpoint, 'endpoint', options)
  const token = typeof temporaryToken === 'string' ? temporaryToken : temporaryToken?.key
  if (typeof token !== 'string' || token === '')
    throw new ArgumentError('"temporaryToken" must be a non-empty token')
  if (url.searchParams.has('oauth_token')) {
    throw new ArgumentError('"endpoint" must not carry oauth_token; pass the temporary token instead')
  }
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (name === 'oauth_token') throw new ArgumentError('"extra" must not set oauth_token')
    url.searchParams.set(name, value)
  }
  url.searchParams.set('oauth_token', token)
  return url
}
