import type { Store, TokenRecord } from '../../storage/store.js'

/** True when a stored token may still be used: not revoked, not expired, not rotated away. */
export async function isTokenActive(store: Store, record: TokenRecord, now: number): Promise<boolean> {
  return isTokenLive(record, now) && !(await store.isGrantRevoked(record.grantId))
}

/**
 * `isTokenActive` without the grant family: not revoked, not expired, not rotated away. The hot
 * paths check this first and then ask the store about the family in their own `await`.
 */
export function isTokenLive(record: TokenRecord, now: number): boolean {
  if (record.revokedAt !== undefined || record.expiresAt <= now) return false
  return record.kind !== 'refresh_token' || record.usedAt === undefined
}
