// TikTok Login Kit emulator: www.tiktok.com/v2/auth/authorize/ and open.tiktokapis.com
// (/v2/oauth/token/, /v2/oauth/revoke/, /v2/user/info/) on one origin. Written from
// developers.tiktok.com:
// WEB = https://developers.tiktok.com/doc/login-kit-web
// TOKENS = https://developers.tiktok.com/doc/oauth-user-access-token-management
// SCOPES = https://developers.tiktok.com/doc/tiktok-api-scopes
// USER_INFO = https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
// OAUTH_ERRORS = https://developers.tiktok.com/doc/oauth-error-handling
// API_ERRORS = https://developers.tiktok.com/doc/tiktok-api-v2-error-handling (code and HTTP status)
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

export const TIKTOK_WEB = 'https://www.tiktok.com'
export const TIKTOK_API = 'https://open.tiktokapis.com'
const ACCESS_TTL = 86400 // TOKENS: expires_in 24 hours
const REFRESH_TTL = 31536000 // TOKENS: refresh_expires_in 365 days

export interface TiktokUser {
  open_id: string
  union_id: string
  display_name: string
  avatar_url: string
  username: string
}

export interface TiktokClient {
  /** TikTok calls the client id the client key. */
  clientKey: string
  clientSecret: string
  redirectUris: string[]
}

export type TiktokEmulator = Emulator<TiktokUser, TiktokClient & { clientId: string }>

/** USER_INFO: which scope each field needs. */
const FIELD_SCOPES: Record<keyof TiktokUser, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  display_name: 'user.info.basic',
  avatar_url: 'user.info.basic',
  username: 'user.info.profile',
}
const SCOPES = new Set(['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'])

/** OAUTH_ERRORS: `{ error, error_description, log_id }`; the HTTP status is not documented (400 here). */
const fail = (error: string, error_description: string): EmuResponse =>
  json(400, { error, error_description, log_id: 'emulator' })

export async function startTiktokEmulator(
  opts: { users?: TiktokUser[]; clients?: TiktokClient[] } = {},
): Promise<TiktokEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(
    opts.users,
    (u) => u.open_id,
    (opts.clients ?? []).map((c) => ({ ...c, clientId: c.clientKey })),
  )
  const { users, clients, login, clock } = parts

  // WEB: client_key (not client_id), comma-separated scope, redirect_uri, state, response_type=code.
  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    if (q.has('client_id') && !q.has('client_key')) return html(400, '<p>client_key is required</p>')
    const client = clients.get(q.get('client_key') ?? '')
    const back = q.get('redirect_uri') ?? ''
    if (!client?.redirectUris.includes(back)) return html(400, '<p>redirect_uri mismatch</p>')
    const st = q.get('state') ?? undefined
    const raw = q.get('scope') ?? ''
    const scopes = splitScopes(raw, /,/)
    // Scopes are separated by commas; a space means one unknown scope.
    if (q.get('response_type') !== 'code' || scopes.length === 0 || scopes.some((s) => !SCOPES.has(s))) {
      return redirect(back, { error: 'invalid_scope', error_description: `scope "${raw}"`, state: st })
    }
    const who = performLogin(login, users)
    if (!who.ok) return redirect(back, { error: 'access_denied', state: st })
    const code = issueCode(state, clock.now(), 10 * 60 * 1000, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: back,
      scopes,
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
    })
    return redirect(back, { code, scopes: scopes.join(','), state: st })
  }

  /** TOKENS: client_key and client_secret in the form body. */
  function authenticate(p: URLSearchParams) {
    const client = clients.get(p.get('client_key') ?? '')
    return client && safeEqual(p.get('client_secret') ?? '', client.clientSecret) ? client : undefined
  }

  function token(req: EmuRequest): EmuResponse {
    if (req.contentType !== 'application/x-www-form-urlencoded')
      return fail('invalid_request', 'form body required')
    const p = formBody(req)
    if (!p.has('client_key')) return fail('invalid_request', 'client_key is required')
    const client = authenticate(p)
    if (!client) return fail('invalid_client', 'client_key or client_secret is invalid')
    const now = clock.now()
    let grant: { userId: string; scopes: string[] }
    if (p.get('grant_type') === 'refresh_token') {
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', now)
      if (!rt || rt.clientId !== client.clientId) return fail('invalid_grant', 'refresh token is invalid')
      revokeGrant(state, rt.grantId)
      grant = rt
    } else if (p.get('grant_type') === 'authorization_code') {
      const code = redeemableCode(state, now, p.get('code'), client.clientId, p.get('redirect_uri'))
      if (!code) return fail('invalid_grant', 'authorization code is invalid')
      if (code.codeChallenge !== undefined) {
        const v = p.get('code_verifier')
        if (!v || !pkceMatches(v, code.codeChallenge, code.codeChallengeMethod)) {
          return fail('invalid_grant', 'code_verifier is invalid')
        }
      }
      code.used = true
      grant = code
    } else {
      return fail('unsupported_grant_type', 'grant_type is invalid')
    }
    const pair = issuePair(
      state,
      now,
      { ...grant, clientId: client.clientId },
      ACCESS_TTL * 1000,
      REFRESH_TTL * 1000,
    )
    return json(200, {
      access_token: pair.access.token,
      expires_in: ACCESS_TTL,
      open_id: grant.userId,
      refresh_expires_in: REFRESH_TTL,
      refresh_token: pair.refresh!.token,
      scope: grant.scopes.join(','),
      token_type: 'Bearer',
    })
  }

  function revokeToken(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    const client = authenticate(p)
    if (!client) return fail('invalid_client', 'client_key or client_secret is invalid')
    const t = state.tokens.get(p.get('token') ?? '')
    if (t && t.clientId === client.clientId) revokeGrant(state, t.grantId)
    return empty(200)
  }

  /**
   * USER_INFO: `fields` is required; each needs its scope; `{ data: { user }, error: { code } }`.
   * API_ERRORS: access_token_invalid 401, invalid_params 400, scope_not_authorized 401.
   */
  function userInfo(req: EmuRequest): EmuResponse {
    const apiError = (status: number, code: string, message: string) =>
      json(status, { data: {}, error: { code, message, log_id: 'emulator' } })
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', clock.now())
    if (!t)
      return apiError(401, 'access_token_invalid', 'The access token is invalid or not found in the request.')
    const fields = splitScopes(req.url.searchParams.get('fields'), /,/) as (keyof TiktokUser)[]
    if (fields.length === 0 || fields.some((f) => !(f in FIELD_SCOPES))) {
      return apiError(400, 'invalid_params', 'fields is required and must name user fields')
    }
    if (fields.some((f) => !t.scopes.includes(FIELD_SCOPES[f]))) {
      return apiError(
        401,
        'scope_not_authorized',
        'The user did not authorize the scope required for a field.',
      )
    }
    const u = users.get(t.userId)!
    const user = Object.fromEntries(fields.map((f) => [f, u[f]]))
    return json(200, { data: { user }, error: { code: 'ok', message: '', log_id: 'emulator' } })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/v2/auth/authorize/', handler: authorize },
      { method: 'POST', path: '/v2/oauth/token/', handler: token },
      { method: 'POST', path: '/v2/oauth/revoke/', handler: revokeToken },
      { method: 'GET', path: '/v2/user/info/', handler: userInfo },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
