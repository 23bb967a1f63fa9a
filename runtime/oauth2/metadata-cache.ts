import { ArgumentError } from '../errors.js'
import { type DiscoverOptions, type DiscoveryKind, discoverWithHeaders } from './metadata.js'
import type { ServerMetadata } from './types.js'

export interface MetadataCacheOptions extends DiscoverOptions {
  /** Seconds to keep a document that has no `Cache-Control: max-age`. Default 3600. */
  defaultTtl?: number | undefined
  /** Upper bound on any lifetime, in seconds, so a huge max-age cannot pin stale keys. Default 86 400. */
  maxTtl?: number | undefined
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: (() => number) | undefined
}

interface Entry {
  metadata: ServerMetadata
  expiresAt: number
}

/**
 * Caches server metadata per issuer. Lifetime from the response's `Cache-Control`: `max-age`
 * sets it, `no-store` and `no-cache` mean "do not keep"; otherwise `defaultTtl`. Concurrent
 * lookups of the same issuer share one request.
 *
 * @example
 * const cache = new MetadataCache({ kind: 'oidc' })
 * const metadata = await cache.get('https://accounts.example.com')
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export class MetadataCache {
  readonly #options: DiscoverOptions
  readonly #defaultTtl: number
  readonly #maxTtl: number
  readonly #now: () => number
  readonly #entries = new Map<string, Entry>()
  readonly #inflight = new Map<string, Promise<ServerMetadata>>()

  constructor(options: MetadataCacheOptions = {}) {
    const { defaultTtl = 3600, maxTtl = 86_400, now = Date.now, ...discoverOptions } = options
    if (!(defaultTtl >= 0)) throw new ArgumentError('"defaultTtl" must be a non-negative number of seconds')
    if (!(maxTtl >= 0)) throw new ArgumentError('"maxTtl" must be a non-negative number of seconds')
    this.#options = discoverOptions
    this.#defaultTtl = defaultTtl
    this.#maxTtl = maxTtl
    this.#now = now
  }

  /** The issuer's metadata, from the cache while fresh, else fetched (and cached if allowed). */
  async get(issuer: string, options: { kind?: DiscoveryKind | undefined } = {}): Promise<ServerMetadata> {
    const kind = options.kind ?? this.#options.kind ?? 'auto'
    const key = `${kind} ${issuer}`
    const hit = this.#entries.get(key)
    if (hit && this.#now() < hit.expiresAt) return hit.metadata
    this.#entries.delete(key)
    const pending = this.#inflight.get(key)
    if (pending) return pending
    const request = this.#fetch(issuer, kind, key).finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, request)
    return request
  }

  /** Forgets one issuer (every kind), e.g. after its keys or endpoints changed. */
  invalidate(issuer: string): void {
    for (const key of [...this.#entries.keys()]) if (key.endsWith(` ${issuer}`)) this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  async #fetch(issuer: string, kind: DiscoveryKind, key: string): Promise<ServerMetadata> {
    const { metadata, headers } = await discoverWithHeaders(issuer, { ...this.#options, kind })
    const ttl = lifetime(headers.get('cache-control'), this.#defaultTtl)
    if (ttl > 0)
      this.#entries.set(key, { metadata, expiresAt: this.#now() + Math.min(ttl, this.#maxTtl) * 1000 })
    return metadata
  }
}

/**
 * A `MetadataCache`, for those who prefer a factory.
 * @example
 * const cache = createMetadataCache({ defaultTtl: 600 })
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export function createMetadataCache(options: MetadataCacheOptions = {}): MetadataCache {
  return new MetadataCache(options)
}

/** Seconds a response may be kept under its Cache-Control (RFC 9111 §5.2.2); 0 means not at all. */
function lifetime(cacheControl: string | null, fallback: number): number {
  if (!cacheControl) return fallback
  let maxAge: number | undefined
  for (const part of cacheControl.split(',')) {
    const [rawName, rawValue] = part.split('=', 2)
    const name = rawName!.trim().toLowerCase()
    if (name === 'no-store' || name === 'no-cache') return 0
    if (name === 'max-age' && rawValue !== undefined) {
      const value = Number(rawValue.trim().replace(/^"|"$/g, ''))
      if (Number.isInteger(value) && value >= 0) maxAge = value
    }
  }
  return maxAge ?? fallback
}
