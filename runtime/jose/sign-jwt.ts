import { CompactSign, type JWTPayload } from 'jose'
import { ArgumentError } from '../errors.js'
import { assertSigningKey } from './lib/signing-key.js'
import type { SigningKey } from './types.js'

export interface SignJwtOptions {
  /** `typ` header, e.g. `at+jwt` (RFC 9068) or `logout+jwt`; not set when absent. */
  typ?: string
  /** Extra protected header parameters. `alg` and `kid` come from the key; `crit` and `b64` are refused. */
  header?: Readonly<Record<string, unknown>>
  /** Lifetime in seconds; sets `exp` to `iat` (or now) plus this. */
  expiresIn?: number
  /** `iat` to set; `false` leaves it out. Defaults to the current time unless the payload has `iat`. */
  issuedAt?: Date | false
  /** The clock; defaults to `new Date()`. */
  currentDate?: Date
}

const RESERVED_HEADER = ['alg', 'kid', 'crit', 'b64'] as const
const UTF8 = new TextEncoder()

function seconds(date: Date, name: string): number {
  if (!(date instanceof Date) || Number.isNaN(date.getTime()))
    throw new ArgumentError(`"${name}" must be a valid Date`)
  return Math.floor(date.getTime() / 1000)
}

/**
 * Signs a JWT (compact JWS) with a `SigningKey`; the header carries the key's `alg` and `kid`.
 *
 * @example
 * const jwt = await signJwt({ iss, sub: 'u1', aud: 'api' }, keys.current(), { typ: 'at+jwt', expiresIn: 300 })
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.1
 */
export async function signJwt(
  payload: JWTPayload,
  key: SigningKey,
  options: SignJwtOptions = {},
): Promise<string> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ArgumentError('"payload" must be a JSON object')
  }
  assertSigningKey(key, 'key')
  const extra = options.header ?? {}
  if (typeof extra !== 'object' || extra === null)
    throw new ArgumentError('"options.header" must be an object')
  for (const name of RESERVED_HEADER) {
    if (Object.hasOwn(extra, name)) throw new ArgumentError(`"options.header.${name}" may not be set`)
  }
  if (options.typ !== undefined && (typeof options.typ !== 'string' || options.typ === '')) {
    throw new ArgumentError('"options.typ" must be a non-empty string')
  }
  if (options.typ !== undefined && Object.hasOwn(extra, 'typ')) {
    throw new ArgumentError('"options.typ" and "options.header.typ" may not both be set')
  }
  const now = seconds(options.currentDate ?? new Date(), 'options.currentDate')
  const claims: JWTPayload = { ...payload }
  if (options.issuedAt !== undefined && payload.iat !== undefined) {
    throw new ArgumentError('"options.issuedAt" and "payload.iat" may not both be set')
  }
  if (options.issuedAt instanceof Date) claims.iat = seconds(options.issuedAt, 'options.issuedAt')
  else if (options.issuedAt === undefined && payload.iat === undefined) claims.iat = now
  if (options.expiresIn !== undefined) {
    if (payload.exp !== undefined)
      throw new ArgumentError('"options.expiresIn" and "payload.exp" may not both be set')
    if (
      typeof options.expiresIn !== 'number' ||
      !Number.isFinite(options.expiresIn) ||
      options.expiresIn <= 0
    ) {
      throw new ArgumentError('"options.expiresIn" must be a positive number of seconds')
    }
    claims.exp = (claims.iat ?? now) + Math.floor(options.expiresIn)
  }
  const header = {
    ...extra,
    ...(options.typ !== undefined ? { typ: options.typ } : {}),
    alg: key.alg,
    kid: key.kid,
  }
  try {
    // The claims are checked above, so jose's SignJWT (a structuredClone and a claims builder per
    // token) adds nothing but cost: the JWS is the same compact serialization of the same JSON.
    return await new CompactSign(UTF8.encode(JSON.stringify(claims)))
      .setProtectedHeader(header)
      .sign(key.privateKey)
  } catch (err) {
    throw new ArgumentError(
      `the JWT could not be signed: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
