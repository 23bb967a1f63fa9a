import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose'
import { assertCompactJwt, malformed } from './lib/token.js'
import type { DecodedJwt } from './types.js'

export interface DecodeJwtOptions {
  /** Refuse longer tokens before decoding anything; defaults to 16 KiB. */
  maxLength?: number
}

/**
 * Decodes a JWT's header and payload WITHOUT verifying the signature, e.g. to read `iss` or
 * `kid` before choosing keys. Never trust the result; verify with `verifyJwt`. Oversized
 * tokens are refused before decoding.
 *
 * @example
 * const { header, payload } = decodeJwtUnverified(idToken)
 * const keys = await jwksFor(payload.iss)
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function decodeJwtUnverified<P extends JWTPayload = JWTPayload>(
  token: string,
  options: DecodeJwtOptions = {},
): DecodedJwt<P> {
  assertCompactJwt(token, options.maxLength)
  try {
    const header = decodeProtectedHeader(token)
    const payload = decodeJwt<P>(token)
    return { header, payload }
  } catch (err) {
    throw malformed('the token cannot be decoded', err)
  }
}
