import type { HostMap } from '../runtime/lib/host-map.js'
import { type SpecEndpoint, specOrigins, specUrls } from '../runtime/provider/lib/spec-urls.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'

/**
 * Which endpoint a request path is: first the spec's own paths (what a `hostMap` client sends,
 * e.g. GitHub's `/login/oauth/access_token`, templates such as `/applications/{client_id}/token`
 * included), then the mock's fixed ones (`own`, what `endpointOverrides` and discovery name).
 */
export function endpointAt(
  spec: ProviderSpec,
  path: string,
  own: Readonly<Record<string, SpecEndpoint>>,
): SpecEndpoint | undefined {
  for (const [name, url] of specUrls(spec)) {
    if (name === 'issuer' || name === 'api') continue
    if (pathPattern(pathOf(url)).test(path)) return name
  }
  return own[path]
}

/**
 * The map to give a client so that every host of the spec is this mock: each origin the spec
 * names to `base`; a spec that names none (its issuer given at run time) gets the mock itself.
 *
 * @example
 * mockHostMap(githubSpec, 'http://127.0.0.1:4010')
 * // { 'https://api.github.com': 'http://127.0.0.1:4010', 'https://github.com': 'http://127.0.0.1:4010' }
 */
export function mockHostMap(spec: ProviderSpec, base: string): HostMap {
  const origins = specOrigins(spec)
  return Object.fromEntries((origins.length > 0 ? origins : [base]).map((origin) => [origin, base]))
}

/**
 * The issuer the mock is at `origin`: the spec's own issuer when a `hostMap` client asked for its
 * host (`Forwarded`), paths and trailing slash as the spec writes them; else the origin itself.
 *
 * @example
 * issuerAt(robloxSpec, 'https://apis.roblox.com') // 'https://apis.roblox.com/oauth/'
 */
export function issuerAt(spec: ProviderSpec, origin: string): string {
  return spec.issuer !== undefined && new URL(spec.issuer).origin === origin ? spec.issuer : origin
}

/** The path of a spec URL as written, `{placeholders}` kept (the URL parser would escape them). */
export function pathOf(url: string): string {
  const rest = url.slice(new URL(url).origin.length).replace(/[?#].*$/, '')
  return rest.replace(/\/$/, '')
}

/**
 * A path with `{name}` placeholders as an anchored pattern, one segment per placeholder; a
 * trailing slash is optional (TikTok writes `/v2/auth/authorize/`, `pathOf` drops it).
 */
export function pathPattern(path: string): RegExp {
  // An operation's fixed query (`/identity?fields%5Buser%5D=…`) is not part of its path.
  const escaped = path
    .split('?')[0]!
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${escaped.replace(/\/$/, '')}/?$`)
}
