import { ArgumentError } from '../../errors.js'
import { assertSecureUrl, type HttpOptions } from '../../lib/http.js'

/**
 * A resource URL as an RFC 8707 resource indicator: absolute, https (http for loopback or with
 * `allowInsecureRequests`, as every outbound URL of the client), no fragment (RFC 8707 §2).
 */
export function checkResourceUrl(value: string | URL, name: string, opts?: HttpOptions): URL {
  const url = assertSecureUrl(value, name, opts)
  if (url.hash || String(value).includes('#'))
    throw new ArgumentError(`"${name}" must not contain a fragment`)
  return url
}

/**
 * Whether two resource identifiers are the same URL. RFC 9728 §3.3 asks for identical values;
 * comparing the parsed forms forgives only spellings of one URL (`https://a.example` and
 * `https://a.example/`, upper-case host, default port), never a different path, host or query.
 */
export function sameResource(a: string, b: string | URL): boolean {
  try {
    return new URL(a).href === new URL(b).href
  } catch {
    return false
  }
}
