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
import type { MockRequest } from './types.js'

/**
 * The token endpoint: authorization code (PKCE and echoed parameters checked) and refresh token
 * grants, answered form-encoded or JSON as the spec says, errors under HTTP 200 when the provider
 * does that, granted scopes joined with the provider's delimiter, the spec's extra token fields,
 * and an ID token for OpenID Connect specs when `openid` was granted.
 */
export async function token(state: OAuth2MockState, req: MockRequest): Promise<MockResponse> {
  const { spec } = state
  const quirks = spec.tokenResponse ?? {}
  const body = bodyParams(req)
  const clientId = body.get('client_id') ?? basicClientId(req)
  const fail = (error: string, description: string) =>
    send(state, req, quirks.errorsWithStatus200 ? 200 : 400, { error, error_description: description })
  if (!clientId) return fail('invalid_client', 'client authentication is missing')
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
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
        return fail('invalid_grant', 'code_verifier does not match')
    }
    for (const [name, value] of Object.entries(grant.echoed)) {
      if (body.get(name) !== value)
        return fail('invalid_request', `${name} from the callback must be sent back`)
    }
    ;({ scopes, echoed, nonce, claims } = grant)
  } else if (body.get('grant_type') === 'refresh_token') {
    const held = state.refreshTokens.get(body.get('refresh_token') ?? '')
    if (!held || held.clientId !== clientId) return fail('invalid_grant', 'unknown refresh token')
    ;({ scopes, echoed } = held)
  } else return fail('unsupported_grant_type', 'authorization_code and refresh_token only')
  const access = randomCredential()
  const refresh = randomCredential()
  state.accessTokens.set(access, { clientId, scopes })
  state.refreshTokens.set(refresh, { clientId, scopes, echoed })
  const out: Record<string, unknown> = {
    access_token: access,
    token_type: quirks.defaultTokenType ? undefined : 'Bearer',
    expires_in: quirks.expiresIn?.asString ? String(state.expiresIn) : state.expiresIn,
    refresh_token: refresh,
    scope: scopes.join(spec.scopes.responseDelimiter),
  }
  for (const [name, type] of Object.entries(quirks.extraFields ?? {})) {
    out[name] = type === 'number' ? 1 : type === 'boolean' ? true : `mock-${name}`
  }
  const sentState = body.get('state')
  if (quirks.echoesState && sentState !== null) out['state'] = sentState
  if (spec.protocol === 'oidc' && scopes.includes('openid')) {
    out['id_token'] = await state.signIdToken(clientId, nonce, claims)
  }
  return send(state, req, 200, out)
}

/** JSON, or form-encoded when the provider answers that way and the client did not ask for JSON. */
function send(
  state: OAuth2MockState,
  req: MockRequest,
  status: number,
  body: Record<string, unknown>,
): MockResponse {
  const wantsJson = (header(req, 'accept') ?? '').includes('json')
  return state.spec.tokenResponse?.formEncoded && !wantsJson ? form(status, body) : json(status, body)
}
