import { OAuthError } from '../errors.js'
import type { CoreResponse } from './lib/core-http.js'

/** Where an authorization-endpoint error may be sent back to the client (RFC 6749 §4.1.2.1). */
export interface ErrorRedirect {
  redirectUri: string
  state?: string | undefined
  /** How the error is returned; default `query`. */
  responseMode?: ResponseMode | undefined
}

/** How authorization responses are returned (OAuth 2.0 Multiple Response Types, Form Post). */
export type ResponseMode = 'query' | 'fragment' | 'form_post'

export interface OAuthServerErrorInit {
  error: string
  error_description?: string | undefined
  error_uri?: string | undefined
  /** HTTP status; default 400 (401 for `invalid_client` and `invalid_token`, 403 for `insufficient_scope`). */
  status?: number | undefined
  /** Value of the `WWW-Authenticate` header, if any. */
  wwwAuthenticate?: string | undefined
  /** Extra response headers (e.g. `Allow` on 405). */
  headers?: Record<string, string> | undefined
  /** Set when the error may be redirected to the client's validated redirect URI. */
  redirect?: ErrorRedirect | undefined
  cause?: unknown
}

/** error_description may only hold %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2). */
const DESCRIPTION_UNSAFE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g

const DEFAULT_STATUS: Record<string, number> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  temporarily_unavailable: 503,
}

/** Headers of every JSON error and token response (RFC 6749 §5.1, §5.2). */
export const JSON_NO_STORE: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
})

/**
 * A protocol error raised by the authorization server, the resource protector or a server
 * adapter; its `code` is `OAUTH_SERVER_ERROR`, its `error` the RFC 6749 / RFC 6750 code. It renders
 * itself: `toResponse()` gives the RFC 6749 §5.2 JSON body, its status and its `WWW-Authenticate`
 * header, and never a stack trace.
 *
 * @example
 * throw new OAuthServerError({ error: 'invalid_grant', error_description: 'code expired' })
 * // later: return err.toResponse()
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class OAuthServerError extends OAuthError {
  declare readonly status: number
  readonly wwwAuthenticate: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly redirect: ErrorRedirect | undefined

  constructor(init: OAuthServerErrorInit) {
    super('OAUTH_SERVER_ERROR', {
      error: init.error,
      error_description: init.error_description?.replace(DESCRIPTION_UNSAFE, '?'),
      error_uri: init.error_uri,
      status: init.status ?? DEFAULT_STATUS[init.error] ?? 400,
      cause: init.cause,
    })
    this.wwwAuthenticate = init.wwwAuthenticate
    this.headers = init.headers ?? {}
    this.redirect = init.redirect
  }

  /** The RFC 6749 §5.2 body: `error`, and `error_description` / `error_uri` when set. */
  toJSON(): Record<string, string> {
    const body: Record<string, string> = { error: this.error }
    if (this.error_description) body['error_description'] = this.error_description
    if (this.error_uri) body['error_uri'] = this.error_uri
    return body
  }

  /**
   * The error as the server answers it: its status, the JSON body with `Cache-Control: no-store`,
   * its extra headers and `WWW-Authenticate`. Every error response is rendered here.
   */
  render(): CoreResponse & { readonly headers: Readonly<Record<string, string>> } {
    const headers: Record<string, string> = { ...JSON_NO_STORE }
    for (const [k, v] of Object.entries(this.headers)) headers[k.toLowerCase()] = v
    if (this.wwwAuthenticate) headers['www-authenticate'] = this.wwwAuthenticate
    return { status: this.status, headers, body: JSON.stringify(this.toJSON()) }
  }

  /** `render()` as a Web `Response`. */
  toResponse(): Response {
    const { status, headers, body } = this.render()
    return new Response(body, { status, headers })
  }
}

/** Shorthand for an `OAuthServerError`. */
export function serverError(error: string, description: string, init?: Omit<OAuthServerErrorInit, 'error'>) {
  return new OAuthServerError({ ...init, error, error_description: description })
}

/**
 * The `OAuthServerError` that answers anything thrown inside an endpoint: itself, or a bare
 * `server_error` so no internal detail (message, stack) ever reaches the wire.
 */
export function asServerError(err: unknown): OAuthServerError {
  if (err instanceof OAuthServerError) return err
  return serverError('server_error', 'the server could not process the request')
}

/** `asServerError(err)` rendered as a Web `Response`. */
export function errorToResponse(err: unknown): Response {
  return asServerError(err).toResponse()
}

/**
 * The one 413 a request body past its limit gets, whether the length was declared
 * (`Content-Length`) or only found while reading.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 */
export function bodyTooLarge(): OAuthServerError {
  return serverError('invalid_request', 'the request body is too large', { status: 413 })
}
