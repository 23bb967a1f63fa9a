import { ArgumentError } from '../../errors.js'
import { isLoopback } from '../../lib/http.js'

/** What the registry's cookie code shares, fixed by `createAuth`. */
export interface CookieContext {
  prefix: string
  secureMode: 'auto' | boolean
  /** Seconds a transaction lives. */
  ttl: number
  now: () => number
  transactionKey: Promise<Uint8Array>
  sessionKey: Promise<Uint8Array>
}

/** Whether cookies set in answer to `request` are `Secure` (and so `__Host-` prefixed). */
export function isSecure(ctx: CookieContext, request: Request): boolean {
  if (!(request instanceof Request)) throw new ArgumentError('"request" must be a Request')
  if (ctx.secureMode !== 'auto') return ctx.secureMode
  const url = new URL(request.url)
  return !(url.protocol === 'http:' && isLoopback(url))
}

/** A cookie name: `__Host-` (RFC 6265bis §4.1.3.2) whenever the cookie is Secure. */
export function cookieName(ctx: CookieContext, secure: boolean, suffix: string): string {
  return `${secure ? '__Host-' : ''}${ctx.prefix}-${suffix}`
}
