import type { ProviderSpec } from '../spec-types.js'
import { specUrls } from './spec-urls.js'

/** Where a revocation URL may name the client (`revocation.url`'s own placeholder). */
const REVOCATION_PLACEHOLDERS = ['client_id']

/**
 * Every `{name}` in a spec URL (issuer, endpoints, revocation, API, callback `iss`) must be one of
 * its `hosts`, so no template reaches a request unfilled; `fail` receives the field path.
 *
 * @example
 * hostProblems({ ...spec, issuer: 'https://{tenant}' }, fail) // fail(['issuer'], …)
 */
export function hostProblems(
  spec: ProviderSpec,
  fail: (path: PropertyKey[], message: string, hint: string) => void,
): void {
  const declared = Object.keys(spec.hosts ?? {})
  const paths: Record<string, PropertyKey[]> = { issuer: ['issuer'], api: ['api', 'baseUrl'] }
  const urls: [PropertyKey[], string][] = specUrls(spec).map(([name, url]) => {
    if (name === 'revocation' && spec.revocation?.url === url) return [['revocation', 'url'], url]
    return [paths[name] ?? (spec.oauth1 ? ['oauth1', 'endpoints', name] : ['endpoints', name]), url]
  })
  if (spec.callback?.issuer) urls.push([['callback', 'issuer', 'value'], spec.callback.issuer.value])
  for (const [path, url] of urls) {
    for (const [, name] of url.matchAll(/\{([^}]*)\}/g)) {
      if (declared.includes(name!)) continue
      if (path[0] === 'revocation' && REVOCATION_PLACEHOLDERS.includes(name!)) continue
      const also = path[0] === 'revocation' ? ' or {client_id}' : ''
      fail(path, `unknown placeholder "{${name}}"`, `declare hosts.${name}; only hosts${also} are replaced`)
    }
  }
}
