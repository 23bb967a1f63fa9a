/** An RFC 3986 dec-octet: 0-255 without leading zeros, so one address has one spelling. */
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])'

/**
 * A loopback redirect URI as written: `http://` in lower case, a 127/8 IPv4 literal or `[::1]`,
 * an optional port, then the path and query (whatever follows, up to the end).
 */
const LOOPBACK = new RegExp(`^http://(127(?:\\.${DEC_OCTET}){3}|\\[::1\\])(?::([0-9]{1,5}))?(?=[/?#]|$)`)

/** The parts of a loopback redirect URI that must match as text: everything but the port. */
interface LoopbackText {
  host: string
  rest: string
}

/**
 * Redirect URI matching: exact string comparison (RFC 9700 §4.1.3, RFC 6749 §3.1.2.3), except
 * that for a registered http loopback IP literal the port may differ (RFC 8252 §7.3), since
 * native apps bind an ephemeral port. Both URIs are split as text, never parsed as URLs: a URL
 * parser lower-cases, resolves dot segments and drops characters, so a string the client never
 * registered would compare equal to one it did.
 *
 * @example
 * matchRedirectUri('http://127.0.0.1:51004/cb', ['http://127.0.0.1/cb']) // true
 * matchRedirectUri('https://app.example/cb?', ['https://app.example/cb']) // false
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function matchRedirectUri(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true
  const req = loopbackText(requested)
  if (!req) return false
  return registered.some((uri) => {
    const reg = loopbackText(uri)
    return reg !== undefined && reg.host === req.host && reg.rest === req.rest
  })
}

/** Whether `uri` is, as written, an http loopback IP literal redirect URI (RFC 8252 §7.3). */
export function isLoopbackRedirectUri(uri: string): boolean {
  return loopbackText(uri) !== undefined
}

function loopbackText(uri: string): LoopbackText | undefined {
  const m = LOOPBACK.exec(uri)
  if (!m) return undefined
  // A port the URL parser refuses would fail at redirect time; refuse it here instead.
  if (m[2] !== undefined && Number(m[2]) > 65535) return undefined
  return { host: m[1] as string, rest: uri.slice(m[0].length) }
}
