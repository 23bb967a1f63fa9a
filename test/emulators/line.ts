// LINE Login v2.1 emulator: access.line.me (discovery, authorize) and api.line.me (token, revoke,
// profile) on one origin. Written from developers.line.biz:
// WEB = https://developers.line.biz/en/docs/line-login/integrate-line-login/
// API = https://developers.line.biz/en/reference/line-login/
// VERIFY = https://developers.line.biz/en/docs/line-login/verify-id-token/
// PKCE = https://developers.line.biz/en/docs/line-login/integrate-pkce/
import { SignJWT } from 'jose'
import { authToken, formBody } from './lib/body.js'
import { type Emulator, emulatorHandle, emulatorParts, performLogin, splitScopes } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, empty, html, json, redirect, startServer } from './lib/server.js'
import {
  type EmulatorState,
  issueCode,
  issuePair,
  liveToken,
  newState,
  pkceMatches,
  redeemableCode,
  revokeGrant,
  safeEqual,
} from './lib/state.js'

export const LINE_ISSUER = 'https://access.line.me'
export const LINE_API = 'https://api.line.me'
const ACCESS_TTL = 2592000 // API #issue-access-token: expires_in 30 days
const SCOPES = new Set(['openid', 'profile', 'email'])

export interface LineUser {
  userId: string
  displayName: string
  pictureUrl?: string
  email?: string
}

/** A LINE Login channel: channel id and channel secret. */
export interface LineClient {
  clientId: string
  channelSecret: string
  callbackUrls: string[]
}

export type LineEmulator = Emulator<LineUser, LineClient> & {
  /** Changes each ID token after signing (e.g. `tamperPayload`), to test that clients refuse it. */
  tamperIdToken: ((jwt: string) => string) | undefined
}

const fail = (status: number, error: string, error_description: string): EmuResponse =>
  json(status, { error, error_description })

export async function startLineEmulator(
  opts: { users?: LineUser[]; clients?: LineClient[] } = {},
): Promise<LineEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.userId, opts.clients)
  const { users, clients, login, clock } = parts
  const handle = { tamperIdToken: undefined as LineEmulator['tamperIdToken'] }

  // WEB #making-an-authorization-request: response_type=code, client_id, redirect_uri, state and
  // scope are required; PKCE: code_challenge_method S256 only.
  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    const back = q.get('redirect_uri') ?? ''
    if (!client?.callbackUrls.includes(back))
      return html(400, '<h1>400 Bad Request</h1><p>Invalid redirect_uri value.</p>')
    const st = q.get('state') ?? undefined
    const scopes = splitScopes(q.get('scope'), / +/)
    const method = q.get('code_challenge_method') ?? undefined
    if (
      q.get('response_type') !== 'code' ||
      !st ||
      scopes.length === 0 ||
      scopes.some((s) => !SCOPES.has(s)) ||
      (q.has('code_challenge') && method !== 'S256')
    ) {
      return redirect(back, { error: 'invalid_request', error_description: 'invalid parameter', state: st })
    }
    const who = performLogin(login, users)
    if (!who.ok)
      return redirect(back, { error: 'access_denied', error_description: 'The user has denied.', state: st })
    const nonce = q.get('nonce')
    const code = issueCode(state, clock.now(), 10 * 60 * 1000, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: back,
      scopes,
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: method,
      extra: nonce ? { nonce } : {},
    })
    return redirect(back, { code, state: st })
  }

  /** VERIFY #signature: the web login's ID token is HS256, signed with the channel secret. */
  async function idToken(client: LineClient, userId: string, scopes: string[], nonce: string | undefined) {
    const u = users.get(userId)!
    const now = Math.floor(clock.now() / 1000)
    const jwt = await new SignJWT({
      amr: ['pwd'],
      ...(nonce ? { nonce } : {}),
      ...(scopes.includes('profile') ? { name: u.displayName, picture: u.pictureUrl } : {}),
      ...(scopes.includes('email') && u.email ? { email: u.email } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(LINE_ISSUER)
      .setSubject(userId)
      .setAudience(client.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(client.channelSecret))
    return handle.tamperIdToken ? handle.tamperIdToken(jwt) : jwt
  }

  /** API #issue-access-token: client_id and client_secret in the form body. */
  function authenticate(p: URLSearchParams): LineClient | undefined {
    const client = clients.get(p.get('client_id') ?? '')
    return client && safeEqual(p.get('client_secret') ?? '', client.channelSecret) ? client : undefined
  }

  async function token(req: EmuRequest): Promise<EmuResponse> {
    if (req.contentType !== 'application/x-www-form-urlencoded')
      return fail(400, 'invalid_request', 'form body required')
    const p = formBody(req)
    const client = authenticate(p)
    if (!client) return fail(400, 'invalid_client', 'invalid client')
    const now = clock.now()
    if (p.get('grant_type') === 'refresh_token') {
      // API #refresh-access-token: a new access token and the same refresh token; no ID token.
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', now)
      if (!rt || rt.clientId !== client.clientId) return fail(400, 'invalid_grant', 'invalid refresh token')
      const { access } = issuePair(state, now, rt, ACCESS_TTL * 1000, null)
      return json(200, {
        token_type: 'Bearer',
        scope: rt.scopes.join(' '),
        access_token: access.token,
        expires_in: ACCESS_TTL,
        refresh_token: rt.token,
      })
    }
    if (p.get('grant_type') !== 'authorization_code')
      return fail(400, 'unsupported_grant_type', 'unsupported grant_type')
    const code = redeemableCode(state, now, p.get('code'), client.clientId, p.get('redirect_uri'))
    if (!code) return fail(400, 'invalid_grant', 'invalid authorization code')
    if (code.codeChallenge !== undefined) {
      const verifier = p.get('code_verifier')
      if (!verifier || !pkceMatches(verifier, code.codeChallenge, code.codeChallengeMethod)) {
        return fail(400, 'invalid_grant', 'invalid code_verifier')
      }
    }
    code.used = true
    const { access, refresh } = issuePair(state, now, code, ACCESS_TTL * 1000, 90 * 86400 * 1000)
    return json(200, {
      access_token: access.token,
      expires_in: ACCESS_TTL,
      ...(code.scopes.includes('openid')
        ? { id_token: await idToken(client, code.userId, code.scopes, code.extra['nonce']) }
        : {}),
      refresh_token: refresh!.token,
      scope: code.scopes.join(' '),
      token_type: 'Bearer',
    })
  }

  // API #revoke-access-token: access_token, client_id, client_secret; 200 with an empty body.
  function revokeToken(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    const client = authenticate(p)
    if (!client) return fail(400, 'invalid_client', 'invalid client')
    const t = state.tokens.get(p.get('access_token') ?? '')
    if (t && t.clientId === client.clientId) revokeGrant(state, t.grantId)
    return empty(200)
  }

  // API #get-user-profile: Bearer token with the profile scope.
  function profile(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', clock.now())
    if (!t) return json(401, { message: 'invalid token' })
    if (!t.scopes.includes('profile')) return json(403, { message: 'Not allowed to use this API' })
    const { email: _email, ...u } = users.get(t.userId)!
    return json(200, u)
  }

  const server = await startServer(
    [
      {
        method: 'GET',
        path: '/.well-known/openid-configuration',
        handler: () =>
          json(200, {
            issuer: LINE_ISSUER,
            authorization_endpoint: `${LINE_ISSUER}/oauth2/v2.1/authorize`,
            token_endpoint: `${LINE_API}/oauth2/v2.1/token`,
            revocation_endpoint: `${LINE_API}/oauth2/v2.1/revoke`,
            userinfo_endpoint: `${LINE_API}/oauth2/v2.1/userinfo`,
            scopes_supported: ['openid', 'email', 'profile'],
            jwks_uri: `${LINE_API}/oauth2/v2.1/certs`,
            response_types_supported: ['code'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['ES256'],
            code_challenge_methods_supported: ['S256'],
          }),
      },
      { method: 'GET', path: '/oauth2/v2.1/authorize', handler: authorize },
      { method: 'POST', path: '/oauth2/v2.1/token', handler: token },
      { method: 'POST', path: '/oauth2/v2.1/revoke', handler: revokeToken },
      // The web login's ID tokens are HS256; the certs hold only the native apps' ES256 keys.
      { method: 'GET', path: '/oauth2/v2.1/certs', handler: () => json(200, { keys: [] }) },
      { method: 'GET', path: '/v2/profile', handler: profile },
    ],
    state.requests,
  )
  return Object.assign(handle, emulatorHandle(server, { state, ...parts }))
}
