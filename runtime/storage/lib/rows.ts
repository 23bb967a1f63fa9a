import type { AuthorizationCodeRecord, ClientRecord, ConsentRecord, TokenRecord } from '../store.js'

/**
 * Row mapping shared by the SQL stores. A record is kept as JSON next to the few columns that
 * queries need; the mutable columns (`revoked_at`, `used_at`) win over the JSON on the way out.
 */

export function toJson(
  value: ClientRecord | AuthorizationCodeRecord | ConsentRecord | Omit<TokenRecord, 'revokedAt' | 'usedAt'>,
): string {
  // JSON.stringify drops undefined members, which is what exactOptionalPropertyTypes wants back.
  return JSON.stringify(value)
}

export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** The token without its mutable parts, which live in their own columns. */
export function tokenData(token: TokenRecord): Omit<TokenRecord, 'revokedAt' | 'usedAt'> {
  const { revokedAt: _r, usedAt: _u, ...rest } = token
  return rest
}

/** Rebuilds a token from its JSON and its mutable columns (SQL NULL, or a bigint as string from pg). */
export function tokenFromRow(data: unknown, revokedAt: unknown, usedAt: unknown): TokenRecord {
  const token = parseJson<TokenRecord>(data)
  const revoked = toEpoch(revokedAt)
  const used = toEpoch(usedAt)
  if (revoked !== undefined) token.revokedAt = revoked
  if (used !== undefined) token.usedAt = used
  return token
}

export function toEpoch(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined
  return typeof value === 'number' ? value : Number(value)
}

/** Epoch seconds from a clock in epoch milliseconds. */
export function seconds(nowMs: () => number): number {
  return Math.floor(nowMs() / 1000)
}
