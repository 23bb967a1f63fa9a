import { ArgumentError } from '../errors.js'
import type { Store } from '../storage/store.js'
import { errorToResponse } from './errors.js'
import {
  type AccessTokenInfo,
  bearerError,
  bearerTokenOf,
  type Challenger,
  validateAccessToken,
} from './lib/bearer.js'
import { type CoreRequest, type WebHandler, webHandler } from './lib/core-http.js'
import {
  assertScopes,
  type JwtAccessTokenOptions,
  JwtAccessTokenValidator,
  looksLikeJwt,
} from './lib/jwt-access-token.js'
import { resourceId } from './lib/resource-indicator.js'
import {
  type ProtectedResourceMetadataOptions,
  type ResourceMetadata,
  resourceMetadata,
  resourceMetadataCore,
} from './lib/resource-metadata.js'

export type { AccessTokenInfo } from './lib/bearer.js'
export type { JwtAccessTokenOptions } from './lib/jwt-access-token.js'
export type { ProtectedResourceMetadataOptions } from './lib/resource-metadata.js'

export interface ResourceProtectorOptions extends ProtectedResourceMetadataOptions {
  /** Where opaque tokens are looked up (and JWT access tokens checked for revocation). */
  store?: Store | undefined
  /** Validate JWT access tokens (RFC 9068) too. */
  jwt?: JwtAccessTokenOptions | undefined
  /**
   * This resource server's identifier (RFC 8707 §2, RFC 9728 §1.2): an https URL without a
   * fragment (http only for loopback). When set, a token is accepted only if it was requested for
   * this resource (opaque: the audience recorded with it; JWT: its `aud`, in place of
   * `jwt.audience`), every challenge carries `resource_metadata` (RFC 9728 §5.1), and
   * `metadataHandler` serves the metadata document. The metadata options
   * (`authorizationServers`, `scopesSupported`, `resourceName`, `resourceDocumentation`) need it.
   */
  resource?: string | undefined
  /** `realm` of the `WWW-Authenticate` challenges. Default `authspec`. */
  realm?: string | undefined
  /**
   * Escape hatch: accept `?access_token=` (RFC 6750 §2.3). Off by default: such requests get 400.
   * The metadata's `bearer_methods_supported` follows it.
   */
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
 * accepted); then the audience (with `resource`) and the required scopes are checked, and
 * failures are answered per RFC 6750 §3 (`invalid_request` 400, `invalid_token` 401,
 * `insufficient_scope` 403, each with `WWW-Authenticate: Bearer`). With a `resource` it also
 * publishes its protected resource metadata (RFC 9728) and names it in every challenge.
 *
 * @example
 * const protector = new ResourceProtector({ store, resource: 'https://mcp.example/mcp', authorizationServers: [issuer] })
 * const api = protector.protect(async (req, token) => Response.json({ sub: token.sub }), { scopes: ['read'] })
 * // serve protector.metadataHandler at protector.metadataPath
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728
 */
export class ResourceProtector {
  /** The `resource` option: this resource server's identifier, when it has one. */
  readonly resource: string | undefined
  readonly #store: Store | undefined
  readonly #jwt: JwtAccessTokenValidator | undefined
  readonly #extract: { realm: Challenger; allowQueryToken: boolean }
  readonly #realm: Challenger
  /** The `resource` as tokens name it (`resourceId`). */
  readonly #resource: string | undefined
  readonly #metadata: ResourceMetadata | undefined
  readonly #now: () => number

  constructor(options: ResourceProtectorOptions) {
    if (!options?.store && !options?.jwt) throw new ArgumentError('"store" or "jwt" is required')
    const allowQueryToken = options.allowQueryToken ?? false
    const realm = options.realm ?? 'authspec'
    this.#store = options.store
    this.#metadata = metadataOf(options, allowQueryToken)
    this.resource = this.#metadata?.resource
    this.#resource = this.#metadata && resourceId(this.#metadata.resource)
    this.#realm = this.#metadata ? { realm, resourceMetadata: this.#metadata.url } : realm
    this.#jwt =
      options.jwt &&
      new JwtAccessTokenValidator({
        ...options.jwt,
        audience: this.#resource ?? options.jwt.audience,
        realm: this.#realm,
      })
    this.#extract = { realm: this.#realm, allowQueryToken }
    this.#now = options.now ?? Date.now
  }

  /**
   * Serves this resource's metadata document (RFC 9728 §3) at `metadataPath`, 404 elsewhere:
   * mount it there, or through an adapter (`expressResourceMetadata`, …). Needs `resource`.
   * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
   */
  get metadataHandler(): WebHandler {
    return webHandler(resourceMetadataCore(this.#requireMetadata()))
  }

  /** The path of the metadata: `/.well-known/oauth-protected-resource` then the resource's path (RFC 9728 §3.1). */
  get metadataPath(): string {
    return this.#requireMetadata().path
  }

  #requireMetadata(): ResourceMetadata {
    if (!this.#metadata)
      throw new ArgumentError('"resource" is required to publish protected resource metadata')
    return this.#metadata
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
      return validateAccessToken(this.#store, token, {
        realm: this.#realm,
        now,
        scopes: options?.scopes,
        resource: this.#resource,
      })
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

/** The metadata of a protector with a `resource`; a metadata option without one is refused. */
function metadataOf(
  options: ResourceProtectorOptions,
  allowQueryToken: boolean,
): ResourceMetadata | undefined {
  const { resource, authorizationServers, scopesSupported, resourceName, resourceDocumentation } = options
  const published = { authorizationServers, scopesSupported, resourceName, resourceDocumentation }
  if (resource === undefined) {
    const named = Object.entries(published).find(([, v]) => v !== undefined)?.[0]
    if (named)
      throw new ArgumentError(`"${named}" is published in the metadata of a "resource": set "resource"`)
    return undefined
  }
  if (typeof resource !== 'string' || resourceId(resource) === '')
    throw new ArgumentError('"resource" must be an absolute https URL without a fragment')
  return resourceMetadata(resource, published, allowQueryToken)
}
