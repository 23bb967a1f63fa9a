import { ArgumentError } from '../../errors.js'
import { OAuthServerError, type ResponseMode, serverError } from '../errors.js'
import { essentialAcrValues, parseClaimsRequest, requestedAcrValues } from '../lib/claims-request.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { findClient } from '../lib/find-client.js'
import { verifyIdTokenHint } from '../lib/id-token-hint.js'
import { type Params, queryOrFormParams, safeName } from '../lib/params.js'
import { matchRedirectUri } from '../lib/redirect-uri.js'
import { authorizationResponse, errorPage } from '../lib/responses.js'
import { assertScopesAllowed, parseScope } from '../lib/scope.js'
import type {
  AuthorizationDecision,
  AuthorizationDenial,
  AuthorizationRequestContext,
  ConsentRequest,
  ServerContext,
} from '../types.js'
import { assertApprovalFits } from './oidc-request.js'

const PROMPTS = ['none', 'login', 'consent', 'select_account']

const DENIAL_DESCRIPTIONS: Record<AuthorizationDenial, string> = {
  access_denied: 'the resource owner denied the request',
  login_required: 'the end-user must sign in',
  consent_required: 'the end-user must consent',
  interaction_required: 'the end-user must interact with the server',
  account_selection_required: 'the end-user must select an account',
}

/**
 * Validates an authorization request. Errors about the client or the redirect URI are not
 * redirectable (the caller shows an error page, RFC 6749 §4.1.2.1); every later error carries
 * `redirect` so it can be sent back to the client.
 */
export async function validateAuthorizationRequest(
  server: ServerContext,
  request: CoreRequest,
): Promise<AuthorizationRequestContext> {
  const { params, repeated } = await queryOrFormParams(request, server.maxBodyBytes, () =>
    serverError('invalid_request', 'the authorization endpoint accepts GET and POST', {
      status: 405,
      headers: { allow: 'GET, POST' },
    }),
  )
  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) {
    throw serverError('invalid_request', 'client_id and redirect_uri must not be repeated')
  }
  const clientId = params.get('client_id')
  if (clientId === undefined) throw serverError('invalid_request', 'client_id is required')
  const client = await findClient(server, clientId)
  if (!client) throw serverError('invalid_request', 'the client is unknown')
  let redirectUri = params.get('redirect_uri')
  const redirectUriOmitted = redirectUri === undefined
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1) throw serverError('invalid_request', 'redirect_uri is required')
    redirectUri = client.redirectUris[0]!
  } else if (!matchRedirectUri(redirectUri, client.redirectUris)) {
    throw serverError('invalid_request', 'redirect_uri is not registered for this client')
  }

  const state = repeated.includes('state') ? undefined : params.get('state')
  const normalizedType = normalizeResponseType(params.get('response_type'))
  const typeValues = (normalizedType ?? '').split(' ')
  const frontChannelTokens = typeValues.includes('token') || typeValues.includes('id_token')
  const requestedMode = params.get('response_mode')
  // Errors go back in the mode asked for when it may be used, else in the default one.
  const responseMode = responseModeOf(requestedMode, frontChannelTokens)
  try {
    if (repeated.length > 0)
      throw serverError('invalid_request', `repeated parameter: ${safeName(repeated[0] ?? '')}`)
    const responseType = normalizedType
    if (responseType === undefined) throw serverError('invalid_request', 'response_type is required')
    const registered = server.responseTypes.get(responseType)
    if (!registered) throw serverError('unsupported_response_type', 'this response_type is not supported')
    if (!client.responseTypes.includes(responseType)) {
      throw serverError('unauthorized_client', 'the client may not use this response_type')
    }
    if (requestedMode !== undefined && requestedMode !== responseMode) {
      throw serverError(
        'invalid_request',
        requestedMode === 'query'
          ? 'response_mode=query is not allowed for this response_type'
          : 'unsupported response_mode',
      )
    }
    let scopes = parseScope(params.get('scope'))
    const allowed = parseScope(client.scope)
    if (scopes.length === 0) scopes = allowed
    assertScopesAllowed(scopes, allowed, 'for this client')
    assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
    const prompt = parsePrompt(params)
    const maxAge = parseMaxAge(params)
    const idTokenHintSub = await idTokenHint(server, params, client.clientId)
    const ctx: AuthorizationRequestContext = {
      server,
      params,
      client,
      redirectUri,
      redirectUriOmitted,
      responseType,
      responseMode,
      scopes,
      state,
      prompt,
      maxAge,
      idTokenHintSub,
      code: {},
      extensions: registered.extensions,
    }
    await registered.grant.validateAuthorizationRequest?.(ctx)
    for (const ext of registered.extensions) await ext.onAuthorizationRequest?.(ctx)
    return ctx
  } catch (err) {
    if (err instanceof OAuthServerError && !err.redirect) {
      throw new OAuthServerError({
        error: err.error,
        error_description: err.error_description,
        status: err.status,
        redirect: { redirectUri, state, responseMode },
      })
    }
    throw err
  }
}

/** What the app renders on its consent page. */
export function toConsentRequest(
  ctx: AuthorizationRequestContext,
  needs: { loginRequired: boolean; consentRequired: boolean },
): ConsentRequest {
  const { params } = ctx
  const claims = ctx.code.claims === undefined ? undefined : parseClaimsRequest(ctx.code.claims)
  return {
    client: { clientId: ctx.client.clientId, clientName: ctx.client.clientName },
    redirectUri: ctx.redirectUri,
    responseType: ctx.responseType,
    responseMode: ctx.responseMode,
    scopes: [...ctx.scopes],
    state: ctx.state,
    nonce: params.get('nonce'),
    prompt: [...ctx.prompt],
    maxAge: ctx.maxAge,
    loginHint: params.get('login_hint'),
    acrValues: requestedAcrValues(params.get('acr_values'), claims),
    essentialAcrValues: essentialAcrValues(claims),
    idTokenHintSub: ctx.idTokenHintSub,
    claims,
    ...(ctx.code.audience && { resources: [...ctx.code.audience] }),
    loginRequired: needs.loginRequired,
    consentRequired: needs.consentRequired,
    parameters: new URLSearchParams([...params]).toString(),
  }
}

/** Completes an approved or denied request with a redirect carrying `iss` (RFC 9207). */
export async function completeAuthorization(
  server: ServerContext,
  ctx: AuthorizationRequestContext,
  decision: AuthorizationDecision,
): Promise<CoreResponse> {
  if (!decision.approved) {
    const denial: AuthorizationDenial = decision.error ?? 'access_denied'
    if (!Object.hasOwn(DENIAL_DESCRIPTIONS, denial))
      throw new ArgumentError('"decision.error" is not a known denial')
    return authorizationErrorResponse(
      server,
      serverError(denial, DENIAL_DESCRIPTIONS[denial], {
        redirect: { redirectUri: ctx.redirectUri, state: ctx.state, responseMode: ctx.responseMode },
      }),
    )
  }
  const user = decision.user
  if (!user || typeof user.sub !== 'string' || user.sub === '') {
    throw new ArgumentError('"decision.user.sub" is required when the request is approved')
  }
  if (ctx.params.has('max_age') && user.authTime === undefined) {
    throw new ArgumentError('"decision.user.authTime" is required when the request has max_age')
  }
  try {
    await assertApprovalFits(ctx, user)
  } catch (err) {
    return authorizationErrorResponse(server, err)
  }
  let granted = ctx
  if (decision.scopes) {
    const extra = decision.scopes.filter((s) => !ctx.scopes.includes(s))
    if (extra.length > 0) throw new ArgumentError('"decision.scopes" may only narrow the requested scopes')
    granted = { ...ctx, scopes: [...decision.scopes] }
  }
  const registered = server.responseTypes.get(ctx.responseType)
  if (!registered?.grant.createAuthorizationResponse) {
    throw new ArgumentError('no grant handles this response_type')
  }
  // The consent is on record before the code exists, and the code names it: an exchange after
  // the user took it back (`revokeConsent`) is refused.
  const grantedAt = server.now()
  await server.store.saveConsent({
    sub: user.sub,
    clientId: ctx.client.clientId,
    scope: granted.scopes.join(' '),
    grantedAt,
  })
  granted.code.consentedAt = grantedAt
  const params = await registered.grant.createAuthorizationResponse(granted, user)
  return authorizationResponse(
    ctx.redirectUri,
    { ...params, state: ctx.state, iss: server.issuer },
    ctx.responseMode,
  )
}

/**
 * Renders an authorization endpoint error: a redirect with `error`, `state` and `iss` when the
 * redirect URI was validated, an HTML error page otherwise (never a redirect to an unchecked URI).
 */
export function authorizationErrorResponse(server: ServerContext, err: unknown): CoreResponse {
  if (err instanceof OAuthServerError) {
    if (err.redirect) {
      return authorizationResponse(
        err.redirect.redirectUri,
        {
          error: err.error,
          error_description: err.error_description,
          state: err.redirect.state,
          iss: server.issuer,
        },
        err.redirect.responseMode ?? 'query',
      )
    }
    return errorPage(err.error, err.error_description, err.status, err.headers)
  }
  if (err instanceof ArgumentError) throw err
  return errorPage('server_error', 'the request could not be processed', 500)
}

/**
 * The response mode of a request: the one asked for when this response type may use it, else the
 * default (`fragment` when tokens travel in the front channel, `query` otherwise). Tokens in a
 * query string leak through logs and Referer, so `query` is refused for them.
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
function responseModeOf(requested: string | undefined, frontChannelTokens: boolean): ResponseMode {
  if (requested === 'form_post' || requested === 'fragment') return requested
  if (requested === 'query' && !frontChannelTokens) return requested
  return frontChannelTokens ? 'fragment' : 'query'
}

function parsePrompt(params: Params): string[] {
  const prompt = (params.get('prompt') ?? '').split(' ').filter((p) => p !== '')
  if (prompt.some((p) => !PROMPTS.includes(p)))
    throw serverError('invalid_request', 'unsupported prompt value')
  if (prompt.includes('none') && prompt.length > 1) {
    throw serverError('invalid_request', 'prompt=none cannot be combined with other values')
  }
  return prompt
}

/** Verifies `id_token_hint` (our signature, issued to this client); returns its subject. */
async function idTokenHint(
  server: ServerContext,
  params: Params,
  clientId: string,
): Promise<string | undefined> {
  const hint = params.get('id_token_hint')
  if (hint === undefined) return undefined
  const verified = await verifyIdTokenHint(server, hint)
  if (verified === undefined || verified.aud !== clientId) {
    throw serverError(
      params.get('prompt') === 'none' ? 'login_required' : 'invalid_request',
      'id_token_hint is not a valid ID token issued by this server to this client',
    )
  }
  return verified.sub
}

/**
 * Puts a space-separated `response_type` in one canonical order (`code id_token token`), since
 * the order of its values does not matter (OAuth 2.0 Multiple Response Types §3).
 */
function normalizeResponseType(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const values = raw.split(' ').filter((v) => v !== '')
  const order = ['code', 'id_token', 'token']
  if (new Set(values).size !== values.length || !values.every((v) => order.includes(v))) return raw
  return values.sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(' ')
}

function parseMaxAge(params: Params): number | undefined {
  const raw = params.get('max_age')
  if (raw === undefined) return undefined
  if (!/^\d{1,9}$/.test(raw)) throw serverError('invalid_request', 'max_age must be a non-negative integer')
  return Number(raw)
}
