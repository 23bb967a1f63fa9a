import { ArgumentError, OAuthError } from '../errors.js'

/** The `fetch` signature the runtime calls; inject your own for proxies, tracing or tests. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Options every outbound call accepts. */
export interface HttpOptions {
  /** Custom `fetch`; defaults to the global one. */
  fetch?: FetchLike | undefined
  /** Milliseconds before the call is aborted with `REQUEST_TIMEOUT`. Default 10 000. */
  timeout?: number | undefined
  /** Largest response body accepted, in bytes; larger gives `RESPONSE_TOO_LARGE`. Default 1 MiB. */
  maxResponseBytes?: number | undefined
  /** Escape hatch for local testing: allow plain http to hosts other than loopback. Off by default. */
  allowInsecureRequests?: boolean | undefined
}

export interface HttpResponse {
  status: number
  headers: Headers
  body: Uint8Array
  /** Body as UTF-8 text. */
  text(): string
}

const DEFAULT_TIMEOUT = 10_000
const DEFAULT_MAX_BYTES = 1024 * 1024
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** True for http(s) loopback hosts, where plain http is allowed (RFC 8252 §7.3). */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.')
}

/** Refuses non-https URLs unless they point at loopback or the escape hatch is on. */
export function assertSecureUrl(value: string | URL, name: string, opts?: HttpOptions): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ArgumentError(`"${name}" must be an absolute URL, got ${JSON.stringify(String(value))}`)
  }
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && (isLoopback(url) || opts?.allowInsecureRequests)) return url
  throw new ArgumentError(`"${name}" must be an absolute https URL (http only for loopback)`)
}

/**
 * Performs one outbound HTTP call with a timeout and a response-size limit. Network failures,
 * timeouts and oversized bodies become typed `OAuthError`s; HTTP error statuses are returned.
 */
export async function httpRequest(
  url: string | URL,
  init: RequestInit,
  opts?: HttpOptions,
): Promise<HttpResponse> {
  const doFetch = opts?.fetch ?? fetch
  const timeout = opts?.timeout ?? DEFAULT_TIMEOUT
  const maxBytes = opts?.maxResponseBytes ?? DEFAULT_MAX_BYTES
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeout)
  try {
    let res: Response
    try {
      res = await doFetch(url, { ...init, signal: controller.signal, redirect: 'manual' })
    } catch (cause) {
      // A fetch wrapper's own refusal (hostMap's UNMAPPED_HOST) is already the typed error.
      if (cause instanceof OAuthError) throw cause
      throw networkError(cause, controller.signal.aborted, timeout, url)
    }
    const body = await readLimited(res, maxBytes, controller, timeout, url)
    return { status: res.status, headers: res.headers, body, text: () => new TextDecoder().decode(body) }
  } finally {
    clearTimeout(timer)
  }
}

function networkError(cause: unknown, aborted: boolean, timeout: number, url: string | URL): OAuthError {
  if (aborted) {
    return new OAuthError('REQUEST_TIMEOUT', {
      error: 'request_timeout',
      error_description: `no response from ${new URL(url).origin} within ${timeout} ms`,
      cause,
    })
  }
  return new OAuthError('NETWORK_ERROR', {
    error: 'network_error',
    error_description: `request to ${new URL(url).origin} failed`,
    cause,
  })
}

async function readLimited(
  res: Response,
  maxBytes: number,
  controller: AbortController,
  timeout: number,
  url: string | URL,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    controller.abort()
    throw tooLarge(maxBytes, res.status)
  }
  if (!res.body) return new Uint8Array(0)
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        controller.abort()
        await reader.cancel().catch(() => undefined)
        throw tooLarge(maxBytes, res.status)
      }
      chunks.push(value)
    }
  } catch (cause) {
    if (cause instanceof OAuthError) throw cause
    throw networkError(cause, controller.signal.aborted, timeout, url)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

function tooLarge(maxBytes: number, status: number): OAuthError {
  return new OAuthError('RESPONSE_TOO_LARGE', {
    error: 'response_too_large',
    error_description: `response body exceeds ${maxBytes} bytes`,
    status,
  })
}
