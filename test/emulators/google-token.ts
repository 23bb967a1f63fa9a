// Token and revocation endpoints of the Google emulator.
import type { GoogleClient, GoogleState, GoogleUser } from './google.js'
import { GOOGLE_ACCESS_TTL, userClaims } from './google.js'
import { basicAuth, formBody, jsonBody, queryAndForm } from './lib/body.js'
import { halfHash, type SigningKey } from './lib/keys.js'
import { type EmuRequest, type EmuResponse, json, type Route } from './lib/server.js'
import { addToken, type Clock, liveToken, mint, pkceMatches, revokeGrant, safeEqual } from './lib/state.js'

interface Ctx {
  state: GoogleState
  clock: Clock
  key: SigningKey
  users: Map<string, GoogleUser>
  clients: Map<string, GoogleClient>
  issuer: () => string
}

const err = (status: number, error: string, error_description: string) =>
  json(
    status,
    { error, error_description },
    { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' },
  )

export function googleTokenRoutes(ctx: Ctx): Route[] {
  const { state, clock, key, users, clients } = ctx

  function params(req: EmuRequest): URLSearchParams {
    const p = formBody(req)
    for (const [k, v] of Object.entries(jsonBody(req) ?? {})) if (typeof v === 'string') p.set(k, v)
    return p
  }

  /** client_secret_post or client_secret_basic, never both. */
  function authenticate(req: EmuRequest, p: URLSearchParams): GoogleClient | EmuResponse {
    const basic = basicAuth(req)
    if (basic && p.has('client_secret'))
      return err(400, 'invalid_request', 'client_secret is specified more than once.')
    const id = basic?.id ?? p.get('client_id') ?? ''
    const secret = basic?.secret ?? p.get('client_secret') ?? ''
    const client = clients.get(id)
    if (!client) return err(401, 'invalid_client', 'The OAuth client was not found.')
    if (!safeEqual(secret, client.clientSecret)) return err(401, 'invalid_client', 'Unauthorized')
    return client
  }

  async function idToken(
    client: GoogleClient,
    userId: string,
    scopes: string[],
    accessToken: string,
    extra: Record<string, string>,
  ) {
    const user = users.get(userId)!
    const now = Math.floor(clock.now() / 1000)
    const claims: Record<string, unknown> = {
      iss: ctx.issuer(),
      azp: client.clientId,
      aud: client.clientId,
      ...userClaims(user, scopes),
      at_hash: await halfHash(accessToken),
      iat: now,
      exp: now + 3600,
    }
    if (extra['nonce']) claims['nonce'] = extra['nonce']
    return key.sign(claims)
  }

  async function issue(
    client: GoogleClient,
    userId: string,
    scopes: string[],
    grantId: string,
    extra: Record<string, string>,
    refresh: boolean | string,
  ) {
    const now = clock.now()
    const access = addToken(state, {
      token: `ya29.${mint('', 40)}`,
      kind: 'access',
      clientId: client.clientId,
      userId,
      scopes,
      expiresAt: now + GOOGLE_ACCESS_TTL * 1000,
      grantId,
      extra,
    })
    const body: Record<string, unknown> = { access_token: access.token, expires_in: GOOGLE_ACCESS_TTL }
    const ttl = client.refreshTokenExpiresIn
    if (refresh === true) {
      const rt = addToken(state, {
        token: `1//${mint('', 48)}`,
        kind: 'refresh',
        clientId: client.clientId,
        userId,
        scopes,
        expiresAt: ttl === undefined ? undefined : now + ttl * 1000,
        grantId,
        extra,
      })
      body['refresh_token'] = rt.token
      if (ttl !== undefined) body['refresh_token_expires_in'] = ttl
    } else if (typeof refresh === 'string') {
      // On refresh, the remaining lifetime of the (unchanged) refresh token.
      const rt = state.tokens.get(refresh)!
      if (rt.expiresAt !== undefined)
        body['refresh_token_expires_in'] = Math.floor((rt.expiresAt - now) / 1000)
    }
    body['scope'] = scopes.join(' ')
    body['token_type'] = 'Bearer'
    if (scopes.includes('openid'))
      body['id_token'] = await idToken(client, userId, scopes, access.token, extra)
    return json(200, body, {
      'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
      pragma: 'no-cache',
    })
  }

  async function token(req: EmuRequest): Promise<EmuResponse> {
    const p = params(req)
    const client = authenticate(req, p)
    if (!('clientId' in client)) return client
    const grantType = p.get('grant_type')
    if (grantType === 'refresh_token') {
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', clock.now())
      if (!rt || rt.clientId !== client.clientId)
        return err(400, 'invalid_grant', 'Token has been expired or revoked.')
      return issue(client, rt.userId, rt.scopes, rt.grantId, rt.extra, rt.token)
    }
    if (grantType !== 'authorization_code')
      return err(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`)
    const codeValue = p.get('code')
    if (!codeValue) return err(400, 'invalid_request', 'Missing required parameter: code')
    const code = state.codes.get(codeValue)
    if (!code) return err(400, 'invalid_grant', 'Malformed auth code.')
    if (code.used) {
      // Replay: the tokens already issued from this code are revoked too.
      revokeGrant(state, `code:${code.code}`)
      return err(400, 'invalid_grant', 'Bad Request')
    }
    if (code.clientId !== client.clientId || code.expiresAt <= clock.now())
      return err(400, 'invalid_grant', 'Bad Request')
    if (p.get('redirect_uri') !== code.redirectUri) return err(400, 'redirect_uri_mismatch', 'Bad Request')
    if (code.codeChallenge !== undefined) {
      const verifier = p.get('code_verifier')
      if (!verifier) return err(400, 'invalid_grant', 'Missing code verifier.')
      if (!pkceMatches(verifier, code.codeChallenge, code.codeChallengeMethod))
        return err(400, 'invalid_grant', 'Invalid code verifier.')
    }
    code.used = true
    const { refresh, ...extra } = code.extra
    return issue(client, code.userId, code.scopes, `code:${code.code}`, extra, refresh === 'true')
  }

  function revokeEndpoint(req: EmuRequest): EmuResponse {
    const value = queryAndForm(req).get('token')
    const t = value ? state.tokens.get(value) : undefined
    if (!t || t.revoked || (t.expiresAt !== undefined && t.expiresAt <= clock.now())) {
      return err(400, 'invalid_token', 'Token expired or revoked')
    }
    // Revoking either token ends the whole grant and the consent behind it.
    revokeGrant(state, t.grantId)
    state.consents.delete(`${t.clientId}|${t.userId}`)
    return json(200, {})
  }

  return [
    { method: 'POST', path: '/token', handler: token },
    { method: 'POST', path: '/revoke', handler: revokeEndpoint },
  ]
}
