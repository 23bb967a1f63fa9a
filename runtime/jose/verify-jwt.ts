import { type CryptoKey, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose'
import { ArgumentError, checkFailed } from '../errors.js'
import { checkClaims } from './check-claims.js'
import { createJwksResolver } from './create-jwks-resolver.js'
import { decodeJwtUnverified } from './decode-jwt-unverified.js'
import { KeySet } from './key-set.js'
import { isJwsAlgorithm } from './lib/algorithms.js'
import { joseCall } from './lib/token.js'
import type { ClaimsOptions, DecodedJwt, JwsAlgorithm, KeyResolver, SigningKey } from './types.js'

/** Whatever can supply the verification key. A `Uint8Array` is an HMAC secret (HS*) of 32+ bytes. */
export type VerificationKeyInput = SigningKey | CryptoKey | Uint8Array | KeySet | KeyResolver | JSONWebKeySet

export interface VerifyJwtOptions {
  /** Accepted `alg` values; required, never taken from the token. `none` is always refused. */
  algorithms: readonly JwsAlgorithm[]
  /** Required `typ` header (e.g. `at+jwt`); compared as RFC 8725 §3.11 suggests. */
  typ?: string
  /** Allowed clock skew in seconds for `exp`, `nbf`, `iat`; 0 to 300, default 0. */
  clockTolerance?: number
  /** The clock; defaults to `new Date()`. */
  currentDate?: Date
  /** Maximum age in seconds since `iat` (which then becomes required). */
  maxTokenAge?: number
  /** Authlib-style rules per claim: `essential`, `value`, `values`, `validate`. */
  claims?: ClaimsOptions
  /** Refuse longer tokens before decoding; default 16 KiB. */
  maxLength?: number
}

export const MAX_CLOCK_TOLERANCE = 300
const MIN_HMAC_SECRET_BYTES = 32

function keyInput(key: VerificationKeyInput): CryptoKey | Uint8Array | KeyResolver {
  if (key instanceof KeySet) return key.resolver()
  if (typeof key === 'function') return key
  if (key instanceof Uint8Array) {
    // RFC 7518 §3.2: an HMAC key at least as long as the hash output.
    if (key.byteLength < MIN_HMAC_SECRET_BYTES)
      throw new ArgumentError(`"key" secret must be at least 32 bytes`)
    return key
  }
  if (key instanceof CryptoKey) {
    if (key.type === 'private')
      throw new ArgumentError('"key" must be a public or secret key, not a private key')
    return key
  }
  if (typeof key === 'object' && key !== null) {
    if ('publicKey' in key && key.publicKey instanceof CryptoKey) return key.publicKey
    if ('keys' in key && Array.isArray(key.keys)) return createJwksResolver(key)
  }
  throw new ArgumentError('"key" must be a SigningKey, CryptoKey, secret, KeySet, JWK Set or key resolver')
}

function assertOptions(options: VerifyJwtOptions): void {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('"options" must be an object')
  const { algorithms, clockTolerance, maxTokenAge } = options
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new ArgumentError('"options.algorithms" must be a non-empty array of JWS algorithms')
  }
  for (const alg of algorithms as readonly unknown[]) {
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      throw new ArgumentError(
        '"options.algorithms" must not contain "none": unsigned tokens are never accepted',
      )
    }
    if (!isJwsAlgorithm(alg))
      throw new ArgumentError(`"options.algorithms" has an unsupported algorithm ${String(alg)}`)
  }
  if (clockTolerance !== undefined) {
    if (
      typeof clockTolerance !== 'number' ||
      !(clockTolerance >= 0 && clockTolerance <= MAX_CLOCK_TOLERANCE)
    ) {
      throw new ArgumentError(
        `"options.clockTolerance" must be a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE}`,
      )
    }
  }
  if (maxTokenAge !== undefined && (typeof maxTokenAge !== 'number' || !(maxTokenAge > 0))) {
    throw new ArgumentError('"options.maxTokenAge" must be a positive number of seconds')
  }
  if (options.currentDate !== undefined && !(options.currentDate instanceof Date)) {
    throw new ArgumentError('"options.currentDate" must be a Date')
  }
}

/**
 * Verifies a JWT's signature with an algorithm allow-list, then its time claims (`exp`, `nbf`,
 * `iat`) with a bounded clock tolerance, its `typ`, and Authlib-style claims options.
 * Failures throw `OAuthError` with `JWT_MALFORMED`, `JWT_ALG_NOT_ALLOWED`,
 * `JWT_SIGNATURE_INVALID`, `JWT_EXPIRED`, `JWT_CLAIM_INVALID` (with `claim`) or
 * `JWKS_NO_MATCHING_KEY`.
 *
 * @example
 * const { payload } = await verifyJwt(token, keys, {
 *   algorithms: ['RS256', 'ES256'],
 *   typ: 'at+jwt',
 *   clockTolerance: 30,
 *   claims: { iss: { essential: true, value: issuer }, aud: { essential: true, value: 'api' } },
 * })
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */
export async function verifyJwt<P extends JWTPayload = JWTPayload>(
  token: string,
  key: VerificationKeyInput,
  options: VerifyJwtOptions,
): Promise<DecodedJwt<P>> {
  assertOptions(options)
  const input = keyInput(key)
  // Decoding first enforces the size limit and gives a precise error for `alg: none`.
  const { header } = decodeJwtUnverified(
    token,
    options.maxLength === undefined ? {} : { maxLength: options.maxLength },
  )
  if (typeof header.alg !== 'string' || !options.algorithms.includes(header.alg as JwsAlgorithm)) {
    throw checkFailed(
      'JWT_ALG_NOT_ALLOWED',
      `the token's "alg" ${String(header.alg)} is not in the allowed algorithms`,
    )
  }
  const result = await joseCall(() =>
    jwtVerify<P>(token, input as Parameters<typeof jwtVerify>[1], {
      algorithms: [...options.algorithms],
      clockTolerance: options.clockTolerance ?? 0,
      ...(options.typ !== undefined ? { typ: options.typ } : {}),
      ...(options.currentDate !== undefined ? { currentDate: options.currentDate } : {}),
      ...(options.maxTokenAge !== undefined ? { maxTokenAge: options.maxTokenAge } : {}),
    }),
  )
  if (options.claims !== undefined) checkClaims(result.payload, options.claims)
  return { header: result.protectedHeader, payload: result.payload }
}
