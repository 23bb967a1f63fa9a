import { serverError } from '../errors.js'

// RFC 3986 Appendix A, spelled out as character classes so that nothing else can pass.
const UNRESERVED = 'A-Za-z0-9\\-._~'
const SUB_DELIMS = "!$&'()*+,;="
const PCT_ENCODED = '%[0-9A-Fa-f]{2}'
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*`
// IPv6address and IPvFuture are left to the URL parser, which must accept the URI as well.
const IP_LITERAL = '\\[[0-9A-Fa-f:.]+\\]'

/**
 * absolute-URI = scheme ":" hier-part [ "?" query ], with an authority without userinfo. The
 * non-authority branch is path-absolute / path-rootless / path-empty: it cannot start with "//".
 */
const ABSOLUTE_URI = new RegExp(
  '^(?<scheme>[A-Za-z][A-Za-z0-9+\\-.]*):' +
    `(?://(?<host>${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?(?:/${PCHAR}*)*|/?(?:${PCHAR}+(?:/${PCHAR}*)*)?)` +
    `(?:\\?(?:${PCHAR}|[/?])*)?$`,
)

/** The parts of an absolute URI that policies look at, exactly as written. */
export interface AbsoluteUriText {
  /** As written: RFC 3986 §3.1 makes schemes case-insensitive, so compare it lower-cased. */
  scheme: string
  /** The host as written, when the URI has an authority (`//`). */
  host: string | undefined
}

/** The OAuth error code a refused URI is reported with. */
export type UriErrorCode = 'invalid_redirect_uri' | 'invalid_client_metadata'

/**
 * Checks that `text` is, as written, an absolute URI (RFC 3986 §4.3) without a fragment or
 * userinfo: only RFC 3986 characters (unreserved, reserved and valid `%XX` escapes), so no
 * control characters, whitespace or raw non-ASCII. The check is on the text itself because a
 * URL parser would have removed tab, CR and LF, lower-cased and resolved dot segments first, and
 * the text is what gets stored and compared. A URL parser must also accept it (a browser has to
 * follow it), and http(s) URIs need an authority, which a URL parser would otherwise make up.
 * Throws `errorCode` with a description naming `field`.
 *
 * @example
 * assertAbsoluteUri('https://app.example/cb', 'redirect URIs', 'invalid_redirect_uri') // { scheme: 'https', host: 'app.example' }
 * assertAbsoluteUri('https://app.example/c\tb', 'redirect URIs', 'invalid_redirect_uri') // throws
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-4.3
 */
export function assertAbsoluteUri(text: string, field: string, errorCode: UriErrorCode): AbsoluteUriText {
  const parts = absoluteUriParts(text)
  if (typeof parts === 'string') throw serverError(errorCode, `${field} ${parts}`)
  return parts
}

/** `assertAbsoluteUri`'s check without the error: the parts, or why `text` is refused. */
export function absoluteUriParts(text: string): AbsoluteUriText | string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\x00-\x20\x7f-\x9f\s]/u.test(text)) return 'must not contain whitespace or control characters'
  const scheme = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(text)
  if (!scheme || !URL.canParse(text)) return 'must be absolute'
  if (text.includes('#')) return 'must not have a fragment'
  if (/^[^:]*:\/\/[^/?]*@/.test(text)) return 'must not have userinfo'
  const m = ABSOLUTE_URI.exec(text)
  if (!m?.groups) return 'must be an RFC 3986 URI'
  const parts = { scheme: m.groups['scheme'] as string, host: m.groups['host'] }
  const special = parts.scheme.toLowerCase() === 'http' || parts.scheme.toLowerCase() === 'https'
  if (special && !parts.host) return 'must have a host'
  return parts
}
