// Codes, tokens, PKCE and the clock: the state every emulator keeps, in one inspectable shape.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { LoggedRequest } from './server.js'

/** An issued authorization code; kept after use so tests can see it was redeemed. */
export interface IssuedCode {
  code: string
  clientId: string
  userId: string
  redirectUri: string | undefined
  scopes: string[]
  codeChallenge: string | undefined
  codeChallengeMethod: string | undefined
  expiresAt: number
  used: boolean
  /** Provider-specific extras (nonce, device_id, access_type, …). */
  extra: Record<string, string>
}

export interface IssuedToken {
  token: string
  kind: 'access' | 'refresh'
  clientId: string
  userId: string
  scopes: string[]
  /** Milliseconds since the epoch; undefined = never expires. */
  expiresAt: number | undefined
  /** Tokens issued together share a grant id, so revoking one can revoke the family. */
  grantId: string
  revoked: boolean
  extra: Record<string, string>
}

export interface EmulatorState {
  codes: Map<string, IssuedCode>
  tokens: Map<string, IssuedToken>
  /** Tokens revoked, in order, whether by revocation endpoint, rotation or replay. */
  revoked: string[]
  requests: LoggedRequest[]
}

export function newState(): EmulatorState {
  return { codes: new Map(), tokens: new Map(), revoked: [], requests: [] }
}

/** Injectable clock: real time until `set` is called. */
export class Clock {
  private fixed: number | undefined
  now(): number {
    return this.fixed ?? Date.now()
  }
  set(ms: number): void {
    this.fixed = ms
  }
  advance(ms: number): void {
    this.fixed = this.now() + ms
  }
  /** Back to real time. */
  reset(): void {
    this.fixed = undefined
  }
}

export function mint(prefix = '', bytes = 24): string {
  return prefix + randomBytes(bytes).toString('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

/** RFC 7636 §4.6: `plain` compares as is, `S256` compares the base64url SHA-256. */
export function pkceMatches(verifier: string, challenge: string, method: string | undefined): boolean {
  const m = (method ?? 'plain').toUpperCase()
  if (m === 'S256') return safeEqual(s256(verifier), challenge)
  if (m === 'PLAIN') return safeEqual(verifier, challenge)
  return false
}

/** RFC 7636 §4.1 verifier syntax: 43-128 unreserved characters. */
export function validVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)
}

export function revoke(state: EmulatorState, t: IssuedToken): void {
  if (t.revoked) return
  t.revoked = true
  state.revoked.push(t.token)
}

/** Revokes every token of a grant (all tokens minted from one code and its refreshes). */
export function revokeGrant(state: EmulatorState, grantId: string): void {
  for (const t of state.tokens.values()) if (t.grantId === grantId) revoke(state, t)
}

/** A live token of the given kind, or undefined when unknown, revoked or expired. */
export function liveToken(
  state: EmulatorState,
  token: string | undefined,
  kind: IssuedToken['kind'],
  now: number,
): IssuedToken | undefined {
  if (!token) return undefined
  const t = state.tokens.get(token)
  if (!t || t.kind !== kind || t.revoked) return undefined
  if (t.expiresAt !== undefined && t.expiresAt <= now) return undefined
  return t
}

export function addToken(
  state: EmulatorState,
  t: Omit<IssuedToken, 'revoked' | 'extra'> & { extra?: Record<string, string> },
): IssuedToken {
  const full: IssuedToken = { ...t, revoked: false, extra: t.extra ?? {} }
  state.tokens.set(full.token, full)
  return full
}

/** Issues a single-use authorization code valid `ttlMs`, kept in `state.codes`. */
export function issueCode(
  state: EmulatorState,
  now: number,
  ttlMs: number,
  fields: Omit<IssuedCode, 'code' | 'expiresAt' | 'used' | 'extra'> & { extra?: Record<string, string> },
): string {
  const code = mint('', 18)
  state.codes.set(code, { ...fields, code, expiresAt: now + ttlMs, used: false, extra: fields.extra ?? {} })
  return code
}

/** Issues an access token (and a refresh token, when `refreshTtlMs` is not null) for one grant. */
export function issuePair(
  state: EmulatorState,
  now: number,
  grant: { clientId: string; userId: string; scopes: string[]; grantId?: string },
  accessTtlMs: number | undefined,
  refreshTtlMs: number | undefined | null,
): { access: IssuedToken; refresh: IssuedToken | undefined } {
  const grantId = grant.grantId ?? mint('grant-', 9)
  const base = { clientId: grant.clientId, userId: grant.userId, scopes: grant.scopes, grantId }
  const at = (ttl: number | undefined) => (ttl === undefined ? undefined : now + ttl)
  const access = addToken(state, { ...base, token: mint('', 24), kind: 'access', expiresAt: at(accessTtlMs) })
  const refresh =
    refreshTtlMs === null
      ? undefined
      : addToken(state, { ...base, token: mint('', 32), kind: 'refresh', expiresAt: at(refreshTtlMs) })
  return { access, refresh }
}

/** The code of a token request if it is live, unused, this client's and sent to the same redirect URI. */
export function redeemableCode(
  state: EmulatorState,
  now: number,
  code: string | null | undefined,
  clientId: string,
  redirectUri: string | null | undefined,
): IssuedCode | undefined {
  const c = state.codes.get(code ?? '')
  if (!c || c.used || c.clientId !== clientId || c.expiresAt <= now) return undefined
  if (c.redirectUri !== undefined && c.redirectUri !== (redirectUri ?? undefined)) return undefined
  return c
}
