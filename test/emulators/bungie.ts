// Bungie.net emulator: www.bungie.net/en/OAuth/Authorize, /Platform/App/OAuth/token/ and
// GET /Platform/User/GetMembershipsForCurrentUser/, on one origin. Written from Bungie's docs:
// OAUTH = https://github.com/Bungie-net/api/wiki/OAuth-Documentation
// SCHEMES = https://bungie-net.github.io/#/components/securitySchemes
// MEMBERSHIPS = https://bungie-net.github.io/#User.GetMembershipsForCurrentUser
// ERRORS = https://bungie-net.github.io/#/components/schemas/Exceptions.PlatformErrorCodes
import { authToken, basicAuth, formBody } from './lib/body.js'
import { codeFlow, type FlowClient, rfcTokenError } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, html, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState, safeEqual } from './lib/state.js'

export const BUNGIE_WWW = 'https://www.bungie.net'

/** The answer of GetMembershipsForCurrentUser for this user (UserMembershipData). */
export interface BungieUser {
  bungieNetUser: {
    membershipId: string
    uniqueName: string
    displayName: string
    profilePicturePath?: string
  }
  destinyMemberships: { membershipType: number; membershipId: string; displayName: string }[]
}

/** OAUTH: the portal issues a client id, a client secret (confidential clients) and an API key. */
export interface BungieClient extends FlowClient {
  apiKey: string
}

export type BungieEmulator = Emulator<BungieUser, BungieClient>

/** OAUTH documents no error body. */
const fail = rfcTokenError

/** ERRORS: every Platform answer is the envelope; failures carry their ErrorCode and ErrorStatus. */
const platform = (status: number, ErrorCode: number, ErrorStatus: string, Response?: unknown): EmuResponse =>
  json(status, {
    Response,
    ErrorCode,
    ThrottleSeconds: 0,
    ErrorStatus,
    Message: ErrorStatus,
    MessageData: {},
  })

export async function startBungieEmulator(
  opts: { users?: BungieUser[]; clients?: BungieClient[] } = {},
): Promise<BungieEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.bungieNetUser.membershipId, opts.clients)
  const flow = codeFlow({
    ...parts,
    state,
    scopeSeparator: / +/,
    // OAUTH: no PKCE.
    pkce: { methods: [], required: false },
    // OAUTH: access tokens 3600 s, refresh tokens 90 days; a refresh issues a new pair.
    accessTtl: 3600,
    refreshTtl: 7776000,
    rotate: true,
    // OAUTH: the answer adds refresh_expires_in and the Bungie.net membership_id.
    answer: ({ scope: _scope, ...body }, grant) =>
      json(200, { ...body, refresh_expires_in: 7776000, membership_id: grant.userId }),
    fail,
  })

  // OAUTH: the scope is chosen in the portal; a `scope` parameter must be omitted.
  function authorize(req: EmuRequest): EmuResponse {
    if (req.url.searchParams.has('scope')) return html(400, '<p>scope must not be sent</p>')
    return flow.authorize(req)
  }

  // OAUTH: the client secret is the client password of RFC 6749 §2.3.1 (Basic, or the body).
  function token(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    if (p.has('scope')) return fail('invalid_request', 'scope must not be sent')
    const b = basicAuth(req)
    if (b) {
      if (p.has('client_secret')) return fail('invalid_request', 'two client authentication methods')
      p.set('client_id', b.id)
      p.set('client_secret', b.secret)
    }
    return flow.token(p)
  }

  // SCHEMES: every Platform call needs the app's key in X-API-Key; OAuth ones the Bearer token too.
  function memberships(req: EmuRequest): EmuResponse {
    const key = req.headers['x-api-key']
    if (!key) return platform(401, 2101, 'ApiKeyMissingFromRequest')
    const app = [...parts.clients.values()].find((c) => safeEqual(key, c.apiKey))
    if (!app) return platform(401, 2102, 'ApiInvalidOrExpiredKey')
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t) return platform(401, 99, 'WebAuthRequired')
    // OAUTH: the API key, client id and secret are linked; another app's key does not go with the token.
    if (t.clientId !== app.clientId) return platform(401, 2102, 'ApiInvalidOrExpiredKey')
    return platform(200, 1, 'Success', parts.users.get(t.userId)!)
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/en/OAuth/Authorize', handler: authorize },
      { method: 'POST', path: '/Platform/App/OAuth/token/', handler: token },
      { method: 'GET', path: '/Platform/User/GetMembershipsForCurrentUser/', handler: memberships },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
