/**
 * One error family for the whole runtime. Every failure that crosses the public API is an
 * `AuthspecError` whose `code` is a string-literal union, so `switch (err.code)` narrows.
 *
 * @example
 * try { await client.callback(url, tx) } catch (err) {
 *   if (err instanceof OAuthError && err.code === 'OAUTH_AUTHORIZATION_ERROR') console.log(err.error)
 * }
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */

/** Codes of protocol failures (`OAuthError`). */
export type OAuthErrorCode =
  /** The server answered with an RFC 6749 §5.2 error body (`error`, `error_description`). */
  | 'OAUTH_RESPONSE_ERROR'
  /**
   * This library's authorization server or resource protector refuses a request
   * (`OAuthServerError`): `error` holds the RFC 6749 / RFC 6750 code it answers with, `status` its
   * HTTP status.
   */
  | 'OAUTH_SERVER_ERROR'
  /** The authorization response (callback) carried `error=` (RFC 6749 §4.1.2.1). */
  | 'OAUTH_AUTHORIZATION_ERROR'
  | 'STATE_MISMATCH'
  | 'MISSING_STATE'
  | 'ISSUER_MISMATCH'
  | 'MISSING_CODE'
  /** The response was not what the protocol requires (content type, JSON shape, status). */
  | 'INVALID_RESPONSE'
  | 'RESPONSE_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'NETWORK_ERROR'
  | 'METADATA_ISSUER_MISMATCH'
  /**
   * Protected resource metadata (RFC 9728) names another `resource` than the one it was fetched
   * for (§3.3), so its authorization servers must not be used.
   */
  | 'RESOURCE_METADATA_MISMATCH'
  /**
   * The authorization server lacks what the flow requires (PKCE S256, a way to register the
   * client); `claim` names the missing metadata field.
   */
  | 'UNSUPPORTED_AUTHORIZATION_SERVER'
  | 'JWT_MALFORMED'
  | 'JWT_ALG_NOT_ALLOWED'
  | 'JWT_SIGNATURE_INVALID'
  | 'JWT_CLAIM_INVALID'
  | 'JWT_EXPIRED'
  | 'JWKS_NO_MATCHING_KEY'
  | 'NONCE_MISMATCH'
  | 'USERINFO_SUB_MISMATCH'
  | 'DEVICE_CODE_EXPIRED'
  | 'ACCESS_DENIED'
  /** A provider API call failed: an error status, or an error body (some APIs send it with HTTP 200). */
  | 'API_ERROR'
  /** An injected refresh/reacquire function failed with something other than an `OAuthError`. */
  | 'TOKEN_RENEWAL_FAILED'
  /** OAuth 1.0a: a server reported `oauth_problem` (Problem Reporting extension); `error` holds the problem. */
  | 'OAUTH1_PROBLEM'
  /** OAuth 1.0a: the temporary credentials response lacked `oauth_callback_confirmed=true` (RFC 5849 §2.1). */
  | 'OAUTH1_CALLBACK_NOT_CONFIRMED'
  /** OAuth 1.0a: the callback's `oauth_token` is missing or not the temporary token (RFC 5849 §2.2). */
  | 'OAUTH1_TOKEN_MISMATCH'
  /** OAuth 1.0a: the callback carried no `oauth_verifier` (RFC 5849 §2.2). */
  | 'OAUTH1_MISSING_VERIFIER'
  /**
   * A client given `hostMap` refused a request (or an authorization URL) to an origin the map does
   * not name, before anything was sent.
   */
  | 'UNMAPPED_HOST'
  /**
   * A server-side fetch of a URL a remote party chose (a Client ID Metadata Document) refused its
   * target before sending: not https, credentials in the URL, or a loopback, private, link-local
   * or other special-purpose address (SSRF).
   */
  | 'FORBIDDEN_ADDRESS'

/** Codes of every `AuthspecError`. */
export type AuthspecErrorCode =
  | OAuthErrorCode
  | 'INVALID_ARGUMENT'
  | 'INVALID_SPEC'
  | 'NOT_IMPLEMENTED'
  /** An optional package (a storage driver) is not installed; the message names the install command. */
  | 'MISSING_DEPENDENCY'

export class AuthspecError extends Error {
  readonly code: AuthspecErrorCode
  constructor(code: AuthspecErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

export interface OAuthErrorInit {
  /** RFC 6749 error code from the server, or a local snake_case reason (e.g. `state_mismatch`). */
  error: string
  error_description?: string | undefined
  error_uri?: string | undefined
  /** HTTP status of the response that carried the error, when there was one. */
  status?: number | undefined
  /** The claim or field a validation failure is about (`aud`, `nonce`, `issuer`…). */
  claim?: string | undefined
  cause?: unknown
}

/** A protocol failure: a server's error response, a failed check of a response, a network failure. */
export class OAuthError extends AuthspecError {
  declare readonly code: OAuthErrorCode
  readonly error: string
  readonly error_description: string | undefined
  readonly error_uri: string | undefined
  readonly status: number | undefined
  readonly claim: string | undefined

  constructor(code: OAuthErrorCode, init: OAuthErrorInit) {
    const message = init.error_description ? `${init.error}: ${init.error_description}` : init.error
    super(code, message, init.cause === undefined ? undefined : { cause: init.cause })
    this.error = init.error
    this.error_description = init.error_description
    this.error_uri = init.error_uri
    this.status = init.status
    this.claim = init.claim
  }
}

/** A wrong argument to a public function: fails at once and names the argument. */
export class ArgumentError extends AuthspecError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message)
  }
}

/** A bad provider spec or grant definition: names the file and the field path. */
export class SpecError extends AuthspecError {
  readonly file: string
  readonly path: string
  readonly hint: string | undefined
  constructor(file: string, path: string, message: string, hint?: string) {
    super('INVALID_SPEC', `${file}:${path}: ${message}${hint ? ` (hint: ${hint})` : ''}`)
    this.file = file
    this.path = path
    this.hint = hint
  }
}

/** Shorthand for a failed local check of a response or token. */
export function checkFailed(code: OAuthErrorCode, description: string, claim?: string): OAuthError {
  return new OAuthError(code, { error: code.toLowerCase(), error_description: description, claim })
}
