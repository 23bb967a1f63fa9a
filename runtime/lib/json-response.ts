import { type $ZodIssue, type $ZodType, type output, safeParse } from 'zod/v4/core'
import { OAuthError } from '../errors.js'
import type { HttpResponse } from './http.js'

/** RFC 6749 §5.2 error body fields, as a server sends them. */
interface ErrorBody {
  error?: unknown
  error_description?: unknown
  error_uri?: unknown
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** Turns a parsed RFC 6749 §5.2 error body into an `OAuthError`, or undefined if it is not one. */
export function errorFromBody(body: unknown, status: number): OAuthError | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const b = body as ErrorBody
  const error = str(b.error)
  if (!error) return undefined
  return new OAuthError('OAUTH_RESPONSE_ERROR', {
    error,
    error_description: str(b.error_description),
    error_uri: str(b.error_uri),
    status,
  })
}

function mediaType(res: HttpResponse): string {
  return (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

/**
 * Decodes a response body as JSON, or as a form-encoded object when the server says so
 * (some token endpoints answer `application/x-www-form-urlencoded`). Anything else is
 * `INVALID_RESPONSE`, naming what was received instead.
 */
export function decodeBody(res: HttpResponse, allowForm = false): unknown {
  const type = mediaType(res)
  if (allowForm && type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(res.text()))
  }
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `expected application/json, got ${type || 'no content type'} (HTTP ${res.status})`,
      status: res.status,
    })
  }
  try {
    return JSON.parse(res.text())
  } catch (cause) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `response body is not valid JSON (HTTP ${res.status})`,
      status: res.status,
      cause,
    })
  }
}

export interface ParseOptions {
  /** Statuses counted as success; default 200 only. */
  okStatuses?: readonly number[]
  /** Accept a form-encoded body too. */
  allowForm?: boolean
  /** Members filled in when the body lacks them, before validation (a provider's omitted defaults). */
  defaults?: Readonly<Record<string, unknown>> | undefined
}

/**
 * Parses an OAuth endpoint response: an RFC 6749 error body (at any status, since some
 * providers send errors with HTTP 200) becomes `OAUTH_RESPONSE_ERROR`; an unexpected status
 * or shape becomes `INVALID_RESPONSE` naming the field; otherwise the zod-checked value.
 */
export function parseOAuthResponse<S extends $ZodType>(
  res: HttpResponse,
  schema: S,
  opts: ParseOptions = {},
): output<S> {
  const ok = (opts.okStatuses ?? [200]).includes(res.status)
  let body: unknown
  try {
    body = decodeBody(res, opts.allowForm)
  } catch (err) {
    if (!ok && err instanceof OAuthError) {
      throw new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: `unexpected HTTP ${res.status} without an OAuth error body`,
        status: res.status,
        cause: err,
      })
    }
    throw err
  }
  const oauthError = errorFromBody(body, res.status)
  if (oauthError) throw oauthError
  if (!ok) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `unexpected HTTP ${res.status}`,
      status: res.status,
    })
  }
  return validate(schema, withDefaults(body, opts.defaults), res.status)
}

function withDefaults(body: unknown, defaults: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!defaults || typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const out: Record<string, unknown> = { ...body }
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v
  return out
}

/**
 * zod-validates a decoded body; a mismatch names the first failing field. Any zod 4 schema works
 * (`zod`, `zod/mini`): both are `zod/v4/core` schemas, and the core `safeParse` runs either.
 */
export function validate<S extends $ZodType>(schema: S, body: unknown, status?: number): output<S> {
  const result = safeParse(schema, body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)'
  throw new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: `response field "${path}": ${describeIssue(issue)}`,
    claim: path,
    status,
    cause: result.error,
  })
}

/**
 * What went wrong with a field, in words that do not depend on zod's locale: `zod/mini` loads
 * no message table, so its own message would only say "Invalid input".
 */
export function describeIssue(found: { readonly message: string } | undefined): string {
  if (!found) return 'invalid'
  const issue = found as $ZodIssue
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return 'must not be empty'
      if (issue.origin === 'string') return `must have at least ${String(issue.minimum)} characters`
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} items`
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`
    case 'invalid_format':
      return `expected ${issue.format === 'url' ? 'a URL' : issue.format}`
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return issue.message
  }
}
