import type { Store, TokenRecord } from '../../storage/store.js'

/** True when a stored token may still be used: not revoked, not expired, not rotated away. */
export async function isTokenActive(store: Store, record: TokenRecord, now: number): Promise<boolean> {
  if (record.revokedAt !== undefined || record.expiresAt <= now) return false
  if (record.kind === 'refresh_token' && record.usedAt !== undefined) return false
  return !(await store.isGrantRevoked(record.grantId))
}
