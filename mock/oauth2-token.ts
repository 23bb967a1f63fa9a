import { createHash } from 'node:crypto'
import type { OAuth2MockState } from './oauth2-state.js'
import {
  basicClientId,
  bodyParams,
  form,
  header,
  json,
  type MockResponse,
  randomCredential,
} from './serve.js'
import { issuerAt } from './spec-routes.js'
import { refusal, shapeAnswer } from './token-quirks.js'
import type { MockRequest } from './types.js'

/**
 * The token endpoint: authorization code (PKCE and echoed parameters checked) and refresh token
 * grants, granted scopes joined with the provider's delimiter, and an ID token for OpenID Connect
 * specs when `openid` was granted. The spec's `tokenRequest` and `tokenResponse` quirks (encoding,
 * errors under HTTP 200, extra fields…) are `MOCK_TOKEN_QUIRKS`, applied to every answer in `send`.
 */
export async function token(
  state: OAuth2MockState,
  req: MockRequest,
  at: 'token' | 'refresh' = 'token',
): Promise<MockResponse> {
  const { spec } = state
  const body = bodyParams(req)
  const clientId = body.get(state.clientIdParam) ?? basicClientId(req)
  const fail = (error: string, description: string) =>
    send(state, req, body, 400, { error, error_description: description })
  if (!clientId) return fail('invalid_client', 'client authentication is missing')
  const badSecret = await state.signedSecret?.refusal(body.get('client_secret'), clientId)
  if (badSecret) return fail('invalid_client', badSecret)
  const refused = refusal(spec, { params: body, json: (header(req, 'content-type') ?? '').includes('json') })
  if (refused) return fail('invalid_request', refused)
  // A spec with its own refresh endpoint (Figma) refreshes there and only there.
  const refreshing = body.get('grant_type') === 'refresh_token'
  const refreshAt = spec.endpoints?.refresh ? 'refresh' : 'token'
  if (refreshing ? at !== refreshAt : at === 'refresh')
    return fail('unsupported_grant_type', `refresh_token is granted at the ${refreshAt} endpoint only`)
  let scopes: string[]
  let echoed: Record<string, string> = {}
  let nonce: string | undefined
  let claims: Record<string, string> = {}
  if (body.get('grant_type') === 'authorization_code') {
    const code = body.get('code') ?? ''
    const grant = state.grants.get(code)
    state.grants.delete(code)
    if (!grant || grant.clientId !== clientId) return fail('invalid_grant', 'unknown or used code')
    if (body.get('redirect_uri') !== null && body.get('redirect_uri') !== grant.redirectUri)
      return fail('invalid_grant', 'redirect_uri differs')
    if (grant.challenge) {
      const verifier = body.get('code_verifier') ?? ''
      const derived =
        grant.challengeMethod === 'plain'
          ? verifier
          : createHash('sha256').update(verifier).digest('base64url')
      if (derived !== grant.challenge) return fail('invalid_grant', 'code_verifier does not match')
    }
    for (const [name, value] of Object.entries(grant.echoed)) {
      if (body.get(name) !== value)
        return fail('invalid_request', `${name} from the callback must be sent back`)
    }
    ;({ scopes, echoed, nonce, claims } = grant)
  } else if (body.get('grant_type') === 'refresh_token' && spec.refresh !== 'unsupported') {
    const held = state.refreshTokens.get(body.get('refresh_token') ?? '')
    if (!held || held.clientId !== clientId) return fail('invalid_grant', 'unknown refresh token')
    ;({ scopes, echoed } = held)
  } else return fail('unsupported_grant_type', 'authorization_code, and refresh_token where the spec has it')
  const access = randomCredential()
  state.accessTokens.set(access, { clientId, scopes })
  const out: Record<string, unknown> = {
    access_token: access,
    token_type: 'Bearer',
    expires_in: state.expiresIn,
    scope: scopes.join(spec.scopes.responseDelimiter),
  }
  if (spec.refresh !== 'unsupported') {
    const refresh = randomCredential()
    state.refreshTokens.set(refresh, { clientId, scopes, echoed })
    out['refresh_token'] = refresh
  }
  if (spec.protocol === 'oidc' && scopes.includes('openid')) {
    // The issuer is the origin asked for: the mock's own, or the host a hostMap client meant.
    out['id_token'] = await state.signIdToken(issuerAt(spec, req.url.origin), clientId, nonce, claims)
  }
  return send(state, req, body, 200, out)
}

/**
 * The answer as the spec's quirks shape it: status, members and encoding. `request` is the body
 * `token` already decoded, so a request is parsed once.
 */
function send(
  state: OAuth2MockState,
  req: MockRequest,
  request: URLSearchParams,
  status: number,
  body: Record<string, unknown>,
): MockResponse {
  const ctx = { request, wantsJson: (header(req, 'accept') ?? '').includes('json') }
  const out = shapeAnswer(state.spec, { status, body, encoding: 'json' }, ctx)
  return out.encoding === 'form' ? form(out.status, out.body) : json(out.status, out.body)
}
