import type { RequestOptions } from '../types.js'

/** `Accept: application/json`, then the caller's own headers (which may replace it). */
export function jsonRequestHeaders(options: RequestOptions): Headers {
  const headers = new Headers({ accept: 'application/json' })
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  return headers
}
