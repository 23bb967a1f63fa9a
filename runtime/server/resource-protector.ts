import { ArgumentError } from '../errors.js'
import type { Store } from '../storage/store.js'
import { errorToResponse } from './errors.js'
import { type AccessTokenInfo, bearerError, bearerTokenOf, validateAccessToken } from './lib/bearer.js'
import type { CoreRequest } from './lib/core-http.js'
import {
  assertScopes,
  type JwtAccessTokenOptions,
  JwtAccessTokenValidator,
  looksLikeJwt,
} from './lib/jwt-access-token.js'

export type { AccessTokenInfo } from './lib/bearer.js'
export type { JwtAccessTokenOptions } from './lib/jwt-access-token.js'

export interface ResourceProtectorOptions {
  /** Where opaque tokens are looked up (and JWT access tokens checked for revocation). */
  store?: Store | undefined
  /** Validate JWT access tokens (RFC 9068) too. */
  jwt?: JwtAccessTokenOptions | undefined
  /** `realm` of the `WWW-Authenticate` challenges. Default `authspec`. */
  realm?: string | undefined
  /** Escape hatch: accept `?access_token=` (RFC 6750 §2.3). Off by default: such requests get 400. */
  allowQueryToken?: boolean | undefined
  /** Clock in epoch milliseconds, for tests. */
  now?: (() => number) | undefined
}

export interface ProtectOptions {
  /** Every one of these scopes must be granted to the token. */
  scopes?: readonly string[] | undefined
}

/** A protected route: receives the request and the validated token. */
export type ProtectedHandler = (request: Request, token: AccessTokenInfo) => Promise<Response>

/**
 * Validates bearer access tokens issued by this authorization server (like Authlib's
 * `ResourceProtector`): opaque tokens are looked up by their hash in the store, JWT access tokens
 * (RFC 9068) are verified with the server's public keys (`typ: at+jwt`, so an ID token is never
 * accepted); then the required scopes are checked, and answers failures per RFC 6750 §3 (`invalid_request` 400, `invalid_token` 401,
 * `insufficient_scope` 403, each with `WWW-Authenticate: Bearer`).
 *
 * @example
 * const protector = new ResourceProtector({ store })
 * const api = protector.protect(async (req, token) => Response.json({ sub: token.sub }), { scopes: ['read'] })
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export class ResourceProtector {
  readonly #store: Store | undefined
  readonly #jwt: JwtAccessTokenValidator | undefined
  readonly #extract: { realm: string; allowQueryToken: boolean }
  readonly #realm: string
  readonly #now: () => number

  constructor(options: ResourceProtectorOptions) {
    if (!options?.store && !options?.jwt) throw new ArgumentError('"store" or "jwt" is required')
    this.#store = options.store
    this.#realm = options.realm ?? 'authspec'
    this.#jwt = options.jwt && new JwtAccessTokenValidator({ ...options.jwt, realm: this.#realm })
    this.#extract = { realm: this.#realm, allowQueryToken: options.allowQueryToken ?? false }
    this.#now = options.now ?? Date.now
  }

  /** Returns the validated token or rejects with an `OAuthServerError` that renders the RFC 6750 response. */
  validate(request: Request | CoreRequest, options?: ProtectOptions): Promise<AccessTokenInfo> {
    // Not an async function: the opaque path hands back validateAccessToken's own promise rather
    // than a second one that adopts it (two more microtask turns on every protected request).
    try {
      // The protector never reads the body, so the token is found synchronously.
      const token = bearerTokenOf(request, this.#extract)
      const now = Math.floor(this.#now() / 1000)
      if (this.#jwt && looksLikeJwt(token)) return this.#validateJwt(this.#jwt, token, now, options)
      if (!this.#store)
        throw bearerError(this.#realm, 'invalid_token', 'the access token is invalid, expired or revoked')
      return validateAccessToken(this.#store, token, { realm: this.#realm, now, scopes: options?.scopes })
    } catch (err) {
      return Promise.reject(err)
    }
  }

  async #validateJwt(
    jwt: JwtAccessTokenValidator,
    token: string,
    now: number,
    options: ProtectOptions | undefined,
  ): Promise<AccessTokenInfo> {
    const info = await jwt.validate(token, now, this.#store)
    assertScopes(info, options?.scopes, this.#realm)
    return info
  }

  /** Wraps a handler so it only runs with a valid token; failures become RFC 6750 responses. */
  protect(handler: ProtectedHandler, options?: ProtectOptions): (request: Request) => Promise<Response> {
    return async (request) => {
      let token: AccessTokenInfo
      try {
        token = await this.validate(request, options)
      } catch (err) {
        return errorToResponse(err)
      }
      return handler(request, token)
    }
  }
}
