import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose'
import type { KeyResolver } from '../../jose/types.js'
import type { Store } from '../../storage/store.js'
import { type AccessTokenInfo, bearerError } from './bearer.js'
import { isTokenActive } from './token-state.js'
import { hashSecret } from './tokens.js'

/** How a resource server validates JWT access tokens (RFC 9068 §4). */
export interface JwtAccessTokenOptions {
  issuer: string
  /** This resource server's identifier; the token's `aud` must contain it. */
  audience: string
  /** The authorization server's public keys. */
  jwks: () => Promise<JSONWebKeySet>
  /**
   * A resolver over already-imported public keys (e.g. `KeySet.resolver()`), used instead of
   * `jwks` when given: importing the JWKS on every request costs more than the verification.
   */
  keys?: KeyResolver | undefined
  /** Accepted algorithms. Default RS256, PS256, ES256, EdDSA. */
  algorithms?: readonly string[] | undefined
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const DEFAULT_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA']

/** True when the bearer token has the shape of a compact JWS. */
export function looksLikeJwt(token: string): boolean {
  return COMPACT_JWS.test(token)
}

/**
 * Validates a JWT access token: signature with an allowed algorithm, `typ: at+jwt` (so ID
 * tokens, `typ: JWT`, are refused), `iss`, `aud`, `exp`, and the required claims. When a store
 * is given, a token it knows as revoked is refused too.
 */
export async function validateJwtAccessToken(
  token: string,
  opts: JwtAccessTokenOptions & { realm: string; now: number; store?: Store | undefined },
): Promise<AccessTokenInfo> {
  const invalid = () =>
    bearerError(opts.realm, 'invalid_token', 'the access token is invalid, expired or revoked')
  let payload: Record<string, unknown>
  try {
    const key = opts.keys ?? createLocalJWKSet(await opts.jwks())
    const verified = await jwtVerify(token, key, {
      issuer: opts.issuer,
      audience: opts.audience,
      algorithms: [...(opts.algorithms ?? DEFAULT_ALGS)],
      typ: 'at+jwt',
      currentDate: new Date(opts.now * 1000),
      requiredClaims: ['exp', 'iat', 'jti', 'client_id', 'sub'],
    })
    payload = verified.payload
  } catch {
    throw invalid()
  }
  if (opts.store) {
    const record = await opts.store.getToken(await hashSecret(token))
    if (record && (record.kind !== 'access_token' || !(await isTokenActive(opts.store, record, opts.now)))) {
      throw invalid()
    }
  }
  const clientId = payload['client_id']
  const sub = payload['sub']
  const scope = payload['scope']
  if (
    typeof clientId !== 'string' ||
    typeof sub !== 'string' ||
    (scope !== undefined && typeof scope !== 'string')
  ) {
    throw invalid()
  }
  return {
    clientId,
    sub,
    scopes: typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [],
    issuedAt: payload['iat'] as number,
    expiresAt: payload['exp'] as number,
    authTime: typeof payload['auth_time'] === 'number' ? payload['auth_time'] : undefined,
  }
}

/** Refuses with 403 `insufficient_scope` when a required scope is missing. */
export function assertScopes(
  info: AccessTokenInfo,
  required: readonly string[] | undefined,
  realm: string,
): void {
  const missing = (required ?? []).filter((s) => !info.scopes.includes(s))
  if (missing.length > 0) {
    throw bearerError(
      realm,
      'insufficient_scope',
      'the access token lacks a required scope',
      required?.join(' '),
    )
  }
}
