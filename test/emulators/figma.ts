// Figma emulator: www.figma.com/oauth, api.figma.com/v1/oauth/{token,refresh} and GET /v1/me, on one
// origin. Written from developers.figma.com:
// OAUTH = https://developers.figma.com/docs/rest-api/oauth-apps/
// SCOPES = https://developers.figma.com/docs/rest-api/scopes/
// ME = https://developers.figma.com/docs/rest-api/users-endpoints/#get-me
import { authToken, basicAuth, formBody } from './lib/body.js'
import { codeFlow, type FlowClient, rfcTokenError } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState } from './lib/state.js'

export const FIGMA_WWW = 'https://www.figma.com'
export const FIGMA_API = 'https://api.figma.com'

export interface FigmaUser {
  id: string
  handle: string
  img_url: string
  email: string
}

export type FigmaEmulator = Emulator<FigmaUser, FlowClient>

/** OAUTH documents no error body. */
const fail = rfcTokenError

export async function startFigmaEmulator(
  opts: { users?: FigmaUser[]; clients?: FlowClient[] } = {},
): Promise<FigmaEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.id, opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    // SCOPES: space- or comma-separated.
    scopeSeparator: /[ ,]+/,
    // OAUTH: PKCE is optional, S256 only.
    pkce: { methods: ['S256'], required: false },
    // OAUTH: access tokens last 90 days; refresh tokens do not expire until revoked.
    accessTtl: 90 * 24 * 3600,
    refreshTtl: undefined,
    rotate: false,
    // OAUTH: the token answer names the user (`user_id_string`); the refresh answer carries the new
    // access token and its lifetime only, the refresh token stays.
    answer: (body, grant, grantType) =>
      grantType === 'refresh_token'
        ? json(200, {
            access_token: body['access_token'],
            token_type: 'bearer',
            expires_in: body['expires_in'],
          })
        : json(200, { ...body, user_id_string: grant.userId }),
    fail,
  })

  /** OAUTH: the client id and secret in an HTTP Basic header (body credentials are refused). */
  function credentials(req: EmuRequest): URLSearchParams | EmuResponse {
    const b = basicAuth(req)
    const p = formBody(req)
    if (!b || p.has('client_secret')) return fail('invalid_client', 'Use HTTP Basic client authentication')
    p.set('client_id', b.id)
    p.set('client_secret', b.secret)
    return p
  }

  // OAUTH: /v1/oauth/token exchanges codes only; refreshing has its own endpoint.
  function token(req: EmuRequest): EmuResponse {
    const p = credentials(req)
    if (!(p instanceof URLSearchParams)) return p
    if (p.get('grant_type') !== 'authorization_code') {
      return fail('unsupported_grant_type', 'Refresh tokens at /v1/oauth/refresh')
    }
    return flow.token(p)
  }

  function refresh(req: EmuRequest): EmuResponse {
    const p = credentials(req)
    if (!(p instanceof URLSearchParams)) return p
    if (p.get('grant_type') !== 'refresh_token')
      return fail('unsupported_grant_type', 'grant_type=refresh_token')
    return flow.token(p)
  }

  // ME: the token's user; needs current_user:read.
  function me(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return json(403, { status: 403, err: 'Invalid token' })
    if (!t.scopes.includes('current_user:read')) return json(403, { status: 403, err: 'Invalid scope' })
    return json(200, parts.users.get(t.userId)!)
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/oauth', handler: flow.authorize },
      { method: 'POST', path: '/v1/oauth/token', handler: token },
      { method: 'POST', path: '/v1/oauth/refresh', handler: refresh },
      { method: 'GET', path: '/v1/me', handler: me },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
