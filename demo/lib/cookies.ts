/** Cookie parsing and serialization for the demo's two origins. */

export interface CookieOptions {
  maxAge?: number | undefined
  path?: string | undefined
  httpOnly?: boolean | undefined
  sameSite?: 'Strict' | 'Lax' | undefined
  secure?: boolean | undefined
}

/** Reads the `Cookie` header into a map; malformed pairs are ignored. */
export function parseCookies(request: Request): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(value))
    } catch {
      // A value that is not valid percent-encoding is not one of ours.
    }
  }
  return out
}

/** A `Set-Cookie` value; HttpOnly and SameSite=Lax unless told otherwise. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`]
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`)
  if (options.httpOnly !== false) parts.push('HttpOnly')
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`)
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}
