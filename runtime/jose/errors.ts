import { errors } from 'jose'
import { OAuthError, type OAuthErrorCode } from '../errors.js'

function fail(code: OAuthErrorCode, description: string, cause: unknown, claim?: string): OAuthError {
  return new OAuthError(code, { error: code.toLowerCase(), error_description: description, claim, cause })
}

/**
 * Turns an error thrown by `jose` (or by a key resolver during verification) into an
 * `OAuthError` with a stable code. An `OAuthError` passes through unchanged, so resolvers may
 * throw their own (e.g. a JWKS fetch failure).
 *
 * Anything unrecognised maps to `JWT_SIGNATURE_INVALID`: the caller is verifying, and an
 * unexplained failure must never read as success or as a softer condition.
 *
 * @example
 * try { await jwtVerify(token, key, { algorithms: ['RS256'] }) } catch (err) { throw mapJoseError(err) }
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function mapJoseError(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err
  if (err instanceof errors.JWTExpired) return fail('JWT_EXPIRED', 'the token has expired', err, err.claim)
  if (err instanceof errors.JWTClaimValidationFailed) {
    return fail('JWT_CLAIM_INVALID', `claim "${err.claim}" is invalid: ${err.message}`, err, err.claim)
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return fail('JWT_ALG_NOT_ALLOWED', 'the token\'s "alg" is not in the allowed algorithms', err)
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return fail('JWT_SIGNATURE_INVALID', 'the token signature does not verify', err)
  }
  if (err instanceof errors.JWEDecryptionFailed)
    return fail('JWT_SIGNATURE_INVALID', 'decryption failed', err)
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return fail('JWKS_NO_MATCHING_KEY', 'no single key matches the token header', err)
  }
  if (err instanceof errors.JWKSTimeout) return fail('REQUEST_TIMEOUT', 'the JWKS request timed out', err)
  if (err instanceof errors.JOSEError) return fail('JWT_MALFORMED', err.message, err)
  // jose throws TypeError when the key's type cannot carry the header's alg (e.g. HS256 with an
  // RSA public key): the algorithm is not acceptable for this key.
  if (err instanceof TypeError)
    return fail('JWT_ALG_NOT_ALLOWED', `the key cannot verify this alg: ${err.message}`, err)
  const message = err instanceof Error ? err.message : String(err)
  return fail('JWT_SIGNATURE_INVALID', `the token could not be verified: ${message}`, err)
}
