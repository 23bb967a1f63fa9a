import type { HttpResponse } from '../lib/http.js'
import { assertSecureUrl } from '../lib/http.js'
import { sendSigned, throwIfProblem } from './lib/send.js'
import type { RequestBody, SigningOptions, TokenPair } from './types.js'

export interface ProtectedResourceOptions extends SigningOptions {
  /** Token credentials from `requestTokenCredentials`. */
  token: TokenPair
  /** HTTP method; default `GET`. */
  method?: string | undefined
  body?: RequestBody | undefined
  contentType?: string | undefined
  /** Add `oauth_body_hash` for a body that is not form-encoded. */
  bodyHash?: boolean | undefined
}

/**
 * Makes a signed request to a protected resource (RFC 5849 §3) and returns the response.
 * A response carrying an OAuth problem report (`401` with `oauth_problem`) becomes an
 * `OAUTH1_PROBLEM` `OAuthError`; other statuses are the caller's to interpret.
 *
 * @example
 * const res = await fetchProtectedResource('https://api.x.com/1.1/account/verify_credentials.json', {
 *   consumer, token,
 * })
 * const me = JSON.parse(res.text())
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3
 */
export async function fetchProtectedResource(
  url: string | URL,
  options: ProtectedResourceOptions,
): Promise<HttpResponse> {
  const target = assertSecureUrl(url, 'url', options)
  const res = await sendSigned({ ...options, method: options.method ?? 'GET', url: target }, options)
  if (res.status === 400 || res.status === 401 || res.status === 403) throwIfProblem(res)
  return res
}
