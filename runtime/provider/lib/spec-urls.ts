import type { ProviderSpec } from '../spec-types.js'

/** Which endpoint a spec URL is: the names `authspec mock` serves them under. */
export type SpecEndpoint =
  | 'authorization'
  | 'token'
  | 'refresh'
  | 'revocation'
  | 'userinfo'
  | 'jwks'
  | 'device'
  | 'introspection'
  | 'temporaryCredentials'
  | 'tokenCredentials'

/**
 * Every URL a spec names that a client may request or send a browser to, with what it is: the
 * endpoints (OAuth 2.0 and OAuth 1.0a), the templated revocation URL, the issuer and the API's
 * base URL. The one list behind the host map `authspec mock` prints and the paths it serves.
 *
 * @example
 * specUrls(githubSpec).map(([, url]) => url) // ['https://github.com/login/oauth/authorize', …]
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function specUrls(spec: ProviderSpec): [SpecEndpoint | 'issuer' | 'api', string][] {
  const out: [SpecEndpoint | 'issuer' | 'api', string][] = []
  if (spec.issuer) out.push(['issuer', spec.issuer])
  for (const [name, url] of Object.entries(spec.endpoints ?? {})) {
    if (url) out.push([name as SpecEndpoint, url])
  }
  if (spec.revocation) out.push(['revocation', spec.revocation.url])
  for (const [name, url] of Object.entries(spec.oauth1?.endpoints ?? {})) {
    out.push([name as SpecEndpoint, url])
  }
  if (spec.api) out.push(['api', spec.api.baseUrl])
  return out
}

/**
 * The origins a spec names, sorted: the keys of a complete `hostMap` for it.
 *
 * @example
 * specOrigins(githubSpec) // ['https://api.github.com', 'https://github.com']
 */
export function specOrigins(spec: ProviderSpec): string[] {
  return [...new Set(specUrls(spec).map(([, url]) => new URL(url).origin))].sort()
}
