import { errors } from 'jose'
import { OAuthError, type OAuthErrorCode } from '../errors.js'

/** The code, description and claim for an error of `jose`, a resolver or Web Crypto. */
function classify(err: unknown): [OAuthErrorCode, string, string?] {
  if (err instanceof errors.JWTExpired) return ['JWT_EXPIRED', 'the token has expired', err.claim]
  if (err instanceof errors.JWTClaimValidationFailed) {
    return ['JWT_CLAIM_INVALID', `claim "${err.claim}" is invalid: ${err.message}`, err.claim]
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return ['JWT_ALG_NOT_ALLOWED', 'the token\'s "alg" is not in the allowed algorithms']
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return ['JWT_SIGNATURE_INVALID', 'the token signature does not verify']
  }
  if (err instanceof errors.JWEDecryptionFailed) return ['JWT_SIGNATURE_INVALID', 'decryption failed']
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return ['JWKS_NO_MATCHING_KEY', 'no single key matches the token header']
  }
  if (err instanceof errors.JWKSTimeout) return ['REQUEST_TIMEOUT', 'the JWKS request timed out']
  if (err instanceof errors.JOSEError) return ['JWT_MALFORMED', err.message]
  // jose throws TypeError when the key's type cannot carry the header's alg (e.g. HS256 with an
  // RSA public key): the algorithm is not acceptable for this key.
  if (err instanceof TypeError)
    return ['JWT_ALG_NOT_ALLOWED', `the key cannot verify this alg: ${err.message}`]
  const message = err instanceof Error ? err.message : String(err)
  return ['JWT_SIGNATURE_INVALID', `the token could not be verified: ${message}`]
}

/**
 * Turns an error thrown by `jose` (or by a key resolver during verification) into an
 * `OAuthError` with a stable code. An `OAuthError` passes through unchanged, so resolvers may
 * throw their own (e.g. a JWKS fetch failure).
 *
 * Anything unrecognised maps to `JWT_SIGNATURE_INVALID`: the caller is verifying, and an
 * unexplained failure must never read as success or as a softer condition. `context` (e.g.
 * "ID token") prefixes the description, saying what was being verified.
 *
 * @example
 * try { await jwtVerify(token, key, { algorithms: ['RS256'] }) } catch (err) { throw mapJoseError(err, 'ID token') }
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function mapJoseError(err: unknown, context?: string): OAuthError {
  if (err instanceof OAuthError) return err
  const [code, description, claim] = classify(err)
  return new OAuthError(code, {
    error: code.toLowerCase(),
    error_description: context === undefined ? description : `${context}: ${description}`,
    claim,
    cause: err,
  })
}
