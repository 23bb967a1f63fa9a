import { ArgumentError, checkFailed, type OAuthError } from '../../errors.js'
import { MAX_CLOCK_TOLERANCE } from '../../jose/verify-jwt.js'

export const DEFAULT_CLOCK_TOLERANCE = 5

export function invalidClaim(claim: string, description: string): OAuthError {
  return checkFailed('JWT_CLAIM_INVALID', description, claim)
}

/** Seconds of tolerance, bounded so a misconfiguration cannot turn expiry off. */
export function clockTolerance(value: number | undefined): number {
  if (value === undefined) return DEFAULT_CLOCK_TOLERANCE
  if (!Number.isFinite(value) || value < 0 || value > MAX_CLOCK_TOLERANCE) {
    throw new ArgumentError(`"clockTolerance" must be between 0 and ${MAX_CLOCK_TOLERANCE} seconds`)
  }
  return value
}

/** A NumericDate claim (RFC 7519 §2): a finite JSON number, or undefined when absent and optional. */
export function numericDate(
  payload: Record<string, unknown>,
  claim: string,
  required: boolean,
): number | undefined {
  const value = payload[claim]
  if (value === undefined) {
    if (required) throw invalidClaim(claim, `"${claim}" is missing`)
    return undefined
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidClaim(claim, `"${claim}" is not a number`)
  }
  return value
}

export function optionalString(payload: Record<string, unknown>, claim: string): string | undefined {
  const value = payload[claim]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw invalidClaim(claim, `"${claim}" is not a string`)
  return value
}

/** `aud` as a list: a string or an array of strings (RFC 7519 §4.1.3). */
export function audiences(payload: Record<string, unknown>): string[] | undefined {
  const aud = payload['aud']
  if (aud === undefined) return undefined
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud) && aud.every((a): a is string => typeof a === 'string')) return aud
  throw invalidClaim('aud', '"aud" is neither a string nor an array of strings')
}

export interface TimeCheck {
  now: number
  tolerance: number
  requireExp: boolean
  requireIat: boolean
}

/** exp (JWT_EXPIRED once past), nbf and iat (not in the future), each with the tolerance. */
export function checkTimes(payload: Record<string, unknown>, t: TimeCheck): void {
  const exp = numericDate(payload, 'exp', t.requireExp)
  const iat = numericDate(payload, 'iat', t.requireIat)
  const nbf = numericDate(payload, 'nbf', false)
  if (exp !== undefined && exp <= t.now - t.tolerance) {
    throw checkFailed('JWT_EXPIRED', `token expired at ${exp}, now is ${t.now}`, 'exp')
  }
  if (nbf !== undefined && nbf > t.now + t.tolerance) {
    throw invalidClaim('nbf', `token not valid before ${nbf}, now is ${t.now}`)
  }
  if (iat !== undefined && iat > t.now + t.tolerance) {
    throw invalidClaim('iat', `token issued in the future (${iat}), now is ${t.now}`)
  }
}
