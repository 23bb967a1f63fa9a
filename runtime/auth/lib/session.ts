import { ArgumentError } from '../../errors.js'
import type { SessionData, SessionOptions } from '../types.js'
import { type CookieContext, cookieName, isSecure } from './context.js'
import { readCookies, serializeCookie } from './cookies.js'
import { open, seal } from './seal.js'

const AUDIENCE = 'authspec/auth session'
const DEFAULT_MAX_AGE = 8 * 3600
/** Browsers keep at most about 4096 bytes per cookie (RFC 6265 §6.1). */
const MAX_COOKIE_BYTES = 4096

/** The `Set-Cookie` value of a sealed (encrypted, authenticated) session. */
export async function setSession(
  ctx: CookieContext,
  request: Request,
  data: SessionData,
  options: SessionOptions = {},
): Promise<string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ArgumentError('"data" must be a plain object')
  }
  const maxAge = options.maxAge ?? DEFAULT_MAX_AGE
  if (!Number.isInteger(maxAge) || maxAge <= 0) throw new ArgumentError('"maxAge" must be a positive integer')
  const secure = isSecure(ctx, request)
  const token = await seal({ d: data }, await ctx.sessionKey, AUDIENCE, maxAge, ctx.now())
  const cookie = serializeCookie(cookieName(ctx, secure, 'session'), token, { secure, maxAge })
  if (cookie.length > MAX_COOKIE_BYTES) {
    throw new ArgumentError(
      `"data" is too large for a cookie (${cookie.length} bytes sealed, at most ${MAX_COOKIE_BYTES}); keep it server-side`,
    )
  }
  return cookie
}

/** The session of `request`, or undefined when there is none or it is expired or not ours. */
export async function getSession(ctx: CookieContext, request: Request): Promise<SessionData | undefined> {
  const value = readCookies(request).get(cookieName(ctx, isSecure(ctx, request), 'session'))
  if (!value) return undefined
  const opened = await open(value, await ctx.sessionKey, AUDIENCE, ctx.now())
  if (!opened.ok) return undefined
  const data = opened.payload['d']
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as SessionData) : undefined
}

/** The `Set-Cookie` value that deletes the session. */
export function clearSession(ctx: CookieContext, request: Request): string {
  const secure = isSecure(ctx, request)
  return serializeCookie(cookieName(ctx, secure, 'session'), '', { secure, maxAge: 0 })
}
