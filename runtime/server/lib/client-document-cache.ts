import type { ClientRecord } from '../../storage/store.js'

interface Entry {
  client: Promise<ClientRecord>
  /** Epoch seconds; until the fetch settles, +Infinity (concurrent lookups share it). */
  expiresAt: number
}

/**
 * The Client ID Metadata Documents one server instance has fetched, by URL: a bounded LRU
 * (a `Map` keeps insertion order; a hit moves to the end, the oldest goes first). A pending fetch
 * is shared by concurrent lookups; a failed one is forgotten, so the next lookup fetches again.
 */
export class ClientDocumentCache {
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries
  }

  /**
   * The cached client for `url`, or the result of `load`, which also says for how many seconds
   * the client may be kept.
   */
  get(
    url: string,
    now: number,
    load: () => Promise<{ client: ClientRecord; ttl: number }>,
  ): Promise<ClientRecord> {
    const hit = this.#entries.get(url)
    this.#entries.delete(url)
    if (hit && hit.expiresAt > now) {
      this.#entries.set(url, hit)
      return hit.client
    }
    const entry = { expiresAt: Number.POSITIVE_INFINITY } as Entry
    entry.client = load().then(
      ({ client, ttl }) => {
        entry.expiresAt = now + ttl
        return client
      },
      (err: unknown) => {
        if (this.#entries.get(url) === entry) this.#entries.delete(url)
        throw err
      },
    )
    this.#entries.set(url, entry)
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
    }
    return entry.client
  }
}
