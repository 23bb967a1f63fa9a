import { ArgumentError, checkFailed, OAuthError } from '../errors.js'
import { constantTimeEqual } from '../lib/random.js'
import type { AuthorizationTransaction } from './authorization-url.js'
import type { ServerMetadata } from './types.js'

export interface CallbackOptions {
  /** Server metadata; `authorization_response_iss_parameter_supported: true` makes `iss` required. */
  metadata?: ServerMetadata | undefined
  /** Expected issuer; default `transaction.issuer`, then `metadata.issuer`. */
  issuer?: string | undefined
  /** Callback parameters to hand back for the token request (some servers want them echoed). */
  callbackParamsToEcho?: readonly string[] | undefined
}

export interface CallbackResult {
  code: string
  state: string
  /** `iss` when the server sent it (already checked). */
  iss?: string
  /** The parameters named in `callbackParamsToEcho` that were present, for the token request. */
  params: Record<string, string>
  /** Every parameter the callback carried. */
  raw: URLSearchParams
}

/** Parameters that must appear at most once (RFC 6749 §3.1). */
const SINGLE = ['state', 'code', 'iss', 'error', 'error_description', 'error_uri'] as const

/**
 * Validates an authorization response (RFC 6749 §4.1.2) against the transaction of the request:
 * `state` compared in constant time, `iss` checked per RFC 9207, `error=` turned into an
 * `OAuthError` (`OAUTH_AUTHORIZATION_ERROR`), and a missing `code` refused. Pass the redirect
 * URL, or the `URLSearchParams` of a `form_post` body. The app must delete the transaction
 * afterwards so the same state cannot be used twice.
 *
 * @example
 * const { code, params } = validateCallback(request.url, session.tx, { metadata })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function validateCallback(
  input: string | URL | URLSearchParams,
  transaction: AuthorizationTransaction,
  options: CallbackOptions = {},
): CallbackResult {
  if (!transaction?.state) throw new ArgumentError('"transaction.state" is required')
  const params = toParams(input, transaction)
  for (const name of SINGLE) {
    if (params.getAll(name).length > 1) {
      throw new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: `authorization response repeats "${name}"`,
        claim: name,
      })
    }
  }

  const state = params.get('state')
  if (state === null || state === '')
    throw checkFailed('MISSING_STATE', 'authorization response has no state', 'state')
  if (!constantTimeEqual(state, transaction.state)) {
    throw checkFailed('STATE_MISMATCH', 'state does not match the one sent', 'state')
  }

  const iss = checkIssuer(params.get('iss'), transaction, options)

  const error = params.get('error')
  if (error !== null) {
    throw new OAuthError('OAUTH_AUTHORIZATION_ERROR', {
      error,
      error_description: params.get('error_description') ?? undefined,
      error_uri: params.get('error_uri') ?? undefined,
    })
  }

  const code = params.get('code')
  if (!code) throw checkFailed('MISSING_CODE', 'authorization response has no code', 'code')

  const echoed: Record<string, string> = {}
  for (const name of options.callbackParamsToEcho ?? []) {
    const value = params.get(name)
    if (value !== null) echoed[name] = value
  }
  const result: CallbackResult = { code, state, params: echoed, raw: params }
  if (iss !== undefined) result.iss = iss
  return result
}

function toParams(input: string | URL | URLSearchParams, tx: AuthorizationTransaction): URLSearchParams {
  if (input instanceof URLSearchParams) return new URLSearchParams(input)
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new ArgumentError(`"callbackUrl" must be an absolute URL, got ${JSON.stringify(String(input))}`)
  }
  if (tx.responseMode === 'form_post') {
    throw new ArgumentError('form_post responses arrive in the POST body: pass it as URLSearchParams')
  }
  // The fragment never reaches a server; apps relay it, so read it only when it was asked for.
  if (tx.responseMode === 'fragment') return new URLSearchParams(url.hash.slice(1))
  return url.searchParams
}

function checkIssuer(
  iss: string | null,
  tx: AuthorizationTransaction,
  options: CallbackOptions,
): string | undefined {
  const expected = options.issuer ?? tx.issuer ?? options.metadata?.issuer
  const required = options.metadata?.authorization_response_iss_parameter_supported === true
  if (iss === null) {
    if (required) throw checkFailed('ISSUER_MISMATCH', 'server advertises RFC 9207 but sent no iss', 'iss')
    return undefined
  }
  if (expected === undefined) {
    // Without the expected issuer the mix-up defence cannot work; refuse rather than skip it.
    throw new ArgumentError(
      'callback carries "iss" but no expected issuer is known: pass "issuer" or "metadata"',
    )
  }
  if (iss !== expected) {
    throw checkFailed('ISSUER_MISMATCH', `iss ${JSON.stringify(iss)} is not the expected issuer`, 'iss')
  }
  return iss
}
