import * as z from 'zod/mini'
import { ArgumentError, checkFailed, OAuthError } from '../errors.js'
import { isHmacAlgorithm } from '../jose/lib/algorithms.js'
import { assertSecureUrl, httpRequest } from '../lib/http.js'
import { decodeBody, errorFromBody, validate } from '../lib/json-response.js'
import { parseWwwAuthenticate } from '../lib/www-authenticate.js'
import { nonEmpty } from '../oauth2/lib/schema.js'
import type { RequestOptions, ServerMetadata } from '../oauth2/types.js'
import { audiences, checkTimes, clockTolerance, invalidClaim } from './lib/claims.js'
import { type KeysOption, toResolver } from './lib/keys.js'
import { verifyJws } from './lib/verify-jws.js'
import type { UserInfo } from './types.js'

/** Options of `fetchUserInfo`. */
export interface UserInfoOptions {
  /** The ID token's `sub`; the response's must equal it (OIDC Core §5.3.2). */
  expectedSub: string
  /** Default GET. POST still sends the token in the Authorization header, with an empty form body. */
  method?: 'GET' | 'POST' | undefined
  /** For signed responses: `iss`, when present, must equal it. */
  issuer?: string | undefined
  /** For signed responses: `aud`, when present, must contain it. */
  clientId?: string | undefined
  /** For signed responses: verification keys (resolver or JWKS object). */
  keys?: KeysOption | undefined
  /** For HS*-signed responses: the client secret, their only key. */
  clientSecret?: string | undefined
  /** Accepted algs for signed responses; default the metadata's list, else `['RS256']`. Never `none`. */
  algorithms?: readonly string[] | undefined
  metadata?: Pick<ServerMetadata, 'userinfo_signing_alg_values_supported'> | undefined
  /** Seconds of skew for exp/nbf/iat of a signed response. Default 5, at most 300. */
  clockTolerance?: number | undefined
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: (() => number) | undefined
  /** Largest signed response accepted before decoding. Default 16 384 bytes. */
  maxTokenBytes?: number | undefined
}

const UserInfoSchema = z.looseObject({ sub: nonEmpty() })

function allowList(opts: UserInfoOptions): string[] {
  const list = opts.algorithms ?? opts.metadata?.userinfo_signing_alg_values_supported ?? ['RS256']
  if (opts.algorithms?.includes('none')) throw new ArgumentError('"algorithms" must not contain "none"')
  return list.filter((alg) => alg !== 'none' && (opts.clientSecret !== undefined || !isHmacAlgorithm(alg)))
}

function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

/** RFC 6750 §3: a refused token is reported in WWW-Authenticate; a body error is the fallback. */
function failure(status: number, headers: Headers, text: string): OAuthError {
  const challenges = parseWwwAuthenticate(headers.get('www-authenticate'))
  // The Bearer challenge is the one about our token; without one, the first challenge is read.
  const challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges[0]
  const error = challenge?.params['error']
  if (error) {
    return new OAuthError('OAUTH_RESPONSE_ERROR', {
      error,
      error_description: challenge?.params['error_description'],
      error_uri: challenge?.params['error_uri'],
      status,
    })
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return (
    errorFromBody(body, status) ??
    new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `UserInfo endpoint answered HTTP ${status}`,
      status,
    })
  )
}

async function verifySigned(jwt: string, opts: UserInfoOptions): Promise<unknown> {
  const { payload } = await verifyJws(jwt.trim(), {
    what: 'UserInfo response',
    algorithms: allowList(opts),
    keys: toResolver(opts.keys),
    clientSecret: opts.clientSecret,
    maxTokenBytes: opts.maxTokenBytes,
  })
  if (payload['iss'] !== undefined && opts.issuer !== undefined && payload['iss'] !== opts.issuer) {
    throw invalidClaim('iss', `"iss" ${JSON.stringify(payload['iss'])} is not ${JSON.stringify(opts.issuer)}`)
  }
  const aud = audiences(payload)
  if (aud !== undefined && opts.clientId !== undefined && !aud.includes(opts.clientId)) {
    throw invalidClaim('aud', `"aud" ${JSON.stringify(aud)} does not contain the client id`)
  }
  const now = Math.floor((opts.now ?? Date.now)() / 1000)
  checkTimes(payload, {
    now,
    tolerance: clockTolerance(opts.clockTolerance),
    requireExp: false,
    requireIat: false,
  })
  return payload
}

/**
 * Calls the UserInfo endpoint with a bearer access token and returns the claims, after checking
 * that `sub` equals the ID token's (a mismatch means the response is for someone else and is
 * `USERINFO_SUB_MISMATCH`). Plain JSON and signed JWT (`application/jwt`) responses are accepted;
 * a signed one is verified with the alg allow-list, and its `iss`/`aud` checked when present. A
 * refused token (401 with `WWW-Authenticate: Bearer error="invalid_token"`) becomes an
 * `OAuthError` carrying that error.
 *
 * @example
 * const me = await fetchUserInfo(metadata.userinfo_endpoint!, tokens.access_token, {
 *   expectedSub: claims.sub, issuer, clientId, keys,
 * })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export async function fetchUserInfo(
  endpoint: string | URL,
  accessToken: string,
  options: UserInfoOptions,
  httpOptions: RequestOptions = {},
): Promise<UserInfo> {
  const url = assertSecureUrl(endpoint, 'endpoint', httpOptions)
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new ArgumentError('"accessToken" must be a non-empty string')
  }
  if (typeof options?.expectedSub !== 'string' || options.expectedSub === '') {
    throw new ArgumentError('"expectedSub" must be the ID token\'s sub (a non-empty string)')
  }
  const method = options.method ?? 'GET'
  if (method !== 'GET' && method !== 'POST') throw new ArgumentError('"method" must be "GET" or "POST"')
  const headers: Record<string, string> = {
    accept: 'application/json, application/jwt',
    ...httpOptions.headers,
    authorization: `Bearer ${accessToken}`,
  }
  const init: RequestInit = { method, headers }
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    init.body = ''
  }
  const res = await httpRequest(url, init, httpOptions)
  if (res.status !== 200) throw failure(res.status, res.headers, res.text())
  const body =
    mediaType(res.headers) === 'application/jwt' ? await verifySigned(res.text(), options) : decodeBody(res)
  const info = validate(UserInfoSchema, body, res.status)
  if (info.sub !== options.expectedSub) {
    throw checkFailed('USERINFO_SUB_MISMATCH', 'UserInfo "sub" is not the ID token\'s "sub"', 'sub')
  }
  return info as UserInfo
}
