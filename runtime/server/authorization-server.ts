import { ArgumentError } from '../errors.js'
import {
  authorizationErrorResponse,
  completeAuthorization,
  toConsentRequest,
  validateAuthorizationRequest,
} from './endpoints/authorization.js'
import {
  completeDeviceAuthorization,
  deviceAuthorizationEndpoint,
  validateUserCode,
} from './endpoints/device-authorization.js'
import { endSessionEndpoint } from './endpoints/end-session.js'
import { introspectionEndpoint } from './endpoints/introspection.js'
import { buildMetadata, jwksEndpoint, metadataEndpoint } from './endpoints/metadata.js'
import { assessOidcRequest } from './endpoints/oidc-request.js'
import { clientConfigurationEndpoint, registrationEndpoint } from './endpoints/registration.js'
import { revocationEndpoint } from './endpoints/revocation.js'
import { tokenEndpoint } from './endpoints/token.js'
import { userinfoEndpoint } from './endpoints/userinfo.js'
import { asServerError } from './errors.js'
import { authorizationCodeGrant } from './grants/authorization-code.js'
import { clientCredentialsGrant } from './grants/client-credentials.js'
import { openIdExtension } from './grants/openid.js'
import { pkceExtension } from './grants/pkce.js'
import { refreshTokenGrant } from './grants/refresh-token.js'
import { jwtAccessTokenOptions } from './lib/access-token-record.js'
import {
  type CoreHandler,
  type CoreRequest,
  type CoreResponse,
  coreRequestOf,
  fromWebResponse,
  toWebResponse,
  type WebHandler,
  webHandler,
} from './lib/core-http.js'
import { errorPage, jsonResponse } from './lib/responses.js'
import { type AuthorizationServerOptions, resolveContext } from './options.js'
import { ResourceProtector, type ResourceProtectorOptions } from './resource-protector.js'
import { clientIdFromPath, routeTable } from './routes.js'
import type {
  AuthenticatedUser,
  AuthorizationDecision,
  AuthorizationRequestContext,
  ConsentRequest,
  DeviceConsentRequest,
  Grant,
  GrantExtension,
  ServerContext,
} from './types.js'

export type { AuthorizationServerOptions } from './options.js'

/**
 * The authorization server: every endpoint a `CoreHandler` (runtime/server/lib/core-http.ts), routed
 * by `core`; `handler` is its Web-standard `(Request) => Promise<Response>` adapter, and so is each
 * public `…Endpoint` method. Plus a grant engine, the consent split and an OpenID Provider.
 *
 * @example
 * const server = createAuthorizationServer({ issuer: 'https://id.example', store: new MemoryStore(),
 *   keys: await generateSigningKeys() })
 * const consent = await server.validateConsentRequest(request)   // render it
 * return server.createAuthorizationResponse(request, { user: { sub: 'alice' }, approved: true })
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export class AuthorizationServer {
  readonly issuer: string
  readonly #ctx: ServerContext
  readonly #authorize: AuthorizationServerOptions['authorize']
  readonly #currentUser: AuthorizationServerOptions['currentUser']
  readonly #consents = new WeakMap<ConsentRequest, AuthorizationRequestContext>()
  readonly #routes: Map<string, CoreHandler>
  readonly #registrationPath: string

  constructor(options: AuthorizationServerOptions) {
    this.#ctx = resolveContext(options)
    this.issuer = this.#ctx.issuer
    this.#authorize = options.authorize
    this.#currentUser = options.currentUser
    if (options.defaultGrants !== false) {
      this.registerGrant(authorizationCodeGrant(), [pkceExtension(), openIdExtension()])
      this.registerGrant(refreshTokenGrant(), [openIdExtension()])
      this.registerGrant(clientCredentialsGrant())
    }
    this.#registrationPath = new URL(this.#ctx.endpoints.registration).pathname
    this.#routes = routeTable(this.#ctx, {
      authorization: (r) => this.#authorizationEndpoint(r),
      token: (r) => tokenEndpoint(this.#ctx, r),
      revocation: (r) => revocationEndpoint(this.#ctx, r),
      introspection: (r) => introspectionEndpoint(this.#ctx, r),
      userinfo: (r) => userinfoEndpoint(this.#ctx, r),
      jwks: (r) => jwksEndpoint(this.#ctx, r),
      deviceAuthorization: (r) => deviceAuthorizationEndpoint(this.#ctx, r),
      registration: (r) => registrationEndpoint(this.#ctx, r),
      endSession: (r) => endSessionEndpoint(this.#ctx, r, options.endSession),
      metadata: (r) => metadataEndpoint(this.#ctx, r),
    })
  }

  /**
   * Registers a grant by its `grant_type` and/or `response_type` (a URI for custom grants),
   * with extensions such as `pkceExtension()` and `openIdExtension()`. A later registration for
   * the same type replaces the earlier one.
   */
  registerGrant(grant: Grant, extensions: readonly GrantExtension[] = []): void {
    if (!grant || (!grant.grantType && !grant.responseType)) {
      throw new ArgumentError('"grant" must have a grantType or a responseType')
    }
    const entry = { grant, extensions: [...extensions] }
    if (grant.grantType) this.#ctx.tokenGrants.set(grant.grantType, entry)
    if (grant.responseType) this.#ctx.responseTypes.set(grant.responseType, entry)
  }

  /**
   * Validates an authorization request and returns what the consent page shows; throws
   * `OAuthServerError`. Pass `{ user }`, the end-user the app has signed in (`user: undefined`
   * when nobody is): the server then works out `loginRequired` / `consentRequired` (`prompt`,
   * `max_age`, `id_token_hint`, stored consent) and, for `prompt=none`, throws the redirectable
   * `login_required` / `consent_required`. Without `options`, `loginRequired` is true and answering
   * `prompt=none` is up to the app (approvals are still checked against `max_age`, the hint and,
   * for `prompt=none`, the stored consent). `requestTime` (epoch seconds the request first reached
   * the app) lets a sign-in made for this request satisfy `prompt=login`.
   *
   * `request` may also be a `ConsentRequest`'s `parameters`, saved across a login form: the request
   * is rebuilt from them. A POST request's body is read from a clone, so the caller can still read it.
   */
  async validateConsentRequest(
    request: Request | string,
    options?: { user?: AuthenticatedUser | undefined; requestTime?: number | undefined },
  ): Promise<ConsentRequest> {
    const source =
      typeof request === 'string'
        ? new Request(`${this.#ctx.endpoints.authorization}?${request}`)
        : request.clone()
    const ctx = await validateAuthorizationRequest(this.#ctx, coreRequestOf(source))
    return this.#consentOf(ctx, options)
  }

  async #consentOf(
    ctx: AuthorizationRequestContext,
    options: { user?: AuthenticatedUser | undefined; requestTime?: number | undefined } | undefined,
  ): Promise<ConsentRequest> {
    // Without `options` the app has not said who is signed in: prompt=none is then left to it.
    const needs = options
      ? await assessOidcRequest(ctx, options.user, options.requestTime)
      : { loginRequired: true, consentRequired: ctx.prompt.includes('consent') }
    const consent = toConsentRequest(ctx, needs)
    this.#consents.set(consent, ctx)
    return consent
  }

  /**
   * Completes an authorization request with the user's decision: a redirect with `code`, `state`
   * and `iss`, or with an error. Pass the original request (validated again) or the
   * `ConsentRequest` this server returned. Never throws for protocol errors: they become a
   * redirect or an error page.
   */
  async createAuthorizationResponse(
    input: Request | ConsentRequest,
    decision: AuthorizationDecision,
  ): Promise<Response> {
    let ctx: AuthorizationRequestContext | undefined
    if (input instanceof Request) {
      try {
        ctx = await validateAuthorizationRequest(this.#ctx, coreRequestOf(input))
      } catch (err) {
        return this.authorizationErrorResponse(err)
      }
    } else {
      ctx = this.#consents.get(input)
      if (!ctx)
        throw new ArgumentError('"input" must be a Request or a ConsentRequest returned by this server')
    }
    return toWebResponse(await completeAuthorization(this.#ctx, ctx, decision))
  }

  /** Renders an error from `validateConsentRequest`: a redirect to the client or an error page. */
  authorizationErrorResponse(err: unknown): Response {
    return toWebResponse(authorizationErrorResponse(this.#ctx, err))
  }

  /** The routed authorization endpoint; asks the `authorize` option for the decision. */
  readonly authorizationEndpoint: WebHandler = webHandler((r) => this.#authorizationEndpoint(r))

  async #authorizationEndpoint(core: CoreRequest): Promise<CoreResponse> {
    let ctx: AuthorizationRequestContext
    let consent: ConsentRequest
    // The app's hooks take a Web Request: built once, and only when there is a hook to take it.
    const request = this.#currentUser || this.#authorize ? core.toRequest() : undefined
    try {
      ctx = await validateAuthorizationRequest(this.#ctx, core)
      const user = this.#currentUser && request ? { user: await this.#currentUser(request) } : undefined
      consent = await this.#consentOf(ctx, user)
    } catch (err) {
      return authorizationErrorResponse(this.#ctx, err)
    }
    if (!this.#authorize || !request)
      return errorPage('server_error', 'no authorization handler is configured', 501)
    try {
      const result = await this.#authorize(consent, request)
      if (result instanceof Response) return await fromWebResponse(result)
      return await completeAuthorization(this.#ctx, ctx, result)
    } catch {
      return errorPage('server_error', 'the request could not be processed', 500)
    }
  }

  /** Device flow: the pending request behind a user code, for the verification page (RFC 8628 §3.3). */
  validateUserCode(userCode: string): Promise<DeviceConsentRequest> {
    return validateUserCode(this.#ctx, userCode)
  }

  /** Device flow: records the user's approval or denial of a user code. */
  completeDeviceAuthorization(userCode: string, decision: AuthorizationDecision): Promise<void> {
    return completeDeviceAuthorization(this.#ctx, userCode, decision)
  }

  /**
   * Takes back all a user gave a client (an account page's "disconnect"): the stored consent goes,
   * so the client's next request asks again, and every grant family of that user and client is
   * revoked, so its access tokens fail introspection and userinfo and its refresh tokens give
   * `invalid_grant`; a code or approved device code not yet exchanged needs the consent, so it
   * gets `invalid_grant` too. Emits `token_revoked` (reason `user_revoked`) per family. Returns how many
   * tokens were revoked.
   *
   * @example
   * const revoked = await server.revokeConsent('alice', 'photo-app') // tokens revoked
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
   */
  async revokeConsent(sub: string, clientId: string): Promise<number> {
    if (typeof sub !== 'string' || sub === '') throw new ArgumentError('"sub" must be a non-empty string')
    if (typeof clientId !== 'string' || clientId === '')
      throw new ArgumentError('"clientId" must be a non-empty string')
    const families = await this.#ctx.store.revokeUserGrants(sub, clientId, this.#ctx.now())
    for (const { grantId, count } of families)
      this.#ctx.emit({ type: 'token_revoked', clientId, grantId, reason: 'user_revoked', count })
    return families.reduce((n, f) => n + f.count, 0)
  }

  readonly deviceAuthorizationEndpoint = webHandler((r) => deviceAuthorizationEndpoint(this.#ctx, r))
  readonly tokenEndpoint = webHandler((r) => tokenEndpoint(this.#ctx, r))
  readonly revocationEndpoint = webHandler((r) => revocationEndpoint(this.#ctx, r))
  readonly introspectionEndpoint = webHandler((r) => introspectionEndpoint(this.#ctx, r))
  readonly userinfoEndpoint = webHandler((r) => userinfoEndpoint(this.#ctx, r))
  readonly jwksEndpoint = webHandler((r) => jwksEndpoint(this.#ctx, r))
  readonly metadataEndpoint = webHandler((r) => metadataEndpoint(this.#ctx, r))

  /** The metadata document (RFC 8414 / OIDC discovery) as served. */
  metadata(): Record<string, unknown> {
    return buildMetadata(this.#ctx)
  }

  /**
   * The server's core: routes every endpoint by path (unknown paths get 404) and renders anything
   * an endpoint throws. Never rejects. Adapters that build a `CoreRequest` (node:http) call it.
   */
  readonly core: CoreHandler = async (request) => {
    try {
      const path = request.pathname
      const route = this.#routes.get(path)
      if (route) return await route(request)
      const clientId = clientIdFromPath(this.#registrationPath, path)
      if (clientId !== undefined) return await clientConfigurationEndpoint(this.#ctx, request, clientId)
      return jsonResponse({ error: 'not_found' }, { status: 404, noStore: false })
    } catch (err) {
      return asServerError(err).render()
    }
  }

  /** `core` as a Web-standard `(Request) => Promise<Response>` handler. Never rejects. */
  readonly handler: WebHandler = webHandler(this.core)

  /** A `ResourceProtector` over this server's store and realm. */
  resourceProtector(options?: Omit<ResourceProtectorOptions, 'store'>): ResourceProtector {
    const jwt = jwtAccessTokenOptions(this.#ctx)
    return new ResourceProtector({ realm: this.#ctx.realm, jwt, ...options, store: this.#ctx.store })
  }
}

/**
 * Creates an authorization server; see `AuthorizationServer`.
 * @example
 * const server = createAuthorizationServer({ issuer, store: new MemoryStore(), keys: await generateSigningKeys() })
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  return new AuthorizationServer(options)
}
