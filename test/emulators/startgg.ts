// start.gg emulator: start.gg/oauth/authorize, api.start.gg/oauth/{access_token,refresh} and the
// GraphQL endpoint api.start.gg/gql/alpha (currentUser), on one origin. Written from developer.start.gg:
// OAUTH = https://developer.start.gg/docs/oauth/oauth-overview
// EXAMPLE = https://developer.start.gg/docs/oauth/example-oauth-flow
// REFRESH = https://developer.start.gg/docs/oauth/refresh-token
// SCOPES = https://developer.start.gg/docs/oauth/scopes
// AUTH = https://developer.start.gg/docs/authentication
// USER = https://developer.start.gg/reference/user.doc
import { authToken, formBody, jsonBody } from './lib/body.js'
import { codeFlow, type FlowClient, rfcTokenError } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts, splitScopes } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState } from './lib/state.js'

export const STARTGG_WWW = 'https://start.gg'
export const STARTGG_API = 'https://api.start.gg'

export interface StartggUser {
  id: number
  slug: string
  name: string | null
  email: string | null
  player: { gamerTag: string } | null
  images: { type: string; url: string }[]
}

export type StartggEmulator = Emulator<StartggUser, FlowClient>

/** OAUTH documents no error body. */
const fail = rfcTokenError

export async function startStartggEmulator(
  opts: { users?: StartggUser[]; clients?: FlowClient[] } = {},
): Promise<StartggEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => String(u.id), opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    // OAUTH: scopes separated by URL-encoded spaces.
    scopeSeparator: / +/,
    // OAUTH: only the authorization code grant, no PKCE parameters.
    pkce: { methods: [], required: false },
    // EXAMPLE: expires_in 604800.
    accessTtl: 604800,
    refreshTtl: undefined,
    rotate: true,
    // EXAMPLE: { token_type, expires_in, access_token, refresh_token }, no scope.
    answer: ({ scope: _scope, ...body }) => json(200, body),
    fail,
  })

  /**
   * OAUTH / REFRESH: the token URLs take client_id, client_secret, grant_type, redirect_uri and
   * `scope` again, which must name scopes of the grant. EXAMPLE sends JSON; form bodies are
   * accepted too (the truncated OAUTH sentence on the content type is not a documented refusal).
   */
  function params(req: EmuRequest, grantType: string): URLSearchParams | EmuResponse {
    const j = jsonBody(req)
    const p = j ? new URLSearchParams(Object.entries(j).map(([k, v]) => [k, String(v)])) : formBody(req)
    if (p.get('grant_type') !== grantType) return fail('unsupported_grant_type', `grant_type=${grantType}`)
    const requested = splitScopes(p.get('scope'), / +/)
    if (requested.length === 0) return fail('invalid_request', 'scope is required')
    const granted =
      grantType === 'refresh_token'
        ? state.tokens.get(p.get('refresh_token') ?? '')?.scopes
        : state.codes.get(p.get('code') ?? '')?.scopes
    if (granted && !requested.every((s) => granted.includes(s))) {
      return fail('invalid_scope', 'scope exceeds the grant')
    }
    return p
  }

  const tokenAt =
    (grantType: string) =>
    (req: EmuRequest): EmuResponse => {
      const p = params(req, grantType)
      return p instanceof URLSearchParams ? flow.token(p) : p
    }

  // AUTH / USER: Bearer token; the query must ask for currentUser; email needs user.email (SCOPES).
  function gql(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return json(401, { success: false, message: 'Invalid authentication token' })
    const query = jsonBody(req)?.['query']
    if (typeof query !== 'string' || !/\bcurrentUser\b/.test(query)) {
      return json(400, { errors: [{ message: 'This emulator answers currentUser queries only' }] })
    }
    if (!t.scopes.includes('user.identity')) {
      return json(200, { data: { currentUser: null }, errors: [{ message: 'Missing scope user.identity' }] })
    }
    const u = parts.users.get(t.userId)!
    return json(200, {
      data: { currentUser: { ...u, email: t.scopes.includes('user.email') ? u.email : null } },
    })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/oauth/authorize', handler: flow.authorize },
      { method: 'POST', path: '/oauth/access_token', handler: tokenAt('authorization_code') },
      { method: 'POST', path: '/oauth/refresh', handler: tokenAt('refresh_token') },
      { method: 'POST', path: '/gql/alpha', handler: gql },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
