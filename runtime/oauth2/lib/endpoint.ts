import { ArgumentError } from '../../errors.js'
import { assertSecureUrl, type HttpOptions } from '../../lib/http.js'
import type { ServerMetadata } from '../types.js'

/** Where a call finds its endpoint: an explicit URL, or the server's metadata. */
export interface EndpointSource {
  /** The endpoint URL; wins over `metadata`. */
  endpoint?: string | URL | undefined
  /** Server metadata (RFC 8414) to take the endpoint from. */
  metadata?: ServerMetadata | undefined
}

type EndpointField =
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'revocation_endpoint'
  | 'introspection_endpoint'
  | 'device_authorization_endpoint'
  | 'registration_endpoint'

/**
 * Picks the endpoint for a call: `endpoint` when given, else the named metadata field.
 * Refuses plain http outside loopback, since tokens and secrets travel there.
 */
export function resolveEndpoint(source: EndpointSource, field: EndpointField, opts?: HttpOptions): URL {
  if (source.endpoint !== undefined) return assertSecureUrl(source.endpoint, 'endpoint', opts)
  const fromMetadata = source.metadata?.[field]
  if (typeof fromMetadata === 'string') return assertSecureUrl(fromMetadata, `metadata.${field}`, opts)
  throw new ArgumentError(`"endpoint" is required (or "metadata" with ${field})`)
}

/** Parameter values as callers give them: `undefined` means "leave out". */
export type ParamInput = Record<string, string | undefined> | URLSearchParams

/** Copies parameters into `target`, skipping undefined values. */
export function appendParams(target: URLSearchParams, params: ParamInput | undefined): void {
  if (!params) return
  const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params)
  for (const [k, v] of entries) if (v !== undefined) target.set(k, v)
}

/** Throws when a caller's extra parameters try to set one the operation itself owns. */
export function assertNoReserved(
  params: ParamInput | undefined,
  reserved: readonly string[],
  name: string,
): void {
  if (!params) return
  const keys = params instanceof URLSearchParams ? [...params.keys()] : Object.keys(params)
  for (const key of keys) {
    if (reserved.includes(key)) {
      throw new ArgumentError(`"${name}" must not set "${key}"; it is set by the operation itself`)
    }
  }
}

/** The caller's extra parameters, then the operation's own (checked not to clash). */
export function mergeParams(
  extra: ParamInput | undefined,
  own: Record<string, string | undefined>,
  extraName = 'extraParams',
): URLSearchParams {
  assertNoReserved(extra, Object.keys(own), extraName)
  const out = new URLSearchParams()
  appendParams(out, extra)
  appendParams(out, own)
  return out
}

/** `scope` as sent on the wire, or undefined when there is none (RFC 6749 §3.3). */
export function joinScope(scope: readonly string[] | undefined, delimiter = ' '): string | undefined {
  return scope && scope.length > 0 ? scope.join(delimiter) : undefined
}
