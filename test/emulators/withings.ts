// Withings emulator: account.withings.com/oauth2_user/authorize2 and wbsapi.withings.net
// (/v2/oauth2 with action=requesttoken, /v2/user with action=getdevice), on one origin.
// Written from developer.withings.com:
// AUTH = https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-authorize
// TOKEN = https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken
// RESPONSE = https://developer.withings.com/api-reference/#section/Response-status
// DEVICES = https://developer.withings.com/api-reference/#tag/user/operation/userv2-getdevice
import { authToken, formBody } from './lib/body.js'
import { codeFlow, type FlowClient } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState } from './lib/state.js'

export const WITHINGS_ACCOUNT = 'https://account.withings.com'
export const WITHINGS_API = 'https://wbsapi.withings.net'

export interface WithingsDevice {
  type: string
  model: string
  model_id: number
  deviceid: string
  battery?: string
}

export interface WithingsUser {
  userid: string
  devices: WithingsDevice[]
}

export type WithingsEmulator = Emulator<WithingsUser, FlowClient>

/**
 * RESPONSE: every answer is HTTP 200 with `{ status, body }`; status 0 is success, anything else an
 * error with an `error` message (401 authentication failed, 503 invalid params).
 */
const envelope = (status: number, body: unknown, error?: string): EmuResponse =>
  json(200, { status, body, ...(error ? { error } : {}) })

export async function startWithingsEmulator(
  opts: { users?: WithingsUser[]; clients?: FlowClient[] } = {},
): Promise<WithingsEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.userid, opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    // AUTH: scopes are comma-separated (user.info,user.metrics,user.activity).
    scopeSeparator: /,/,
    pkce: undefined,
    accessTtl: 10800, // TOKEN: expires_in 3 hours
    refreshTtl: 365 * 86400,
    rotate: true,
    answer: (body, access) => envelope(0, { userid: access.userId, ...body, scope: access.scopes.join(',') }),
    fail: (error, message) =>
      envelope(error === 'invalid_client' ? 401 : 503, {}, `Invalid Params: ${message}`),
  })

  // TOKEN: the endpoint serves several actions; getting a token is action=requesttoken.
  function token(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    if (p.get('action') !== 'requesttoken') return envelope(503, {}, 'Invalid Params: action')
    return flow.token(p)
  }

  // DEVICES: GET /v2/user?action=getdevice with a Bearer token.
  function user(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return envelope(401, {}, 'invalid_token: The access token provided is invalid')
    const action = req.url.searchParams.get('action') ?? formBody(req).get('action')
    if (action !== 'getdevice') return envelope(503, {}, 'Invalid Params: action')
    return envelope(0, { devices: parts.users.get(t.userId)!.devices })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/oauth2_user/authorize2', handler: flow.authorize },
      { method: 'POST', path: '/v2/oauth2', handler: token },
      { method: ['GET', 'POST'], path: '/v2/user', handler: user },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
