import { ArgumentError, AuthspecError, OAuthError } from '../errors.js'
import { assertSecureUrl, type FetchLike } from '../lib/http.js'
import { parseWwwAuthenticate } from '../lib/www-authenticate.js'
import { singleFlight } from './lib/single-flight.js'
import { type Clock, createTokenSet, TokenSet } from './token-set.js'
import type { TokenResponse } from './types.js'

/** Options of `createAuthenticatedFetch`. */
export interface AuthenticatedFetchOptions {
  /** The tokens to start with; must be `Bearer` tokens. */
  tokens: TokenSet
  /** Renews with a refresh token (e.g. a refresh_token grant call). Used when the set has one. */
  refresh?: ((refreshToken: string) => Promise<TokenResponse>) | undefined
  /**
   * Gets a fresh token with no refresh token to spend (client_credentials: tokens are re-fetched,
   * not refreshed, RFC 6749 §4.4.3). Used when `refresh` cannot be.
   */
  reacquire?: (() => Promise<TokenResponse>) | undefined
  /** Called with every new set before any request uses it; persist it here (rotation!). */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined
  /** Seconds before `expiresAt` at which the token counts as expired and is renewed first. Default 30. */
  leeway?: number | undefined
  /** Clock in milliseconds, default `Date.now`. */
  now?: Clock | undefined
  /** The `fetch` that sends requests; default the global one. */
  fetch?: FetchLike | undefined
  /** Milliseconds per attempt, covering the response body too, before `REQUEST_TIMEOUT`. Default none. */
  timeout?: number | undefined
  /** Escape hatch for local testing: send the bearer token over plain http to non-loopback hosts. */
  allowInsecureRequests?: boolean | undefined
}

/** A `fetch` that carries a bearer token and keeps it fresh. */
export interface AuthenticatedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** The current token set. */
  tokens(): TokenSet
  /** Renews now (refresh, else reacquire), sharing any renewal already in flight. */
  renew(): Promise<TokenSet>
}

const DEFAULT_LEEWAY = 30

/**
 * Wraps `fetch` so each request carries `Authorization: Bearer <access token>` (other headers
 * kept, any caller `Authorization` replaced), and the token stays usable:
 * - renewed before sending when it expires within `leeway`;
 * - on `401` with a Bearer challenge `error="invalid_token"`, renewed once and the request retried
 *   once (other 401s are returned as they are; a second rejection is returned, never looped);
 * - concurrent callers share one in-flight renewal, and a request rejected with a token that
 *   another caller already replaced is retried with the new token without renewing again;
 * - renewal uses `refresh(refreshToken)` when the set has a refresh token, else `reacquire()`;
 *   without either the token is sent as is and the server's answer returned;
 * - each new set goes to `onTokens` (awaited; if it throws, that error reaches the caller, and
 *   the new set stays current because a rotated refresh token cannot be taken back).
 *
 * A failed renewal rejects with an `OAuthError` (the injected function's own, or
 * `TOKEN_RENEWAL_FAILED` wrapping anything else) and leaves nothing behind: the next call tries
 * again. Retrying needs the request body twice: strings, `URLSearchParams`, `Blob`,
 * `ArrayBuffer`, typed arrays and `FormData` in `init.body` are resent; a `Request` input's body is
 * kept with `Request.clone()` (so held in memory until the response arrives); a `ReadableStream`
 * or async-iterable `init.body` is sent once and its 401 returned without a retry (a renewal
 * before sending still happens).
 *
 * @example
 * const api = createAuthenticatedFetch({
 *   tokens,
 *   refresh: (rt) => refreshTokens(metadata, client, rt),
 *   onTokens: (t) => store.set('tokens', t.toJSON()),
 * })
 * const res = await api('https://api.example.com/me')
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function createAuthenticatedFetch(options: AuthenticatedFetchOptions): AuthenticatedFetch {
  const { refresh, reacquire, onTokens, timeout, allowInsecureRequests } = options
  if (!(options.tokens instanceof TokenSet)) throw new ArgumentError('"tokens" must be a TokenSet')
  if (!isBearer(options.tokens)) {
    throw new ArgumentError(`"tokens" must hold a Bearer token, got token_type "${options.tokens.tokenType}"`)
  }
  for (const [name, fn] of [
    ['refresh', refresh],
    ['reacquire', reacquire],
    ['onTokens', onTokens],
    ['now', options.now],
    ['fetch', options.fetch],
  ] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw new ArgumentError(`"${name}" must be a function`)
  }
  const leeway = options.leeway ?? DEFAULT_LEEWAY
  if (!Number.isFinite(leeway) || leeway < 0) throw new ArgumentError('"leeway" must be a finite number >= 0')
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new ArgumentError('"timeout" must be a positive number of milliseconds')
  }
  const now = options.now ?? Date.now
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  let current = options.tokens

  const canRenew = (set: TokenSet): boolean =>
    (set.refreshToken !== undefined && refresh !== undefined) || reacquire !== undefined

  const renewOnce = singleFlight(async (): Promise<TokenSet> => {
    const before = current
    const useRefresh = before.refreshToken !== undefined && refresh !== undefined
    let response: TokenResponse
    try {
      response = useRefresh ? await refresh(before.refreshToken!) : await reacquire!()
    } catch (cause) {
      throw renewalError(cause, useRefresh ? 'refresh' : 'reacquire')
    }
    let next: TokenSet
    try {
      // A refresh continues the grant (keeps rotation-less refresh token, scopes); a re-acquired
      // token is a new grant and stands alone.
      next = createTokenSet(
        response,
        useRefresh ? { previous: before, now } : { now, scopeDelimiter: before.scopeDelimiter },
      )
    } catch (cause) {
      throw new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: 'the renewed token response is not a valid token response',
        cause,
      })
    }
    if (!isBearer(next)) {
      throw new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: `renewal returned token_type "${next.tokenType}", expected Bearer`,
      })
    }
    current = next
    await onTokens?.(next)
    return next
  })

  /** Renews unless `used` was already replaced; undefined when renewal is impossible. */
  const renewFrom = async (used: TokenSet): Promise<TokenSet | undefined> => {
    if (current !== used) return current
    if (!canRenew(used)) return undefined
    return renewOnce()
  }

  const send = async (req: PreparedRequest, tokens: TokenSet, last: boolean): Promise<Response> => {
    const [input, init] = req.build(tokens.accessToken, last)
    const timer = timeout === undefined ? undefined : AbortSignal.timeout(timeout)
    const callerSignal = init.signal ?? (input instanceof Request ? input.signal : undefined)
    const signal = timer ? (callerSignal ? AbortSignal.any([callerSignal, timer]) : timer) : callerSignal
    try {
      return await doFetch(input, signal ? { ...init, signal } : init)
    } catch (cause) {
      if (callerSignal?.aborted || cause instanceof AuthspecError) throw cause
      const origin = req.url.origin
      if (timer?.aborted) {
        throw new OAuthError('REQUEST_TIMEOUT', {
          error: 'request_timeout',
          error_description: `no response from ${origin} within ${timeout} ms`,
          cause,
        })
      }
      throw new OAuthError('NETWORK_ERROR', {
        error: 'network_error',
        error_description: `request to ${origin} failed`,
        cause,
      })
    }
  }

  const authenticatedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = prepareRequest(input, init, allowInsecureRequests)
    let tokens = current
    if (tokens.isExpired(leeway, now()) && canRenew(tokens)) tokens = (await renewFrom(tokens)) ?? tokens
    const res = await send(req, tokens, !req.replayable)
    if (res.status !== 401 || !req.replayable || !hasInvalidTokenChallenge(res.headers)) return res
    if (current === tokens && !canRenew(tokens)) return res
    await res.body?.cancel().catch(() => undefined)
    const fresh = (await renewFrom(tokens)) ?? current
    return send(req, fresh, true)
  }

  return Object.assign(authenticatedFetch, {
    tokens: () => current,
    renew: (): Promise<TokenSet> => {
      if (!canRenew(current)) {
        return Promise.reject(
          new ArgumentError(
            'cannot renew: the tokens have no refresh token (or no "refresh") and no "reacquire"',
          ),
        )
      }
      return renewOnce()
    },
  })
}

function isBearer(set: TokenSet): boolean {
  return set.tokenType.toLowerCase() === 'bearer'
}

function renewalError(cause: unknown, via: 'refresh' | 'reacquire'): OAuthError {
  if (cause instanceof OAuthError) return cause
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new OAuthError('TOKEN_RENEWAL_FAILED', {
    error: 'token_renewal_failed',
    error_description: `${via} failed${detail}`,
    cause,
  })
}

interface PreparedRequest {
  url: URL
  /** False when the body can be sent only once. */
  replayable: boolean
  /** Arguments for one attempt; `last` means no later attempt needs the body again. */
  build(accessToken: string, last: boolean): [string | URL | Request, RequestInit]
}

function prepareRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  allowInsecureRequests: boolean | undefined,
): PreparedRequest {
  const request = input instanceof Request ? input : undefined
  const base = (globalThis as { location?: { href?: string } }).location?.href
  let url: URL
  try {
    url = new URL(request ? request.url : input.toString(), base)
  } catch {
    throw new ArgumentError(`"input" must be a URL, got ${JSON.stringify(String(input))}`)
  }
  // A bearer token is a password for whoever reads it: never over cleartext (RFC 6750 §5.3).
  assertSecureUrl(url, 'input', { allowInsecureRequests })
  if (request?.bodyUsed) throw new ArgumentError('"input" is a Request whose body was already read')
  const initBody = init?.body ?? undefined
  const requestBodyUsed = initBody === undefined && request?.body != null
  const replayable = initBody === undefined || isReplayableBody(initBody)
  const headerSource = init?.headers ?? request?.headers
  return {
    url,
    replayable,
    build(accessToken, last) {
      const headers = new Headers(headerSource)
      headers.set('authorization', `Bearer ${accessToken}`)
      // A Request body is a stream read once: send a copy while a retry may still need it.
      const target = requestBodyUsed && !last ? request!.clone() : input
      return [target, { ...init, headers }]
    },
  }
}

function isReplayableBody(body: BodyInit): boolean {
  return (
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData
  )
}

/** True when a Bearer challenge says `error="invalid_token"` (RFC 6750 §3.1). */
function hasInvalidTokenChallenge(headers: Headers): boolean {
  return parseWwwAuthenticate(headers.get('www-authenticate')).some(
    (c) => c.scheme === 'bearer' && c.params['error'] === 'invalid_token',
  )
}
