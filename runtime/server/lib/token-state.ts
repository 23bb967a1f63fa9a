import type { TokenRecord } from '../../storage/store.js'

/**
 * True when a stored token may still be used: not revoked (alone or with its grant family, which
 * the store reports in `revokedAt`), not expired, not rotated away.
 */
export function isTokenLive(record: TokenRecord, now: number): boolean {
  if (record.revokedAt !== undefined || record.expiresAt <= now) return false
  return record.kind !== 'refresh_token' || record.usedAt === undefined
}
