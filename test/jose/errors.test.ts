import { errors } from 'jose'
import { describe, expect, it } from 'vitest'
import { OAuthError, type OAuthErrorCode } from '../../runtime/errors.js'
import { mapJoseError } from '../../runtime/jose/index.js'

const payload = { sub: 'x' }

describe('mapJoseError', () => {
  const table: [string, unknown, { code: OAuthErrorCode; claim?: string }][] = [
    [
      'JWTExpired',
      new errors.JWTExpired('expired', payload, 'exp', 'check_failed'),
      { code: 'JWT_EXPIRED', claim: 'exp' },
    ],
    [
      'JWTClaimValidationFailed',
      new errors.JWTClaimValidationFailed('bad aud', payload, 'aud', 'check_failed'),
      { code: 'JWT_CLAIM_INVALID', claim: 'aud' },
    ],
    ['JOSEAlgNotAllowed', new errors.JOSEAlgNotAllowed('no'), { code: 'JWT_ALG_NOT_ALLOWED' }],
    [
      'JWSSignatureVerificationFailed',
      new errors.JWSSignatureVerificationFailed(),
      { code: 'JWT_SIGNATURE_INVALID' },
    ],
    ['JWEDecryptionFailed', new errors.JWEDecryptionFailed(), { code: 'JWT_SIGNATURE_INVALID' }],
    ['JWKSNoMatchingKey', new errors.JWKSNoMatchingKey(), { code: 'JWKS_NO_MATCHING_KEY' }],
    ['JWKSMultipleMatchingKeys', new errors.JWKSMultipleMatchingKeys(), { code: 'JWKS_NO_MATCHING_KEY' }],
    ['JWKSTimeout', new errors.JWKSTimeout(), { code: 'REQUEST_TIMEOUT' }],
    ['JWSInvalid', new errors.JWSInvalid('bad'), { code: 'JWT_MALFORMED' }],
    ['JWTInvalid', new errors.JWTInvalid('bad'), { code: 'JWT_MALFORMED' }],
    ['JOSENotSupported', new errors.JOSENotSupported('crit'), { code: 'JWT_MALFORMED' }],
    ['JWKInvalid', new errors.JWKInvalid('bad'), { code: 'JWT_MALFORMED' }],
    [
      'TypeError (key/alg mismatch)',
      new TypeError('CryptoKey must be secret'),
      { code: 'JWT_ALG_NOT_ALLOWED' },
    ],
    ['anything else fails closed', new Error('resolver broke'), { code: 'JWT_SIGNATURE_INVALID' }],
    ['a non-Error', 'weird', { code: 'JWT_SIGNATURE_INVALID' }],
  ]

  it.each(table)('%s', (_name, input, want) => {
    const err = mapJoseError(input)
    expect(err).toBeInstanceOf(OAuthError)
    expect(err.code).toBe(want.code)
    expect(err.error).toBe(want.code.toLowerCase())
    expect(err.claim).toBe(want.claim)
    expect(err.cause).toBe(input)
  })

  it('prefixes the description with the context, keeping code and claim', () => {
    const input = new errors.JWTClaimValidationFailed('bad aud', payload, 'aud', 'check_failed')
    const bare = mapJoseError(input)
    const err = mapJoseError(input, 'ID token')
    expect([err.code, err.claim]).toEqual([bare.code, bare.claim])
    expect(err.error_description).toBe(`ID token: ${bare.error_description}`)
  })

  it('passes an OAuthError through unchanged', () => {
    const original = new OAuthError('NETWORK_ERROR', { error: 'network_error' })
    expect(mapJoseError(original)).toBe(original)
  })
})
