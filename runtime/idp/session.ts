/**
 * The kit's browser session: a sealed cookie (JWE, `dir` + A256GCM, key derived from the secret)
 * holding the accounts signed in here, the current one and the CSRF token.
 * No server-side state, so any number of processes share it. `__Host-` prefixed and `Secure` on
 * https; on http (loopback development only, as the issuer allows) without both, since browsers
 * refuse `__Host-` cookies that are not `Secure`.
 */
import { z } from 'zod'
import { readCookies, serializeCookie } from '../auth/lib/cookies.js'
import { open, seal } from '../auth/lib/seal.js'
import { constantTimeEqual, randomToken } from '../lib/random.js'
import type { AuthenticatedUser } from '../server/types.js'

const AccountSchema = z.object({
  sub: z.string(),
  login: z.string(),
  name: z.string(),
  authTime: z.number(),
  acr: z.string().optional(),
})
const SessionSchema = z.object({
  csrf: z.string(),
  accounts: z.array(AccountSchema),
  current: z.string().optional(),
})

/** One account signed in in this browser. */
export type SessionAccount = z.infer<typeof AccountSchema>
export type SessionData = z.infer<typeof SessionSchema>

const AUDIENCE = 'authspec/idp session'
const NAME = 'authspec-idp'

export interface SessionCookies {
  load(request: Request): Promise<SessionData>
  /** `Set-Cookie` that saves `data`. */
  save(data: SessionData): Promise<string>
  /** `Set-Cookie` that deletes the session. */
  clear(): string
}

/** The session cookie of one provider. */
export function sessionCookies(o: {
  key: Promise<Uint8Array>
  secure: boolean
  ttl: number
  now: () => number
}): SessionCookies {
  const name = o.secure ? `__Host-${NAME}` : NAME
  return {
    async load(request) {
      const sealed = readCookies(request).get(name)
      if (sealed) {
        const opened = await open(sealed, await o.key, AUDIENCE, o.now())
        const parsed = opened.ok ? SessionSchema.safeParse(opened.payload['s']) : undefined
        if (parsed?.success) return parsed.data
      }
      return { csrf: randomToken(32), accounts: [] }
    },
    async save(data) {
      const value = await seal({ s: data }, await o.key, AUDIENCE, o.ttl, o.now())
      return serializeCookie(name, value, { secure: o.secure, maxAge: o.ttl })
    },
    clear: () => serializeCookie(name, '', { secure: o.secure, maxAge: 0 }),
  }
}

/** The account the session acts as. */
export function currentAccount(data: SessionData): SessionAccount | undefined {
  return data.accounts.find((a) => a.sub === data.current)
}

/** The account as the authorization server takes an authenticated user (`auth_time`, `acr`). */
export function authenticatedUser(account: SessionAccount): AuthenticatedUser {
  return { sub: account.sub, authTime: account.authTime, acr: account.acr }
}

/** Adds (or refreshes) a signed-in account and makes it current; a new CSRF token against fixation. */
export function signIn(data: SessionData, account: SessionAccount): SessionData {
  return {
    csrf: randomToken(32),
    accounts: [...data.accounts.filter((a) => a.sub !== account.sub), account],
    current: account.sub,
  }
}

/** True when the form carries this session's CSRF token. */
export function csrfMatches(data: SessionData, form: URLSearchParams): boolean {
  const sent = form.get('csrf') ?? ''
  return sent !== '' && constantTimeEqual(sent, data.csrf)
}
