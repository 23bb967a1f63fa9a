import { ArgumentError, OAuthError } from '../errors.js'
import { constantTimeEqual } from '../lib/random.js'
import type { TokenPair } from './types.js'

/** What the authorization callback carries (RFC 5849 §2.2). */
export interface AuthorizationCallback {
  /** `oauth_token`, equal to the temporary token. */
  token: string
  /** `oauth_verifier`, for the token request. */
  verifier: string
}

/**
 * Reads the redirect back from the Resource Owner Authorization endpoint (RFC 5849 §2.2):
 * `oauth_token` must be present and equal the temporary token of this session (compared in
 * constant time), else `OAUTH1_TOKEN_MISMATCH`; `oauth_problem` (e.g. `user_refused`) becomes
 * `OAUTH1_PROBLEM`; a missing `oauth_verifier` is `OAUTH1_MISSING_VERIFIER`.
 *
 * @example
 * const { verifier } = parseAuthorizationCallback(request.url, temporary)
 * const tokens = await requestTokenCredentials(tokenEndpoint, { consumer, temporary, verifier })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
export function parseAuthorizationCallback(
  url: string | URL,
  temporary: Pick<TokenPair, 'key'>,
): AuthorizationCallback {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ArgumentError('"url" must be the absolute callback URL')
  }
  if (typeof temporary?.key !== 'string' || temporary.key === '') {
    throw new ArgumentError('"temporary.key" must be the temporary token of this session')
  }
  const q = parsed.searchParams
  const problem = q.get('oauth_problem')
  if (problem) {
    throw new OAuthError('OAUTH1_PROBLEM', {
      error: problem,
      error_description: q.get('oauth_problem_advice') ?? undefined,
    })
  }
  const token = q.get('oauth_token')
  if (token === null || !constantTimeEqual(token, temporary.key)) {
    throw new OAuthError('OAUTH1_TOKEN_MISMATCH', {
      error: 'token_mismatch',
      error_description:
        token === null ? 'the callback carries no oauth_token' : 'oauth_token is not the temporary token',
      claim: 'oauth_token',
    })
  }
  const verifier = q.get('oauth_verifier')
  if (!verifier) {
    throw new OAuthError('OAUTH1_MISSING_VERIFIER', {
      error: 'missing_verifier',
      error_description: 'the callback carries no oauth_verifier (authorization denied or not completed)',
      claim: 'oauth_verifier',
    })
  }
  return { token, verifier }
}
