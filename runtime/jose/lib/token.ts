import { ArgumentError, checkFailed, OAuthError } from '../../errors.js'
import { mapJoseError } from '../errors.js'

/** Default ceiling on a compact JWT, checked before any decoding (16 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024

/** How `assertCompactJwt` names things in its messages. */
export interface CompactJwtLabels {
  /** What the token is, e.g. "ID token"; default "the token". */
  what?: string
  /** The option that set the limit; default "options.maxLength". */
  option?: string
}

/** Refuses a token that is not a string, is too long, or is not three base64url segments. */
export function assertCompactJwt(
  token: unknown,
  maxLength: number | undefined,
  labels: CompactJwtLabels = {},
): asserts token is string {
  const { what = 'the token', option = 'options.maxLength' } = labels
  const limit = maxLength ?? DEFAULT_MAX_TOKEN_LENGTH
  if (!Number.isInteger(limit) || limit <= 0)
    throw new ArgumentError(`"${option}" must be a positive integer`)
  if (typeof token !== 'string') throw checkFailed('JWT_MALFORMED', `${what} must be a string`)
  // Length first: nothing about an oversized token is worth decoding. The pattern below admits
  // ASCII only, so for any token that passes, characters are bytes.
  if (token.length > limit) throw checkFailed('JWT_MALFORMED', `${what} is longer than ${limit} characters`)
  // The signature may be empty, so that `alg: none` is refused by the alg check, by name.
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    throw checkFailed('JWT_MALFORMED', `${what} is not a compact JWS (three base64url segments)`)
  }
}

/** Runs a jose call, turning its errors into `OAuthError`s. */
export async function joseCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw mapJoseError(err)
  }
}

/** A `JWT_MALFORMED` error keeping the decoder's failure as its cause. */
export function malformed(description: string, cause?: unknown): OAuthError {
  return new OAuthError('JWT_MALFORMED', { error: 'jwt_malformed', error_description: description, cause })
}
