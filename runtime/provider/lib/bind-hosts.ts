import { ArgumentError } from '../../errors.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** A host name with an optional port, no scheme or path: what a `hosts` option takes. */
export const HOST_NAME = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/

/**
 * The spec with its customer hosts filled in: each `{name}` of `spec.hosts` in the issuer, the
 * endpoints, the revocation URL, `api.baseUrl` and the callback `iss` replaced by the caller's
 * value (or the host's `default`). Other placeholders (`{client_id}`) stay. A spec without hosts
 * is returned as is. The one place hosts are bound: the client and the mock both call it.
 *
 * @example
 * bindHosts(oktaSpec, { domain: 'dev-123.okta.com' }).issuer // 'https://dev-123.okta.com'
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function bindHosts<S extends ProviderLoginSpec>(spec: S, given: object): S {
  if (!spec.hosts) return spec
  const values: Record<string, string> = {}
  for (const [name, host] of Object.entries(spec.hosts)) {
    const value: unknown = (given as Record<string, unknown>)[name] ?? host.default
    if (value === undefined) {
      throw new ArgumentError(
        `"${name}" is required: ${spec.displayName}'s hosts are your own (e.g. "${host.example}")`,
      )
    }
    if (typeof value !== 'string' || !HOST_NAME.test(value)) {
      throw new ArgumentError(
        `"${name}" must be a host name such as "${host.example}", got ${JSON.stringify(value)}`,
      )
    }
    values[name] = value
  }
  const fill = (url: string) =>
    url.replace(/\{([A-Za-z0-9]+)\}/g, (whole, name: string) => values[name] ?? whole)
  const out: S = { ...spec }
  if (spec.issuer) out.issuer = fill(spec.issuer)
  if (spec.endpoints) {
    out.endpoints = Object.fromEntries(
      Object.entries(spec.endpoints).map(([k, url]) => [k, url && fill(url)]),
    )
  }
  if (spec.revocation) out.revocation = { ...spec.revocation, url: fill(spec.revocation.url) }
  if (spec.api) out.api = { ...spec.api, baseUrl: fill(spec.api.baseUrl) }
  const iss = spec.callback?.issuer
  if (spec.callback && iss) out.callback = { ...spec.callback, issuer: { ...iss, value: fill(iss.value) } }
  return out
}
