import { OAuthServerError, serverError } from '../errors.js'
import type { LiteRequest } from './lite-http.js'

/** Request parameters after duplicate checks; empty values count as absent (RFC 6749 §3.1). */
export type Params = ReadonlyMap<string, string>

/** Default largest request body, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/** Largest single parameter value accepted, in bytes. */
const MAX_PARAM_LENGTH = 8 * 1024

/**
 * Parses URL-encoded parameters, refusing repeated ones (RFC 6749 §3.1, §3.2) and oversized values.
 * Returns the names that were repeated instead of throwing when `collectRepeated` is set, so the
 * authorization endpoint can decide whether the error may be redirected.
 */
export function parseParams(source: URLSearchParams): { params: Map<string, string>; repeated: string[] } {
  const params = new Map<string, string>()
  const repeated: string[] = []
  const seen = new Set<string>()
  for (const [name, value] of source) {
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
 * Reads an `application/x-www-form-urlencoded` POST body with a size limit. Anything else
 * (other methods, content types, oversized bodies) is refused with an RFC 6749 error.
 */
export async function readForm(
  request: Request | LiteRequest,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<Params> {
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
  const text =
    request instanceof Request ? await readBodyText(request, maxBytes) : await request.text(maxBytes)
  return uniqueParams(new URLSearchParams(text))
}

/**
 * Reads a request body as UTF-8 text, failing with `invalid_request` (413) past `maxBytes`,
 * whether the length was declared (`Content-Length`) or only found while reading (chunked).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => serverError('invalid_request', 'the request body is too large', { status: 413 })
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        // Not awaited: when the app cloned the request, this stream is one branch of a tee, and
        // cancelling it settles only once the other branch is cancelled too, which may be never.
        reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
  } catch (err) {
    if (err instanceof OAuthServerError) throw err
    throw serverError('invalid_request', 'the request body could not be read')
  } finally {
    reader.releaseLock()
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    bytes.set(c, offset)
    offset += c.byteLength
  }
  return new TextDecoder().decode(bytes)
}

/** Keeps parameter names echoed in error descriptions short and printable. */
export function safeName(name: string): string {
  return name.replace(/[^\x21-\x7e]/g, '?').slice(0, 64)
}
