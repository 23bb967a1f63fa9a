import type { Store, TokenRecord } from '../../storage/store.js'
import { OAuthServerError } from '../errors.js'
import type { CoreRequest } from './core-http.js'
import { readForm } from './params.js'
import { parseScope } from './scope.js'
import { isTokenLive } from './token-state.js'
import { hashSecret } from './tokens.js'

/** A validated access token, as handed to protected handlers. No token value, only its facts. */
export interface AccessTokenInfo {
  clientId: string
  /** Absent for client_credentials tokens. */
  sub?: string | undefined
  scopes: string[]
  /** Epoch seconds. */
  issuedAt: number
  /** Epoch seconds. */
  expiresAt: number
  /** Grant family (opaque tokens only). */
  grantId?: string | undefined
  authTime?: number | undefined
  /** The OIDC `claims` request (JSON) the token was granted with, for userinfo. */
  claims?: string | undefined
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * Who challenges: a realm, or a realm and the URL of the resource server's metadata (RFC 9728
 * §5.1), which a `ResourceProtector` with a `resource` puts in every challenge.
 */
export type Challenger = string | { realm: string; resourceMetadata?: string | undefined }

/** Builds an RFC 6750 §3 `WWW-Authenticate: Bearer` challenge. */
export function bearerChallenge(
  challenger: Challenger,
  error?: { error: string; description?: string | undefined; scope?: string | undefined },
): string {
  const q = (v: string) => `"${v.replace(/[\\"]/g, '').replace(/[^\x20-\x7e]/g, '')}"`
  const { realm, resourceMetadata } = typeof challenger === 'string' ? { realm: challenger } : challenger
  const parts = [`realm=${q(realm)}`]
  if (resourceMetadata !== undefined) parts.push(`resource_metadata=${q(resourceMetadata)}`)
  if (error) {
    parts.push(`error=${q(error.error)}`)
    if (error.description) parts.push(`error_description=${q(error.description)}`)
    if (error.scope) parts.push(`scope=${q(error.scope)}`)
  }
  return `Bearer ${parts.join(', ')}`
}

/** An RFC 6750 error: `invalid_request` (400), `invalid_token` (401) or `insufficient_scope` (403). */
export function bearerError(
  realm: Challenger,
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  description: string,
  scope?: string,
): OAuthServerError {
  return new OAuthServerError({
    error,
    error_description: description,
    status: error === 'invalid_request' ? 400 : undefined,
    wwwAuthenticate: bearerChallenge(realm, { error, description, scope }),
  })
}

export interface ExtractOptions {
  realm: Challenger
  /** Accept `?access_token=` (RFC 6750 §2.3, discouraged). Default false: such requests are refused. */
  allowQueryToken?: boolean | undefined
  /** Accept `access_token` in a POST form body (RFC 6750 §2.2); this reads the body. */
  allowBodyToken?: boolean | undefined
  maxBodyBytes?: number | undefined
}

/** Finds the one access token of a request; no token at all gives a 401 challenge without error code. */
export async function extractBearerToken(request: CoreRequest, opts: ExtractOptions): Promise<string> {
  if (!opts.allowBodyToken) return bearerTokenOf(request, opts)
  const found = headerAndQueryTokens(request, opts)
  if (
    request.method === 'POST' &&
    /^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')
  ) {
    let body: string | undefined
    try {
      body = (await readForm(request, opts.maxBodyBytes)).get('access_token')
    } catch (err) {
      // A body past the limit keeps its 413 (RFC 9110 §15.5.14): it is too large, not malformed.
      if (err instanceof OAuthServerError && err.status === 413) throw err
      throw bearerError(opts.realm, 'invalid_request', 'the request body is malformed')
    }
    if (body !== undefined) found.push(body)
  }
  return onlyToken(found, opts.realm)
}

/**
 * `extractBearerToken` without the body (`allowBodyToken` is ignored): synchronous, for the
 * resource server's hot path, which never reads the body.
 */
export function bearerTokenOf(request: Request | CoreRequest, opts: ExtractOptions): string {
  const header = request.headers.get('authorization')
  // The usual request: one Authorization header and no query, so no array to gather tokens in.
  if (header !== null && !hasQuery(request) && /^bearer /i.test(header)) {
    const value = header.slice(7).trim()
    if (!TOKEN68.test(value))
      throw bearerError(opts.realm, 'invalid_request', 'malformed Authorization header')
    return value
  }
  return onlyToken(headerAndQueryTokens(request, opts), opts.realm)
}

function headerAndQueryTokens(request: Request | CoreRequest, opts: ExtractOptions): string[] {
  const found: string[] = []
  const header = request.headers.get('authorization')
  if (header !== null && /^bearer /i.test(header)) {
    const value = header.slice(7).trim()
    if (!TOKEN68.test(value))
      throw bearerError(opts.realm, 'invalid_request', 'malformed Authorization header')
    found.push(value)
  }
  const query = hasQuery(request) ? new URL(request.url).searchParams.getAll('access_token') : []
  if (query.length > 0) {
    if (!opts.allowQueryToken) {
      throw bearerError(opts.realm, 'invalid_request', 'access tokens in the query string are refused')
    }
    found.push(...query)
  }
  return found
}

function onlyToken(found: readonly string[], realm: Challenger): string {
  if (found.length > 1) throw bearerError(realm, 'invalid_request', 'more than one access token was sent')
  const token = found[0]
  if (token === undefined) {
    throw new OAuthServerError({
      error: 'invalid_request',
      error_description: 'an access token is required',
      status: 401,
      wwwAuthenticate: bearerChallenge(realm),
    })
  }
  return token
}

function hasQuery(request: Request | CoreRequest): boolean {
  // Without a `?` the URL has no query to look in; a core request knows without parsing its URL.
  // Read as a property, not through `instanceof Request`: node's global `Request` is a lazy
  // getter that loads undici on every access.
  const known = (request as Partial<CoreRequest>).hasQuery
  return typeof known === 'boolean' ? known : request.url.includes('?')
}

/** Looks an opaque access token up by its hash and checks it is active and has every required scope. */
export async function validateAccessToken(
  store: Store,
  token: string,
  opts: {
    realm: Challenger
    now: number
    scopes?: readonly string[] | undefined
    /** The protector's resource (a `resourceId`): the token's recorded audience must name it. */
    resource?: string | undefined
  },
): Promise<AccessTokenInfo> {
  // One store read: the record also says whether its family was revoked (Store.revokeGrant).
  return accessTokenInfo(await store.getToken(await hashSecret(token)), opts)
}

/**
 * The facts of a stored access token record (found by `validateAccessToken`, or by
 * `findAccessTokenRecord` for JWTs too) once it is active and has every required scope;
 * `invalid_token` for a missing, foreign-kind, revoked (alone or with its family) or expired record.
 */
export function accessTokenInfo(
  record: TokenRecord | undefined,
  opts: {
    realm: Challenger
    now: number
    scopes?: readonly string[] | undefined
    resource?: string | undefined
  },
): AccessTokenInfo {
  if (!isAccessTokenLive(record, opts.now)) throw bearerError(opts.realm, 'invalid_token', INVALID)
  return infoOf(record, opts)
}

const INVALID = 'the access token is invalid, expired or revoked'

function isAccessTokenLive(record: TokenRecord | undefined, now: number): record is TokenRecord {
  return record?.kind === 'access_token' && isTokenLive(record, now)
}

function infoOf(
  record: TokenRecord,
  opts: { realm: Challenger; scopes?: readonly string[] | undefined; resource?: string | undefined },
): AccessTokenInfo {
  // The resource a protector guards (RFC 8707): the token must have been requested for it.
  if (opts.resource !== undefined && !record.audience?.includes(opts.resource))
    throw bearerError(opts.realm, 'invalid_token', 'the access token is not meant for this resource')
  const scopes = parseScope(record.scope)
  if (opts.scopes?.some((s) => !scopes.includes(s))) {
    throw bearerError(
      opts.realm,
      'insufficient_scope',
      'the access token lacks a required scope',
      opts.scopes.join(' '),
    )
  }
  return {
    clientId: record.clientId,
    sub: record.sub,
    scopes,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    grantId: record.grantId,
    authTime: record.authTime,
    claims: record.claims,
  }
}
