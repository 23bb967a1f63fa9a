import { OAuthError } from '../../errors.js'

/**
 * Whether a failed well-known fetch means "no such document here", so the next well-known
 * location may be tried (OIDC Discovery after RFC 8414, the root RFC 9728 document after the
 * path one). A wrong issuer or resource, a timeout or an oversized body is an answer in itself
 * and must not be masked by a second try.
 */
export function isMissingDocument(err: unknown): boolean {
  return err instanceof OAuthError && (err.code === 'INVALID_RESPONSE' || err.code === 'OAUTH_RESPONSE_ERROR')
}
