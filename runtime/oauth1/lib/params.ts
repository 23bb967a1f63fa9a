import { ArgumentError } from '../../errors.js'
import type { RequestBody } from '../types.js'

export const FORM_TYPE = 'application/x-www-form-urlencoded'

/** The media type of a Content-Type value, lowercased, without parameters. */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase()
}

/**
 * Whether a body takes part in the signature (RFC 5849 §3.4.1.3.1): only a single-part body
 * declared `application/x-www-form-urlencoded` (a `URLSearchParams` body always is).
 */
export function isFormBody(body: RequestBody | undefined, contentType: string | undefined): boolean {
  if (body === undefined) return false
  if (body instanceof URLSearchParams)
    return contentType === undefined || mediaType(contentType) === FORM_TYPE
  return mediaType(contentType) === FORM_TYPE
}

/** Name/value pairs of a form-encoded body, decoded per the W3C form rules (`+` is a space). */
export function formPairs(body: RequestBody): Array<[string, string]> {
  if (body instanceof URLSearchParams) return [...body]
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body)
  return [...new URLSearchParams(text)]
}

/** Query pairs, decoded the same way as a form body (RFC 5849 §3.4.1.3.1). */
export function queryPairs(url: URL): Array<[string, string]> {
  return [...new URLSearchParams(url.search)]
}

/** Parses an absolute http(s) URL or fails naming the argument. */
export function httpUrl(value: string | URL, name: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ArgumentError(`"${name}" must be an absolute URL, got ${JSON.stringify(String(value))}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArgumentError(`"${name}" must be an http or https URL`)
  }
  return url
}

/** Body bytes, as hashed by `oauth_body_hash` and as sent. */
export function bodyBytes(body: RequestBody | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0)
  if (body instanceof Uint8Array) return body
  return new TextEncoder().encode(typeof body === 'string' ? body : body.toString())
}
