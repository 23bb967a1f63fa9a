import { ArgumentError } from '../errors.js'
import { assertSecureUrl } from '../lib/http.js'
import { signRequest } from './sign-request.js'
import type { SigningOptions, TokenPair } from './types.js'

export interface OAuth1FetchOptions extends SigningOptions {
  /** Token credentials; omit for consumer-only ("two-legged") requests. */
  token?: TokenPair | undefined
  /** Add `oauth_body_hash` to requests whose body is not form-encoded. */
  bodyHash?: boolean | undefined
}

/** A `fetch` that signs every request with OAuth 1.0a. */
export type OAuth1Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * Wraps `fetch` so each request is signed (RFC 5849 §3.1) with the consumer and token
 * credentials: a fresh nonce and timestamp per call, form bodies signed, the protocol
 * parameters in the header (default), query or body. Other headers, the signal and redirect
 * mode are kept; `timeout` (milliseconds) aborts the call. Plain http only to loopback unless
 * `allowInsecureRequests`.
 *
 * @example
 * const api = createOAuth1Fetch({ consumer, token })
 * const res = await api('https://api.x.com/1.1/statuses/update.json', {
 *   method: 'POST', body: new URLSearchParams({ status: 'hello' }),
 * })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.1
 */
export function createOAuth1Fetch(options: OAuth1FetchOptions): OAuth1Fetch {
  if (typeof options?.consumer?.key !== 'string') throw new ArgumentError('"consumer" is required')
  const doFetch = options.fetch ?? fetch
  return async (input, init) => {
    const request = new Request(input, init)
    assertSecureUrl(request.url, 'url', options)
    const hasBody = request.body !== null
    const body = hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined
    const signed = await signRequest({
      ...options,
      method: request.method,
      url: request.url,
      body,
      contentType: request.headers.get('content-type') ?? undefined,
    })
    const headers = new Headers(options.headers)
    for (const [name, value] of request.headers) headers.set(name, value)
    for (const [name, value] of Object.entries(signed.headers)) headers.set(name, value)
    const signals = [init?.signal, options.timeout ? AbortSignal.timeout(options.timeout) : undefined].filter(
      (s): s is AbortSignal => s instanceof AbortSignal,
    )
    const outInit: RequestInit = { method: signed.method, headers, redirect: request.redirect }
    if (signed.body !== undefined) outInit.body = signed.body as BodyInit
    if (signals.length > 0) outInit.signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals)
    return doFetch(signed.url, outInit)
  }
}
