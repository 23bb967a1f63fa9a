import { ArgumentError } from '../errors.js'
import { formPairs, httpUrl, isFormBody, queryPairs } from './lib/params.js'
import { normalizeParameters } from './normalize-parameters.js'
import { percentEncode } from './percent-encode.js'
import type { RequestBody } from './types.js'

/** The parts of an HTTP request that RFC 5849 §3.4.1 signs. */
export interface BaseStringInput {
  /** HTTP method, any case. */
  method: string
  /** The request URL as sent, query included (the fragment is ignored). */
  url: string | URL
  /**
   * Protocol parameters not already in the query or body (those in the Authorization header);
   * `oauth_signature` and `realm` are left out if present.
   */
  oauthParams: Record<string, string> | Iterable<readonly [string, string]>
  /** The entity body; it is signed only when form-encoded. */
  body?: RequestBody | undefined
  /** The request's Content-Type; a body counts as a form only with `application/x-www-form-urlencoded`. */
  contentType?: string | undefined
}

/**
 * Builds the signature base string (RFC 5849 §3.4.1.1): the uppercase method, the base string
 * URI and the normalized parameters (query, form body and protocol parameters), each
 * percent-encoded and joined with `&`.
 *
 * @example
 * signatureBaseString({
 *   method: 'GET',
 *   url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
 *   oauthParams: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_nonce: 'chapoH', ... },
 * }) // 'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3D…'
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 */
export function signatureBaseString(input: BaseStringInput): string {
  if (typeof input.method !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(input.method)) {
    throw new ArgumentError('"method" must be an HTTP method token')
  }
  const url = httpUrl(input.url, 'url')
  const pairs: Array<readonly [string, string]> = queryPairs(url)
  if (input.body !== undefined && isFormBody(input.body, input.contentType))
    pairs.push(...formPairs(input.body))
  // oauth_signature is left out wherever it travels: header, query or body (§3.4.1.3.1).
  const signed = pairs.filter(([name]) => name !== 'oauth_signature')
  const oauth = Symbol.iterator in input.oauthParams ? input.oauthParams : Object.entries(input.oauthParams)
  for (const [name, value] of oauth as Iterable<readonly [string, string]>) {
    if (name === 'oauth_signature' || name === 'realm') continue
    signed.push([name, value])
  }
  return [
    percentEncode(input.method.toUpperCase()),
    percentEncode(baseStringUri(url)),
    percentEncode(normalizeParameters(signed)),
  ].join('&')
}

/**
 * The base string URI (RFC 5849 §3.4.1.2): lowercase scheme and host, the port only when it is
 * not the scheme's default, the path (`/` when empty); no query, no fragment, no user info.
 *
 * @example
 * baseStringUri('HTTP://EXAMPLE.COM:80/r%20v/X?id=123') // 'http://example.com/r%20v/X'
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
 */
export function baseStringUri(url: string | URL): string {
  const u = httpUrl(url, 'url')
  // WHATWG URL already lowercases the scheme and host and drops the default port.
  return `${u.protocol}//${u.host}${u.pathname || '/'}`
}
