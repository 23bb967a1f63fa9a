// Kick emulator: id.kick.com/oauth/{authorize,token,revoke} and api.kick.com/public/v1/users, on
// one origin. Written from docs.kick.com:
// FLOW = https://docs.kick.com/getting-started/generating-tokens-oauth2-flow
// SCOPES = https://docs.kick.com/getting-started/scopes
// USERS = https://docs.kick.com/apis/users
import { authToken, formBody } from './lib/body.js'
import { codeFlow, type FlowClient } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState, revokeGrant } from './lib/state.js'

export const KICK_ID = 'https://id.kick.com'
export const KICK_API = 'https://api.kick.com'

export interface KickUser {
  user_id: number
  name: string
  email: string
  profile_picture: string
}

export type KickEmulator = Emulator<KickUser, FlowClient>

/** FLOW does not document error bodies: RFC 6749 §5.2 JSON, 400 (401 for the client). */
const fail = (error: string, error_description: string): EmuResponse =>
  json(error === 'invalid_client' ? 401 : 400, { error, error_description })

export async function startKickEmulator(
  opts: { users?: KickUser[]; clients?: FlowClient[] } = {},
): Promise<KickEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => String(u.user_id), opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    scopeSeparator: / +/,
    // FLOW: code_challenge and code_challenge_method=S256 are required.
    pkce: { methods: ['S256'], required: true },
    accessTtl: 3600,
    refreshTtl: undefined,
    rotate: true,
    answer: (body) => json(200, body),
    fail,
  })

  // FLOW: the token and its hint are query parameters; no client authentication.
  function revokeToken(req: EmuRequest): EmuResponse {
    const token = req.url.searchParams.get('token')
    if (!token) return fail('invalid_request', 'token is required in the query')
    const t = state.tokens.get(token)
    if (t) revokeGrant(state, t.grantId)
    return json(200, {})
  }

  // USERS: the token's own user in `data`, `email` only with user:read.
  function users(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return json(401, { data: {}, message: 'Unauthorized' })
    if (!t.scopes.includes('user:read')) return json(403, { data: {}, message: 'Forbidden' })
    const u = parts.users.get(t.userId)!
    return json(200, { data: [u], message: 'OK' })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/oauth/authorize', handler: flow.authorize },
      { method: 'POST', path: '/oauth/token', handler: (req) => flow.token(formBody(req)) },
      { method: 'POST', path: '/oauth/revoke', handler: revokeToken },
      { method: 'GET', path: '/public/v1/users', handler: users },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
