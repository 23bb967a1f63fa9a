// Request body and credential parsing shared by the emulators.
import type { EmuRequest } from './server.js'

export const FORM = 'application/x-www-form-urlencoded'

/** Form parameters of the body when it is form-encoded, else an empty set. */
export function formBody(req: EmuRequest): URLSearchParams {
  return req.contentType === FORM ? new URLSearchParams(req.body) : new URLSearchParams()
}

/** The JSON body as an object when the body is JSON, else undefined. */
export function jsonBody(req: EmuRequest): Record<string, unknown> | undefined {
  if (req.contentType !== 'application/json') return undefined
  try {
    const v: unknown = JSON.parse(req.body)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Query parameters merged with form-body parameters (body wins), as many real servers do. */
export function queryAndForm(req: EmuRequest): URLSearchParams {
  const out = new URLSearchParams(req.url.searchParams)
  for (const [k, v] of formBody(req)) out.set(k, v)
  return out
}

export interface BasicCredentials {
  id: string
  secret: string
}

/**
 * `Authorization: Basic` credentials, each part form-url-decoded as RFC 6749 §2.3.1 asks.
 * Undefined when the header is absent or is not Basic; null when it is Basic but malformed.
 */
export function basicAuth(req: EmuRequest): BasicCredentials | null | undefined {
  const h = req.headers['authorization']
  if (!h || !/^basic /i.test(h)) return undefined
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  if (i < 0) return null
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '))
    } catch {
      return s
    }
  }
  return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) }
}

/** The token of `Authorization: <scheme> <token>` for one of the accepted schemes (case-insensitive). */
export function authToken(req: EmuRequest, schemes: string[]): string | undefined {
  const h = req.headers['authorization']
  if (!h) return undefined
  const sp = h.indexOf(' ')
  if (sp < 0) return undefined
  const scheme = h.slice(0, sp).toLowerCase()
  if (!schemes.map((s) => s.toLowerCase()).includes(scheme)) return undefined
  const token = h.slice(sp + 1).trim()
  return token || undefined
}
