import { clientAuthMethods } from '../runtime/provider/lib/client-auth-methods.js'
import type { SpecEndpoint } from '../runtime/provider/lib/spec-urls.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { API_PREFIX, answerOperation, apiFallback, MOCK_API_KEY, operationPath } from './api-operations.js'
import { authorize } from './oauth2-authorize.js'
import { createOAuth2State, type OAuth2MockState } from './oauth2-state.js'
import { token } from './oauth2-token.js'
import { bearer, bodyParams, json, type MockResponse, serve } from './serve.js'
import { endpointAt, issuerAt, mockHostMap } from './spec-routes.js'
import type { MockProvider, MockProviderOptions, MockRequest } from './types.js'

/** The client secret an OAuth 2.0 mock shares with its clients unless told another. */
export const DEFAULT_MOCK_CLIENT_SECRET = 'mock-client-secret'

/** The OAuth 2.0 / OpenID Connect mock: discovery, JWKS, authorize, token, revoke, UserInfo, API. */
export async function createOAuth2Mock(
  spec: ProviderSpec,
  options: MockProviderOptions,
): Promise<Omit<MockProvider, 'hosts'>> {
  const secret = options.clientSecret ?? DEFAULT_MOCK_CLIENT_SECRET
  const state = await createOAuth2State(
    spec,
    options.subject ?? 'mock-user',
    options.expiresIn ?? 3600,
    secret,
  )
  const server = await serve(options.port ?? 0, (req) => route(state, req))
  const base = server.base
  return {
    url: base,
    issuer: base,
    hostMap: mockHostMap(spec, base),
    endpointOverrides: {
      // Discovery only where the client discovers (a spec without an issuer lists its endpoints).
      ...(spec.issuer || spec.issuerAtRuntime ? { issuer: base } : {}),
      authorization: `${base}/authorize`,
      token: `${base}/token`,
      ...(spec.endpoints?.refresh ? { refresh: `${base}/refresh` } : {}),
      revocation: `${base}/revoke`,
      userinfo: `${base}/userinfo`,
      jwks: `${base}/jwks`,
      ...(spec.api ? { api: `${base}${API_PREFIX}` } : {}),
    },
    credentials: {
      ...(state.signedSecret?.credentials ?? { clientSecret: secret }),
      ...(spec.api?.keyHeader ? { [spec.api.keyHeader.option]: MOCK_API_KEY } : {}),
    },
    requests: server.requests,
    close: server.close,
  }
}

/** The mock's own paths: what `endpointOverrides` and its discovery document name. */
const OWN_PATHS: Readonly<Record<string, SpecEndpoint>> = {
  '/authorize': 'authorization',
  '/token': 'token',
  '/refresh': 'refresh',
  '/revoke': 'revocation',
  '/userinfo': 'userinfo',
  '/jwks': 'jwks',
}

async function route(state: OAuth2MockState, req: MockRequest): Promise<MockResponse> {
  const { spec } = state
  const path = req.url.pathname
  // Anywhere under an issuer's path (`https://apis.roblox.com/oauth/.well-known/…`).
  if (/\/\.well-known\/(openid-configuration|oauth-authorization-server)$/.test(path)) {
    return json(200, discovery(state, req.url.origin))
  }
  // An operation first: an API URL may also be an endpoint's (VK ID's `/oauth2/user_info`).
  const opPath = spec.api && operationPath(spec.api, req.method, path)
  if (opPath) return answerApi(state, req, opPath)
  const at = endpointAt(spec, path, OWN_PATHS)
  if (at === 'jwks') return json(200, { keys: [state.jwk] })
  if (at === 'authorization') return authorize(state, req)
  if (at === 'token' || at === 'refresh') return token(state, req, at)
  if (at === 'revocation') {
    const param = spec.revocation?.tokenParam ?? 'token'
    // In the body, or in the query string where the provider takes it there (Kick).
    const held = bodyParams(req).get(param) ?? req.url.searchParams.get(param)
    if (held) {
      state.accessTokens.delete(held)
      state.refreshTokens.delete(held)
    }
    return { status: spec.revocation?.method === 'DELETE' ? 204 : 200 }
  }
  if (at === 'userinfo') {
    const held = bearer(req) ?? bodyParams(req).get('access_token') ?? undefined
    if (!held || !state.accessTokens.has(held)) return json(401, { error: 'invalid_token' })
    return json(200, state.userClaims())
  }
  const fallback = spec.api && apiFallback(path)
  if (fallback) return answerApi(state, req, fallback)
  return json(404, { error: 'not_found' })
}

/** An API call, the access token taken where the spec's `api.auth` puts it. */
function answerApi(state: OAuth2MockState, req: MockRequest, opPath: string): Promise<MockResponse> {
  const api = state.spec.api!
  const auth = api.auth ?? { in: 'header' as const }
  return answerOperation(api, req, opPath, (r) => {
    const held =
      auth.in === 'header'
        ? bearer(r)
        : auth.in === 'query'
          ? r.url.searchParams.get(auth.name)
          : bodyParams(r).get(auth.name)
    return held !== undefined && held !== null && state.accessTokens.has(held)
  })
}

/**
 * The discovery document of the origin asked for: the mock's own, or (remapped by a `hostMap`
 * client, which names it in `Forwarded`) the provider's issuer, so issuer checks pass unchanged.
 */
function discovery(state: OAuth2MockState, base: string): Record<string, unknown> {
  return {
    issuer: issuerAt(state.spec, base),
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    revocation_endpoint: `${base}/revoke`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: Object.keys(state.spec.scopes.supported),
    token_endpoint_auth_methods_supported: clientAuthMethods(state.spec),
  }
}
