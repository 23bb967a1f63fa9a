import type { JWTPayload } from 'jose'
import { ArgumentError, checkFailed, OAuthError } from '../errors.js'
import { jsonEqual } from './lib/deep-equal.js'
import type { ClaimOption, ClaimsOptions } from './types.js'

const OPTION_KEYS = new Set(['essential', 'value', 'values', 'validate'])

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

/** `aud` is a string or an array (RFC 7519 §4.1.3): any expected audience present is a match. */
function audienceMatches(aud: unknown, expected: readonly unknown[]): boolean {
  const actual = Array.isArray(aud) ? aud : [aud]
  return actual.some((a) => typeof a === 'string' && expected.includes(a))
}

function assertOption(name: string, option: unknown): asserts option is ClaimOption {
  if (typeof option !== 'object' || option === null)
    throw new ArgumentError(`"claims.${name}" must be an object`)
  for (const key of Object.keys(option)) {
    if (!OPTION_KEYS.has(key)) throw new ArgumentError(`"claims.${name}.${key}" is not a claim option`)
  }
  const o = option as ClaimOption
  if (o.essential !== undefined && typeof o.essential !== 'boolean') {
    throw new ArgumentError(`"claims.${name}.essential" must be a boolean`)
  }
  if (o.values !== undefined && !Array.isArray(o.values))
    throw new ArgumentError(`"claims.${name}.values" must be an array`)
  if (o.validate !== undefined && typeof o.validate !== 'function') {
    throw new ArgumentError(`"claims.${name}.validate" must be a function`)
  }
}

/**
 * Checks a verified payload against Authlib-style claims options: `essential` (must be
 * present), `value` (must equal), `values` (must be one of) and `validate` (custom). For `aud`,
 * `value`/`values` mean "the audience contains one of them". A claim that is absent and not
 * essential is not checked further. Throws `JWT_CLAIM_INVALID` with `claim` set.
 *
 * @example
 * checkClaims(payload, {
 *   iss: { essential: true, value: 'https://issuer.example' },
 *   aud: { essential: true, values: ['my-client'] },
 *   scope: { validate: (s) => typeof s === 'string' && s.split(' ').includes('openid') },
 * })
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export function checkClaims(payload: JWTPayload, claims: ClaimsOptions): void {
  if (typeof payload !== 'object' || payload === null) throw new ArgumentError('"payload" must be an object')
  if (typeof claims !== 'object' || claims === null) throw new ArgumentError('"claims" must be an object')
  for (const [name, option] of Object.entries(claims)) {
    assertOption(name, option)
    const value = Object.hasOwn(payload, name) ? payload[name] : undefined
    if (isMissing(value)) {
      if (option.essential) throw checkFailed('JWT_CLAIM_INVALID', `claim "${name}" is missing`, name)
      continue
    }
    if (name === 'aud' && (option.value !== undefined || option.values !== undefined)) {
      const expected = option.values ?? [option.value]
      if (!audienceMatches(value, expected)) {
        throw checkFailed('JWT_CLAIM_INVALID', 'claim "aud" does not contain an expected audience', name)
      }
    } else {
      if (option.value !== undefined && !jsonEqual(value, option.value)) {
        throw checkFailed('JWT_CLAIM_INVALID', `claim "${name}" has an unexpected value`, name)
      }
      if (option.values !== undefined && !option.values.some((v) => jsonEqual(value, v))) {
        throw checkFailed('JWT_CLAIM_INVALID', `claim "${name}" is not one of the allowed values`, name)
      }
    }
    if (option.validate !== undefined) {
      let ok: unknown
      try {
        ok = option.validate(value, payload)
      } catch (err) {
        throw new OAuthError('JWT_CLAIM_INVALID', {
          error: 'jwt_claim_invalid',
          error_description: `claim "${name}" failed its validator`,
          claim: name,
          cause: err,
        })
      }
      // Exactly `true`: a truthy Promise from an async validator must not pass unchecked.
      if (ok !== true) throw checkFailed('JWT_CLAIM_INVALID', `claim "${name}" failed its validator`, name)
    }
  }
}
