import { ArgumentError, checkFailed } from '../errors.js'
import { isHmacAlgorithm } from '../jose/lib/algorithms.js'
import { constantTimeEqual } from '../lib/random.js'
import type { ServerMetadata } from '../oauth2/types.js'
import {
  audiences,
  checkTimes,
  clockTolerance,
  invalidClaim,
  numericDate,
  optionalString,
} from './lib/claims.js'
import { type KeysOption, toResolver } from './lib/keys.js'
import { leftHalfHash } from './lib/token-hash.js'
import { verifyJws } from './lib/verify-jws.js'
import type { IdTokenClaims } from './types.js'

/** Options of `validateIdToken`. */
export interface ValidateIdTokenOptions {
  /** The provider's Issuer Identifier; `iss` must equal it exactly. */
  issuer: string
  /** This client's id; `aud` must contain it, `azp` must equal it. */
  clientId: string
  /** Verification keys: a resolver (`createRemoteJwks`, `createLocalJwks`) or a JWKS object. */
  keys?: KeysOption | undefined
  /** Client secret; the only key HS256/384/512 tokens are ever verified with. */
  clientSecret?: string | undefined
  /**
   * Accepted algs. Default: the metadata's `id_token_signing_alg_values_supported` (HS* kept only
   * with a client secret), else `['RS256']`. Never read from the token; `none` is refused.
   */
  algorithms?: readonly string[] | undefined
  /** Provider metadata, for the default `algorithms`. */
  metadata?: Pick<ServerMetadata, 'id_token_signing_alg_values_supported'> | undefined
  /**
   * The nonce sent in the authorization request; the token's must equal it (NONCE_MISMATCH when
   * absent or different). Omit it only when no nonce was sent (e.g. a refreshed ID token).
   */
  nonce?: string | undefined
  /** The `max_age` sent, in seconds; makes `auth_time` required and checked. */
  maxAge?: number | undefined
  /** Access token returned with the ID token; checked against `at_hash` when that is present. */
  accessToken?: string | undefined
  /** Authorization code returned with the ID token; checked against `c_hash` when present. */
  code?: string | undefined
  /** `at_hash` must be present (response_type `id_token token`, `code id_token token`). */
  requireAtHash?: boolean | undefined
  /** `c_hash` must be present (response_type `code id_token`, `code id_token token`). */
  requireCHash?: boolean | undefined
  /** Seconds of clock skew allowed on exp/nbf/iat/auth_time. Default 5, at most 300. */
  clockTolerance?: number | undefined
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: (() => number) | undefined
  /** Largest token accepted, checked before any decoding. Default 16 384 bytes. */
  maxTokenBytes?: number | undefined
}

function allowList(opts: ValidateIdTokenOptions): string[] {
  if (opts.algorithms !== undefined) {
    if (opts.algorithms.length === 0) throw new ArgumentError('"algorithms" must not be empty')
    if (opts.algorithms.includes('none')) throw new ArgumentError('"algorithms" must not contain "none"')
    if (opts.clientSecret === undefined && opts.algorithms.some(isHmacAlgorithm)) {
      throw new ArgumentError('"clientSecret" is required when "algorithms" contains an HS* alg')
    }
    return [...opts.algorithms]
  }
  const advertised = (opts.metadata?.id_token_signing_alg_values_supported ?? []).filter(
    (alg) => alg !== 'none' && (opts.clientSecret !== undefined || !isHmacAlgorithm(alg)),
  )
  return advertised.length > 0 ? advertised : ['RS256']
}

function checkArguments(opts: ValidateIdTokenOptions): void {
  if (typeof opts.issuer !== 'string' || opts.issuer === '') {
    throw new ArgumentError('"issuer" must be a non-empty string')
  }
  if (typeof opts.clientId !== 'string' || opts.clientId === '') {
    throw new ArgumentError('"clientId" must be a non-empty string')
  }
  if (opts.maxAge !== undefined && !(Number.isInteger(opts.maxAge) && opts.maxAge >= 0)) {
    throw new ArgumentError('"maxAge" must be a non-negative integer number of seconds')
  }
  if (opts.requireAtHash && opts.accessToken === undefined) {
    throw new ArgumentError('"accessToken" is required with "requireAtHash"')
  }
  if (opts.requireCHash && opts.code === undefined) {
    throw new ArgumentError('"code" is required with "requireCHash"')
  }
}

async function checkHash(
  claim: 'at_hash' | 'c_hash',
  payload: Record<string, unknown>,
  value: string | undefined,
  required: boolean,
  verified: { alg: string; key: CryptoKey | Uint8Array },
): Promise<void> {
  const present = optionalString(payload, claim)
  if (present === undefined) {
    if (required) throw invalidClaim(claim, `"${claim}" is missing`)
    return
  }
  if (value === undefined) return
  const expected = await leftHalfHash(value, verified.alg, verified.key)
  if (expected === undefined) {
    throw invalidClaim(claim, `"${claim}" cannot be computed for alg ${verified.alg}`)
  }
  if (!constantTimeEqual(present, expected)) throw invalidClaim(claim, `"${claim}" does not match`)
}

/**
 * Validates an ID token as OIDC Core §3.1.3.7 requires and returns its claims: signature with an
 * allow-listed alg and a key found by `kid`/`alg` only (HS* only with the client secret), `iss`
 * exact, `aud` containing the client id, `azp` required with several audiences and equal to the
 * client id whenever present, `exp`/`iat` required and `nbf` honoured within `clockTolerance`,
 * `sub` required, `nonce` exact, `auth_time` with `maxAge`, `at_hash`/`c_hash`, unknown `crit`
 * refused, size checked before decoding. Every failure is an `OAuthError` with a specific code.
 *
 * @example
 * const claims = await validateIdToken(tokens.id_token, {
 *   issuer: 'https://op.example', clientId: 'app', keys: createRemoteJwks(jwksUri), nonce: tx.nonce,
 * })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function validateIdToken(
  idToken: string,
  options: ValidateIdTokenOptions,
): Promise<IdTokenClaims> {
  checkArguments(options)
  const algorithms = allowList(options)
  if (options.keys === undefined && !algorithms.every(isHmacAlgorithm)) {
    throw new ArgumentError(
      `"keys" is required to verify ${algorithms.filter((a) => !isHmacAlgorithm(a)).join(', ')}`,
    )
  }
  const tolerance = clockTolerance(options.clockTolerance)
  const verified = await verifyJws(idToken, {
    what: 'ID token',
    algorithms,
    keys: toResolver(options.keys),
    clientSecret: options.clientSecret,
    maxTokenBytes: options.maxTokenBytes,
  })
  const { payload } = verified
  const now = Math.floor((options.now ?? Date.now)() / 1000)

  if (payload['iss'] !== options.issuer) {
    throw invalidClaim(
      'iss',
      `"iss" ${JSON.stringify(payload['iss'])} is not ${JSON.stringify(options.issuer)}`,
    )
  }
  const sub = optionalString(payload, 'sub')
  if (!sub) throw invalidClaim('sub', '"sub" is missing')
  const aud = audiences(payload)
  if (!aud?.includes(options.clientId)) {
    throw invalidClaim('aud', `"aud" ${JSON.stringify(aud)} does not contain the client id`)
  }
  const azp = optionalString(payload, 'azp')
  if (azp === undefined && aud.length > 1) {
    throw invalidClaim('azp', '"azp" is required when "aud" lists several audiences')
  }
  if (azp !== undefined && azp !== options.clientId)
    throw invalidClaim('azp', `"azp" ${JSON.stringify(azp)} is not the client id`)
  checkTimes(payload, { now, tolerance, requireExp: true, requireIat: true })

  if (options.nonce !== undefined) {
    const nonce = payload['nonce']
    if (typeof nonce !== 'string' || !constantTimeEqual(nonce, options.nonce)) {
      throw checkFailed(
        'NONCE_MISMATCH',
        nonce === undefined ? '"nonce" is missing' : '"nonce" does not match',
        'nonce',
      )
    }
  } else optionalString(payload, 'nonce')

  const authTime = numericDate(payload, 'auth_time', options.maxAge !== undefined)
  if (options.maxAge !== undefined && authTime! + options.maxAge + tolerance < now) {
    throw invalidClaim('auth_time', `authentication at ${authTime} is older than max_age ${options.maxAge}`)
  }
  await checkHash('at_hash', payload, options.accessToken, options.requireAtHash === true, verified)
  await checkHash('c_hash', payload, options.code, options.requireCHash === true, verified)
  return payload as IdTokenClaims
}
