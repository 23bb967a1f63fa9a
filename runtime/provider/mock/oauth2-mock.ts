import type { ProviderSpec } from '../spec-types.js'
import { API_PREFIX, answerOperation } from './api-operations.js'
import { authorize } from './oauth2-authorize.js'
import { createOAuth2State, type OAuth2MockState } from './oauth2-state.js'
import { token } from './oauth2-token.js'
import { bearer, bodyParams, json, type MockResponse, serve } from './serve.js'
import type { MockProvider, MockProviderOptions, MockRequest } from './types.js'

/** The OAuth 2.0 / OpenID Connect mock: discovery, JWKS, authorize, token, revoke, UserInfo, API. */
export async function createOAuth2Mock(
  spec: ProviderSpec,
  options: MockProviderOptions,
): Promise<MockProvider> {
  let base = ''
  const state = await createOAuth2State(
    spec,
    options.subject ?? 'mock-user',
    options.expiresIn ?? 3600,
    () => base,
  )
  const server = await serve(options.port ?? 0, (req) => route(state, req))
  base = server.base
  return {
    url: base,
    issuer: base,
    endpointOverrides: {
      ...(spec.protocol === 'oidc' || spec.issuer ? { issuer: base } : {}),
      authorization: `${base}/authorize`,
      token: `${base}/token`,
      revocation: `${base}/revoke`,
      userinfo: `${base}/userinfo`,
      jwks: `${base}/jwks`,
      ...(spec.api ? { api: `${base}${API_PREFIX}` } : {}),
    },
    requests: server.requests,
    close: server.close,
  }
}

async function route(state: OAuth2MockState, req: MockRequest): Promise<MockResponse> {
  const { spec } = state
  const path = req.url.pathname
  if (path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server') {
    return json(200, discovery(state))
  }
  if (path === '/jwks') return json(200, { keys: [state.jwk] })
  if (path === '/authorize') return authorize(state, req)
  if (path === '/token') return token(state, req)
  if (path === '/revoke') {
    const held = bodyParams(req).get(spec.revocation?.tokenParam ?? 'token')
    if (held) {
      state.accessTokens.delete(held)
      state.refreshTokens.delete(held)
    }
    return { status: spec.revocation?.method === 'DELETE' ? 204 : 200 }
  }
  if (path === '/userinfo') {
    const held = bearer(req) ?? bodyParams(req).get('access_token') ?? undefined
    if (!held || !state.accessTokens.has(held)) return json(401, { error: 'invalid_token' })
    return json(200, state.userClaims())
  }
  if (spec.api && path.startsWith(`${API_PREFIX}/`)) {
    const auth = spec.api.auth ?? { in: 'header' as const }
    return answerOperation(spec.api, req, (r) => {
      const held =
        auth.in === 'header'
          ? bearer(r)
          : auth.in === 'query'
            ? r.url.searchParams.get(auth.name)
            : bodyParams(r).get(auth.name)
      return held !== undefined && held !== null && state.accessTokens.has(held)
    })
  }
  return json(404, { error: 'not_found' })
}

function discovery(state: OAuth2MockState): Record<string, unknown> {
  const base = state.base()
  return {
    issuer: base,
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
    token_endpoint_auth_methods_supported: [state.spec.clientAuth],
  }
}
