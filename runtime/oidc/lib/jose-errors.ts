import { OAuthError, type OAuthErrorCode } from '../../errors.js'

const BY_JOSE_CODE: Readonly<Record<string, OAuthErrorCode>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'JWT_SIGNATURE_INVALID',
  ERR_JOSE_ALG_NOT_ALLOWED: 'JWT_ALG_NOT_ALLOWED',
  ERR_JOSE_NOT_SUPPORTED: 'JWT_ALG_NOT_ALLOWED',
  ERR_JWS_INVALID: 'JWT_MALFORMED',
  ERR_JWT_INVALID: 'JWT_MALFORMED',
  ERR_JWKS_NO_MATCHING_KEY: 'JWKS_NO_MATCHING_KEY',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'JWKS_NO_MATCHING_KEY',
  ERR_JWKS_TIMEOUT: 'REQUEST_TIMEOUT',
  ERR_JWKS_INVALID: 'INVALID_RESPONSE',
  ERR_JWK_INVALID: 'INVALID_RESPONSE',
  ERR_JWT_EXPIRED: 'JWT_EXPIRED',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'JWT_CLAIM_INVALID',
}

/**
 * Turns whatever `jose` (or a caller's key resolver) threw into an `OAuthError` with a stable
 * code; `OAuthError`s pass through unchanged. A `TypeError` from `jose` means the key does not
 * fit the algorithm, which for a verifier is "no usable key".
 */
export function fromJoseError(err: unknown, context: string): OAuthError {
  if (err instanceof OAuthError) return err
  const joseCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  let code: OAuthErrorCode = 'JWT_MALFORMED'
  if (typeof joseCode === 'string' && Object.hasOwn(BY_JOSE_CODE, joseCode)) code = BY_JOSE_CODE[joseCode]!
  else if (err instanceof TypeError) code = 'JWKS_NO_MATCHING_KEY'
  const claim = typeof err === 'object' && err !== null ? (err as { claim?: unknown }).claim : undefined
  const detail = err instanceof Error ? err.message : String(err)
  return new OAuthError(code, {
    error: code.toLowerCase(),
    error_description: `${context}: ${detail}`,
    claim: typeof claim === 'string' ? claim : code === 'JWT_EXPIRED' ? 'exp' : undefined,
    cause: err,
  })
}
