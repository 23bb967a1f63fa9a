import {
  createLocalJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  jwtVerify,
} from 'jose'
import type { KeyResolver } from '../../jose/types.js'
import type { Store, TokenRecord } from '../../storage/store.js'
import { type AccessTokenInfo, bearerError, type Challenger } from './bearer.js'
import { isTokenLive } from './token-state.js'
import { hashSecret, jwtRecordKey } from './tokens.js'

/** How a resource server validates JWT access tokens (RFC 9068 §4). */
export interface JwtAccessTokenOptions {
  issuer: string
  /**
   * This resource server's identifier; the token's `aud` must contain it. A `ResourceProtector`
   * with a `resource` checks that instead.
   */
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

const REQUIRED_CLAIMS = ['exp', 'iat', 'jti', 'client_id', 'sub']
const INVALID = 'the access token is invalid, expired or revoked'

/**
 * Validates a JWT access token: signature with an allowed algorithm, `typ: at+jwt` (so ID
 * tokens, `typ: JWT`, are refused), `iss`, `aud`, `exp`, and the required claims. When a store
 * is given, a token it knows as revoked is refused too.
 */
export function validateJwtAccessToken(
  token: string,
  opts: JwtAccessTokenOptions & { realm: Challenger; now: number; store?: Store | undefined },
): Promise<AccessTokenInfo> {
  return new JwtAccessTokenValidator(opts).validate(token, opts.now, opts.store)
}

/**
 * The stored record of a JWT access token whose claims are verified: by its `jti`, else (records
 * written before they were keyed by `jti`, until those tokens expire) by the token's hash.
 */
export async function storedJwtRecord(
  store: Store,
  token: string,
  jti: string,
): Promise<TokenRecord | undefined> {
  return (await store.getToken(jwtRecordKey(jti))) ?? (await store.getToken(await hashSecret(token)))
}

/**
 * `validateJwtAccessToken` with its options prepared once (a resource protector validates every
 * request with the same ones), so a request allocates no option objects or arrays of its own.
 */
export class JwtAccessTokenValidator {
  readonly #opts: JwtAccessTokenOptions
  readonly #realm: Challenger
  readonly #algorithms: string[]
  #lastHeader: { segment: string; header: JWSHeaderParameters } | undefined

  constructor(opts: JwtAccessTokenOptions & { realm: Challenger }) {
    this.#opts = opts
    this.#realm = opts.realm
    this.#algorithms = [...(opts.algorithms ?? DEFAULT_ALGS)]
  }

  async validate(token: string, now: number, store: Store | undefined): Promise<AccessTokenInfo> {
    const payload = await this.verify(token, now, true)
    if (store) {
      const record = await storedJwtRecord(store, token, payload['jti'] as string)
      if (record && (record.kind !== 'access_token' || !isTokenLive(record, now))) {
        throw bearerError(this.#realm, 'invalid_token', INVALID)
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
      throw bearerError(this.#realm, 'invalid_token', INVALID)
    }
    const authTime = payload['auth_time']
    return {
      clientId,
      sub,
      scopes: typeof scope === 'string' ? scopeList(scope) : [],
      issuedAt: payload['iat'] as number,
      expiresAt: payload['exp'] as number,
      authTime: typeof authTime === 'number' ? authTime : undefined,
    }
  }

  /**
   * The verified claims (signature, allowed algorithm, `typ: at+jwt`, `iss`, `exp`, a string
   * `jti` and the other required claims; `aud` unless `audience` is false), else `invalid_token`.
   */
  async verify(token: string, now: number, audience: boolean): Promise<Record<string, unknown>> {
    const opts = this.#opts
    try {
      const found = this.#key(token)
      const key = found instanceof Promise ? await found : found
      const verified = await jwtVerify(token, key, {
        issuer: opts.issuer,
        ...(audience ? { audience: opts.audience } : {}),
        // jose copies what it reads of these (a Set of the algorithms), never writes them.
        algorithms: this.#algorithms,
        typ: 'at+jwt',
        currentDate: new Date(now * 1000),
        requiredClaims: REQUIRED_CLAIMS,
      })
      if (typeof verified.payload.jti !== 'string') throw new TypeError('jti')
      return verified.payload
    } catch {
      throw bearerError(this.#realm, 'invalid_token', INVALID)
    }
  }

  /**
   * The verification key. A resolver over imported keys is asked here, with the protected
   * header, and its key handed to jose as it is: given the resolver itself, jose would await it
   * in the middle of every verification.
   */
  #key(token: string): CryptoKey | Promise<CryptoKey | JwksKey> {
    const keys = this.#opts.keys
    if (!keys) return this.#opts.jwks().then(createLocalJWKSet)
    return keys(this.#header(token))
  }

  /**
   * The protected header, decoded. Every token signed with one key has the same encoded header,
   * and decoding it is a pure function of those bytes: the last one decoded (frozen) is reused
   * when the next token starts with the same segment. The key is still asked for every token.
   */
  #header(token: string): JWSHeaderParameters {
    const dot = token.indexOf('.')
    const last = this.#lastHeader
    if (last !== undefined && dot === last.segment.length && token.startsWith(last.segment))
      return last.header
    const header = Object.freeze(decodeProtectedHeader(token))
    if (dot > 0) this.#lastHeader = { segment: token.slice(0, dot), header }
    return header
  }
}

type JwksKey = ReturnType<typeof createLocalJWKSet>

function scopeList(scope: string): string[] {
  // One scope (the usual case) needs no split and filter.
  return scope.includes(' ') ? scope.split(' ').filter((s) => s !== '') : scope === '' ? [] : [scope]
}

/** Refuses with 403 `insufficient_scope` when a required scope is missing. */
export function assertScopes(
  info: AccessTokenInfo,
  required: readonly string[] | undefined,
  realm: Challenger,
): void {
  if (required === undefined) return
  let missing = false
  for (const s of required) if (!info.scopes.includes(s)) missing = true
  if (missing) {
    throw bearerError(
      realm,
      'insufficient_scope',
      'the access token lacks a required scope',
      required.join(' '),
    )
  }
}
