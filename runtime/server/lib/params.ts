import { serverError } from '../errors.js'
import type { CoreRequest } from './core-http.js'

/** Request parameters after duplicate checks; empty values count as absent (RFC 6749 §3.1). */
export type Params = ReadonlyMap<string, string>

/** Default largest request body, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/** Largest single parameter value accepted, in bytes. */
const MAX_PARAM_LENGTH = 8 * 1024

/**
 * Parses URL-encoded parameters, dropping empty values and refusing oversized ones; repeated names
 * are returned, not refused, so the authorization endpoint can decide whether the error may be
 * redirected (`uniqueParams` refuses them).
 */
export function parseParams(source: URLSearchParams): { params: Map<string, string>; repeated: string[] } {
  const params = new Map<string, string>()
  const repeated: string[] = []
  const seen = new Set<string>()
  for (const [name, value] of source) {
    if (name === 'resource' && value !== '') {
      if (value.length > MAX_PARAM_LENGTH)
        throw serverError('invalid_request', 'parameter too long: resource')
      // RFC 8707 §2: repeated once per resource. Kept space-joined, as a URI has no whitespace, so
      // the map still serializes to a request that parses the same (requestedResources splits it).
      const prior = params.get(name)
      params.set(name, prior === undefined ? value : `${prior} ${value}`)
      continue
    }
    if (seen.has(name)) {
      if (!repeated.includes(name)) repeated.push(name)
      continue
    }
    seen.add(name)
    if (value.length > MAX_PARAM_LENGTH)
      throw serverError('invalid_request', `parameter too long: ${safeName(name)}`)
    if (value !== '') params.set(name, value)
  }
  return { params, repeated }
}

/** Parses parameters and refuses any repeated one with `invalid_request`. */
export function uniqueParams(source: URLSearchParams): Params {
  const { params, repeated } = parseParams(source)
  if (repeated.length > 0) {
    throw serverError('invalid_request', `repeated parameter: ${safeName(repeated[0] ?? '')}`)
  }
  return params
}

/**
 * Reads an `application/x-www-form-urlencoded` POST body with a size limit, every parameter
 * (repeated ones too) as sent. Anything else (other methods, content types, oversized bodies) is
 * refused with an RFC 6749 error.
 */
async function readFormSource(
  request: CoreRequest,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<URLSearchParams> {
  if (request.method !== 'POST') {
    throw serverError('invalid_request', 'this endpoint accepts only POST', {
      status: 405,
      headers: { allow: 'POST' },
    })
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    throw serverError('invalid_request', 'the body must be application/x-www-form-urlencoded')
  }
  return new URLSearchParams(await request.text(maxBytes))
}

/** `readFormSource`, with repeated parameters refused (RFC 6749 §3.1, §3.2). */
export async function readForm(request: CoreRequest, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Params> {
  return uniqueParams(await readFormSource(request, maxBytes))
}

/**
 * The parameters of a request that may come as a query (GET) or a form (POST): the authorization
 * and end-session endpoints (OIDC Core §3.1.2.1). Repeated names are returned, not refused.
 */
export async function queryOrFormParams(
  request: CoreRequest,
  maxBytes: number,
  refuse: () => Error,
): Promise<{ params: Map<string, string>; repeated: string[] }> {
  if (request.method === 'GET') return parseParams(new URL(request.url).searchParams)
  if (request.method === 'POST') return parseParams(await readFormSource(request, maxBytes))
  throw refuse()
}

/** Keeps parameter names echoed in error descriptions short and printable. */
export function safeName(name: string): string {
  return name.replace(/[^\x21-\x7e]/g, '?').slice(0, 64)
}
