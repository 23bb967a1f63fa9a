import { ArgumentError, OAuthError } from '../errors.js'
import type { FetchLike } from './http.js'

/**
 * Test remapping: each origin a provider's spec names (`https://api.github.com`) to the local
 * origin that stands in for it (`http://127.0.0.1:4010`). `authspec mock <id>` prints the map for
 * its spec.
 */
export type HostMap = Readonly<Record<string, string>>

/** A checked host map: origin to origin, and the set of local origins it sends to. */
export interface CheckedHostMap {
  readonly to: ReadonlyMap<string, string>
  readonly targets: ReadonlySet<string>
}

/**
 * Checks `hostMap` at once: every key and value must be a bare origin (`scheme://host[:port]`, no
 * path), so a request's path and query are kept as they are.
 *
 * @example
 * checkHostMap({ 'https://github.com': 'http://127.0.0.1:4010' })
 */
export function checkHostMap(map: HostMap): CheckedHostMap {
  if (typeof map !== 'object' || map === null) {
    throw new ArgumentError(
      '"hostMap" must map origins to origins, e.g. { "https://github.com": "http://127.0.0.1:4010" }',
    )
  }
  const to = new Map<string, string>()
  for (const [from, target] of Object.entries(map)) {
    to.set(originOf(from, `hostMap key ${JSON.stringify(from)}`), originOf(target, `hostMap["${from}"]`))
  }
  return { to, targets: new Set(to.values()) }
}

/**
 * Where a request to `url` goes under the map: a mapped origin is swapped for its local one, path
 * and query kept; a local origin of the map stays; any other origin is refused with
 * `UNMAPPED_HOST`, so nothing (no token, no code) is sent to a host the test did not name.
 *
 * @example
 * remapUrl(checkHostMap({ 'https://api.github.com': 'http://127.0.0.1:4010' }), 'https://api.github.com/user')
 * // URL http://127.0.0.1:4010/user
 * @see https://www.rfc-editor.org/rfc/rfc6454#section-4
 */
export function remapUrl(map: CheckedHostMap, url: string | URL): URL {
  const out = new URL(url)
  const target = map.to.get(out.origin)
  if (target) return new URL(`${out.pathname}${out.search}${out.hash}`, target)
  if (map.targets.has(out.origin)) return out
  throw new OAuthError('UNMAPPED_HOST', {
    error: 'unmapped_host',
    error_description: `refused a request to ${out.origin}: it is not in "hostMap" (add it, e.g. the map "authspec mock" prints)`,
  })
}

/**
 * Wraps `fetch` so every request goes through `remapUrl`: the one place a client's outbound
 * requests are remapped or refused, before anything is sent. A remapped request carries
 * `Forwarded: host=…;proto=…` (RFC 7239) naming the origin it was meant for, so a local fake such
 * as `authspec mock` can answer as that host (its issuer in discovery and ID tokens).
 *
 * @example
 * const fetch = hostMapFetch(checkHostMap({ 'https://github.com': 'http://127.0.0.1:4010' }))
 * @see https://www.rfc-editor.org/rfc/rfc7239#section-4
 */
export function hostMapFetch(map: CheckedHostMap, inner?: FetchLike): FetchLike {
  // Read at call time, not captured: a test may swap the global fetch after the client is built.
  const send: FetchLike = inner ?? ((input, init) => fetch(input, init))
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined
    const asked = new URL(input instanceof Request ? input.url : input)
    const url = remapUrl(map, asked)
    if (url.origin === asked.origin) return send(input, init)
    const headers = new Headers(init?.headers ?? request?.headers)
    headers.set('forwarded', `host=${asked.host};proto=${asked.protocol.slice(0, -1)}`)
    return send(request ? new Request(url, request) : url, { ...init, headers })
  }
}

function originOf(value: string, name: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || url.origin === 'null' || `${url.origin}/` !== url.href.replace(/\/?$/, '/')) {
    throw new ArgumentError(
      `"${name}" must be an origin such as "https://api.example.com", got ${JSON.stringify(value)}`,
    )
  }
  return url.origin
}
