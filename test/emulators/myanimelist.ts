// MyAnimeList API v2 OAuth emulator: myanimelist.net/v1/oauth2/{authorize,token} and
// api.myanimelist.net/v2/users/@me, on one origin. Written from myanimelist.net:
// AUTH = https://myanimelist.net/apiconfig/references/authorization
// USER = https://myanimelist.net/apiconfig/references/api/v2#operation/users_user_id_get
import { authToken, formBody } from './lib/body.js'
import { codeFlow, type FlowClient } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState } from './lib/state.js'

export const MAL_WEB = 'https://myanimelist.net'
export const MAL_API = 'https://api.myanimelist.net'

export interface MalUser {
  id: number
  name: string
  picture?: string
  joined_at: string
}

export type MalEmulator = Emulator<MalUser, FlowClient>

/** AUTH: errors are `{ error, message }` (the League OAuth 2 server's shape), 401 for the client. */
const fail = (error: string, message: string): EmuResponse =>
  json(error === 'invalid_client' ? 401 : 400, { error, message })

export async function startMalEmulator(
  opts: { users?: MalUser[]; clients?: FlowClient[] } = {},
): Promise<MalEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => String(u.id), opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    scopeSeparator: / +/,
    // AUTH: "Currently, only the plain method is supported", and a code_challenge is required.
    pkce: { methods: ['PLAIN'], required: true },
    accessTtl: 2678400, // AUTH sample: 31 days
    refreshTtl: undefined,
    rotate: true,
    answer: (body) =>
      json(200, {
        token_type: body['token_type'],
        expires_in: body['expires_in'],
        access_token: body['access_token'],
        refresh_token: body['refresh_token'],
      }),
    fail,
  })

  // USER: GET /v2/users/@me with a Bearer token.
  function me(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return json(401, { error: 'invalid_token' })
    return json(200, parts.users.get(t.userId))
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/v1/oauth2/authorize', handler: flow.authorize },
      { method: 'POST', path: '/v1/oauth2/token', handler: (req) => flow.token(formBody(req)) },
      { method: 'GET', path: '/v2/users/@me', handler: me },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
