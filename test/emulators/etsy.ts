// Etsy Open API v3 emulator: www.etsy.com/oauth/connect, api.etsy.com/v3/public/oauth/token and
// openapi.etsy.com/v3/application/users/{me,{user_id}}, on one origin. Written from developers.etsy.com:
// AUTH = https://developers.etsy.com/documentation/essentials/authentication/
// REQUESTS = https://developers.etsy.com/documentation/essentials/requests/
// GET_ME = https://developers.etsy.com/documentation/reference/#operation/getMe
// GET_USER = https://developers.etsy.com/documentation/reference/#operation/getUser
import { authToken, formBody } from './lib/body.js'
import { codeFlow, rfcTokenError } from './lib/code-flow.js'
import { type Emulator, emulatorHandle, emulatorParts } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, startServer } from './lib/server.js'
import { type EmulatorState, liveToken, newState, safeEqual } from './lib/state.js'

export const ETSY_WWW = 'https://www.etsy.com'
export const ETSY_API = 'https://api.etsy.com'
export const ETSY_OPENAPI = 'https://openapi.etsy.com'

export interface EtsyUser {
  user_id: number
  shop_id: number | null
  primary_email: string
  first_name: string | null
  last_name: string | null
  image_url_75x75: string | null
}

/** AUTH: an app is its keystring (the OAuth client_id) and shared secret; no secret in OAuth calls. */
export interface EtsyApp {
  clientId: string
  sharedSecret: string
  redirectUris: string[]
}

export type EtsyEmulator = Emulator<EtsyUser, EtsyApp>

/** REQUESTS: API errors are `{ error }`. */
const apiError = (status: number, error: string): EmuResponse => json(status, { error })

export async function startEtsyEmulator(
  opts: { users?: EtsyUser[]; apps?: EtsyApp[] } = {},
): Promise<EtsyEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => String(u.user_id), opts.apps)
  const flow = codeFlow({
    ...parts,
    state,
    // AUTH: scopes are space-separated.
    scopeSeparator: / +/,
    // AUTH: code_challenge with code_challenge_method=S256 is required.
    pkce: { methods: ['S256'], required: true },
    // AUTH: access tokens last 3600 s, refresh tokens 90 days.
    accessTtl: 3600,
    refreshTtl: 90 * 24 * 3600,
    rotate: true,
    // AUTH: { access_token, token_type, expires_in, refresh_token }.
    answer: ({ scope: _scope, ...body }) => json(200, body),
    // AUTH: errors are { error, error_description }.
    fail: rfcTokenError,
  })

  // AUTH: state is required on the authorization request.
  function authorize(req: EmuRequest): EmuResponse {
    if (!req.url.searchParams.get('state'))
      return json(400, { error: 'invalid_request', error_description: 'state' })
    return flow.authorize(req)
  }

  // AUTH: the token request carries client_id (the keystring), never a secret.
  function token(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    if (p.has('client_secret') || req.headers['authorization']) {
      return rfcTokenError('invalid_request', 'public clients send no secret')
    }
    return flow.token(p)
  }

  /**
   * AUTH / REQUESTS: every call carries `x-api-key: keystring:shared_secret` (the keystring alone is
   * refused) and, for OAuth endpoints, the Bearer token issued to that same app.
   */
  function caller(req: EmuRequest, scope: string) {
    const key = req.headers['x-api-key']
    if (!key) return apiError(403, 'Missing x-api-key header')
    const app = [...parts.clients.values()].find((a) => safeEqual(key, `${a.clientId}:${a.sharedSecret}`))
    if (!app) return apiError(403, "Invalid API key: should be in the format 'keystring:shared_secret'")
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', parts.clock.now())
    if (!t || t.clientId !== app.clientId) return apiError(401, 'invalid_token')
    if (!t.scopes.includes(scope)) return apiError(403, `Missing required scope ${scope}`)
    return t
  }

  // GET_ME: the token's user id and shop id (shops_r).
  function me(req: EmuRequest): EmuResponse {
    const t = caller(req, 'shops_r')
    if ('status' in t) return t
    const u = parts.users.get(t.userId)!
    return json(200, { user_id: u.user_id, shop_id: u.shop_id })
  }

  // GET_USER: primary_email only for the token's own user and with email_r.
  function user(req: EmuRequest, [id]: string[]): EmuResponse {
    const t = caller(req, 'shops_r')
    if ('status' in t) return t
    const u = parts.users.get(id!)
    if (!u) return apiError(404, 'User not found')
    const own = t.userId === id && t.scopes.includes('email_r')
    return json(200, { ...u, primary_email: own ? u.primary_email : null })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/oauth/connect', handler: authorize },
      { method: 'POST', path: '/v3/public/oauth/token', handler: token },
      { method: 'GET', path: '/v3/application/users/me', handler: me },
      { method: 'GET', path: /^\/v3\/application\/users\/(\d+)$/, handler: user },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
