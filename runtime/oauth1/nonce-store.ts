/**
 * Remembers which nonces were used, so a captured request cannot be replayed (RFC 5849 §3.3).
 * Implement it over a shared store (Redis `SET key NX EX ttl`, a SQL unique key) when several
 * server processes verify requests.
 */
export interface NonceStore {
  /**
   * Records `key` for `ttlSeconds`; returns true when it was new, false when it was already
   * recorded and has not expired. Must be atomic: two concurrent calls with one key cannot both
   * get true.
   */
  useOnce(key: string, ttlSeconds: number): Promise<boolean> | boolean
}

export interface MemoryNonceStoreOptions {
  /** Clock in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
  /** Most live entries kept; when full, new nonces are refused (fail closed). Default 100 000. */
  maxEntries?: number | undefined
}

/**
 * An in-memory `NonceStore` with per-entry expiry, for one server process. Expired entries are
 * swept as the store grows; when it is full of live entries it refuses new nonces rather than
 * forgetting old ones, since forgetting would allow replays.
 *
 * @example
 * const verifier = createOAuth1Verifier({ lookupConsumer, nonceStore: createMemoryNonceStore() })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.3
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore {
  const now = options.now ?? Date.now
  const max = options.maxEntries ?? 100_000
  const entries = new Map<string, number>()
  let nextSweep = 0
  const sweep = (t: number): void => {
    for (const [k, expires] of entries) if (expires <= t) entries.delete(k)
    nextSweep = t + 1000
  }
  return {
    useOnce(key, ttlSeconds) {
      const t = now()
      const seen = entries.get(key)
      if (seen !== undefined && seen > t) return false
      if (entries.size >= max || t >= nextSweep) sweep(t)
      if (entries.size >= max) return false
      entries.set(key, t + Math.max(1, ttlSeconds) * 1000)
      return true
    },
  }
}
