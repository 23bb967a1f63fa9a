/** Cookie names and values the registry writes: RFC 6265 tokens, nothing to escape. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/

/** Attributes of a cookie the registry sets. */
export interface CookieAttributes {
  secure: boolean
  /** Seconds; 0 deletes the cookie. */
  maxAge: number
  /**
   * Sent back on a cross-site POST as well: `SameSite=None`, which browsers take only with
   * `Secure` (RFC 6265bis §5.6.7), so `Secure` too. Default false: `SameSite=Lax`.
   */
  crossSite?: boolean
}

/** The cookies of a request, by name (the first one wins, as browsers send the most specific first). */
export function readCookies(request: Request): Map<string, string> {
  const out = new Map<string, string>()
  const header = request.headers.get('cookie')
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (!out.has(name)) out.set(name, value)
  }
  return out
}

/** A `Set-Cookie` value: HttpOnly, Path=/, SameSite=Lax (None when cross-site), Secure when asked (RFC 6265bis §4.1). */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!TOKEN.test(name)) throw new TypeError(`cookie name "${name}" is not an RFC 6265 token`)
  if (value !== '' && !TOKEN.test(value))
    throw new TypeError(`cookie "${name}" has a value that needs escaping`)
  const sameSite = attributes.crossSite ? 'None' : 'Lax'
  const parts = [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${sameSite}`,
    `Max-Age=${attributes.maxAge}`,
  ]
  if (attributes.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  if (attributes.secure || attributes.crossSite) parts.push('Secure')
  return parts.join('; ')
}
