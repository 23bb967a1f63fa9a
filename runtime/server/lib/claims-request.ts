import { serverError } from '../errors.js'
import type { UserClaims } from '../types.js'
import { CLIENT_JSON_LIMITS, isJsonObject, parseBoundedJson } from './bounded-json.js'

/** One requested claim (OIDC Core §5.5.1): `null`, or `essential` / `value` / `values`. */
export interface ClaimRequest {
  essential?: boolean | undefined
  value?: unknown
  values?: unknown[] | undefined
}

/** The `claims` request parameter (OIDC Core §5.5): claims asked for in userinfo and in the ID token. */
export interface ClaimsRequest {
  userinfo?: Record<string, ClaimRequest | null> | undefined
  id_token?: Record<string, ClaimRequest | null> | undefined
}

const MAX_CLAIMS = 50

/**
 * Parses and validates the `claims` parameter; a malformed one is `invalid_request`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter
 */
export function parseClaimsRequest(raw: string): ClaimsRequest {
  const invalid = (why: string) => serverError('invalid_request', `claims: ${why}`)
  let parsed: unknown
  try {
    parsed = parseBoundedJson(raw, CLIENT_JSON_LIMITS)
  } catch (err) {
    throw invalid((err as SyntaxError).message)
  }
  if (!isJsonObject(parsed)) throw invalid('must be a JSON object')
  const out: ClaimsRequest = {}
  for (const [target, members] of Object.entries(parsed)) {
    // Members other than userinfo and id_token are ignored (§5.5: "other members MAY be present").
    if (target !== 'userinfo' && target !== 'id_token') continue
    if (!isJsonObject(members)) throw invalid(`${target} must be an object`)
    const entries = Object.entries(members)
    if (entries.length > MAX_CLAIMS) throw invalid(`${target} asks for too many claims`)
    const claims: Record<string, ClaimRequest | null> = {}
    for (const [name, request] of entries) {
      if (request === null) {
        claims[name] = null
        continue
      }
      if (!isJsonObject(request)) throw invalid(`${target}.${name.slice(0, 50)} must be null or an object`)
      const { essential, value, values } = request
      if (essential !== undefined && typeof essential !== 'boolean')
        throw invalid(`${target}.${name.slice(0, 50)}.essential must be a boolean`)
      if (values !== undefined && !Array.isArray(values))
        throw invalid(`${target}.${name.slice(0, 50)}.values must be an array`)
      claims[name] = { essential, value, values }
    }
    out[target] = claims
  }
  return out
}

/** Adds to `out` the claims of `user` that `requested` names (scope claims are added elsewhere). */
export function addRequestedClaims(
  out: Record<string, unknown>,
  user: UserClaims,
  requested: Record<string, ClaimRequest | null> | undefined,
): Record<string, unknown> {
  for (const name of Object.keys(requested ?? {})) {
    // Protocol claims are the server's to set, never copied from the user record.
    if (PROTOCOL_CLAIMS.has(name)) continue
    if (user[name] !== undefined) out[name] = user[name]
  }
  return out
}

/** `acr` values the request asks for: `acr_values` and `claims.id_token.acr` (§3.1.2.1, §5.5.1.1). */
export function requestedAcrValues(
  acrValues: string | undefined,
  claims: ClaimsRequest | undefined,
): string[] {
  const out = (acrValues ?? '').split(' ').filter((v) => v !== '')
  const acr = claims?.id_token?.['acr']
  if (acr?.value !== undefined && typeof acr.value === 'string') out.push(acr.value)
  for (const v of acr?.values ?? []) if (typeof v === 'string') out.push(v)
  return [...new Set(out)]
}

/**
 * The `acr` values an approval must meet when `claims.id_token.acr` is essential (OIDC Core
 * §5.5.1.1): its `value`/`values`, or `[]` meaning "any acr" when none are listed. `undefined`
 * when acr is not essential (then `acr_values` is only a preference for the app).
 */
export function essentialAcrValues(claims: ClaimsRequest | undefined): string[] | undefined {
  const acr = claims?.id_token?.['acr']
  if (acr?.essential !== true) return undefined
  const out: string[] = []
  if (typeof acr.value === 'string') out.push(acr.value)
  for (const v of acr.values ?? []) if (typeof v === 'string') out.push(v)
  return [...new Set(out)]
}

/** Whether an authentication's `acr` satisfies `essentialAcrValues` (undefined: nothing essential). */
export function satisfiesEssentialAcr(
  acr: string | undefined,
  essential: readonly string[] | undefined,
): boolean {
  if (essential === undefined) return true
  if (acr === undefined) return false
  return essential.length === 0 || essential.includes(acr)
}

const PROTOCOL_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  's_hash',
])
