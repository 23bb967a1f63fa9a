// VK legacy emulator: oauth.vk.com (Authorization Code Flow for users) and api.vk.com/method on one
// origin. Written from dev.vk.com: "Authorization Code Flow", "Access rights" (scope names and
// bit masks), "API requests" (v is mandatory; {"response": …}) and "Errors" ({"error": {error_code,
// error_msg, request_params}} with HTTP 200).
import { authToken, queryAndForm } from './lib/body.js'
import { type Emulator, performLogin, splitScopes } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, json, redirect, startServer } from './lib/server.js'
import { addToken, Clock, type EmulatorState, mint, newState, safeEqual } from './lib/state.js'

export interface VkUser {
  id: number
  first_name: string
  last_name: string
  photo_200?: string
  photo_100?: string
  screen_name?: string
  sex?: 0 | 1 | 2
  bdate?: string
  /** Returned in the token response when the email scope was granted. */
  email?: string
}

export interface VkClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export interface VkLegacyEmulatorOptions {
  users?: VkUser[]
  clients?: VkClient[]
  /** id of the user the fake login approves (default: the first user). */
  loginAs?: number
}

export type VkLegacyEmulator = Emulator<VkUser, VkClient>

/** Access rights by name and bit (dev.vk.com "Access rights"). */
export const VK_SCOPE_BITS: Record<string, number> = {
  notify: 1,
  friends: 2,
  photos: 4,
  audio: 8,
  video: 16,
  stories: 64,
  pages: 128,
  menu: 256,
  status: 1024,
  notes: 2048,
  messages: 4096,
  wall: 8192,
  ads: 32768,
  offline: 65536,
  docs: 131072,
  groups: 262144,
  notifications: 524288,
  stats: 1048576,
  email: 4194304,
  market: 134217728,
  phone_number: 268435456,
}
export const VK_TOKEN_TTL = 86400
const CODE_TTL_MS = 60 * 60 * 1000
const MIN_VERSION = '5.81'

/** API versions compare as major.minor integers: 5.131 is newer than 5.81. */
function versionAtLeast(v: string, min: string): boolean {
  const parse = (x: string) => x.split('.').map((n) => Number.parseInt(n, 10))
  const [a = Number.NaN, b = 0] = parse(v)
  const [c = 0, d = 0] = parse(min)
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  return a !== c ? a > c : b >= d
}

/** scope is a comma list of names or one decimal bit mask; unknown names are ignored. */
export function parseVkScope(scope: string | null): string[] {
  if (scope && /^\d+$/.test(scope.trim())) {
    const mask = Number(scope)
    return Object.entries(VK_SCOPE_BITS)
      .filter(([, bit]) => (mask & bit) !== 0)
      .map(([n]) => n)
  }
  return splitScopes(scope, /[\s,]+/).filter((s) => s in VK_SCOPE_BITS)
}

export async function startVkLegacyEmulator(opts: VkLegacyEmulatorOptions = {}): Promise<VkLegacyEmulator> {
  const state: EmulatorState = newState()
  const clock = new Clock()
  const users = new Map((opts.users ?? []).map((u) => [String(u.id), u]))
  const clients = new Map((opts.clients ?? []).map((c) => [c.clientId, c]))
  const login: VkLegacyEmulator['login'] = {
    userId: opts.loginAs === undefined ? undefined : String(opts.loginAs),
    decision: 'approve',
  }
  const oauthErr = (status: number, error: string, error_description: string) =>
    json(status, { error, error_description })

  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    if (!client) return oauthErr(401, 'invalid_client', 'client_id is incorrect')
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!client.redirectUris.includes(redirectUri)) {
      return oauthErr(
        400,
        'invalid_request',
        'redirect_uri is incorrect, check application domain in the settings page',
      )
    }
    const st = q.get('state') ?? undefined
    if (q.get('response_type') !== 'code') {
      return oauthErr(400, 'unsupported_response_type', 'response_type is incorrect')
    }
    const who = performLogin(login, users)
    if (!who.ok) {
      return redirect(redirectUri, {
        error: 'access_denied',
        error_reason: 'user_denied',
        error_description: 'User denied your request',
        state: st,
      })
    }
    const code = mint('', 12)
    state.codes.set(code, {
      code,
      clientId: client.clientId,
      userId: who.userId,
      redirectUri,
      scopes: parseVkScope(q.get('scope')),
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
      expiresAt: clock.now() + CODE_TTL_MS,
      used: false,
      extra: {},
    })
    return redirect(redirectUri, { code, state: st })
  }

  function accessToken(req: EmuRequest): EmuResponse {
    // client_secret_post only: credentials are query or form parameters; Basic is not read.
    const p = queryAndForm(req)
    const client = clients.get(p.get('client_id') ?? '')
    if (!client) return oauthErr(401, 'invalid_client', 'client_id is incorrect')
    if (!safeEqual(p.get('client_secret') ?? '', client.clientSecret)) {
      return oauthErr(401, 'invalid_client', 'client_secret is incorrect')
    }
    const code = state.codes.get(p.get('code') ?? '')
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= clock.now()) {
      return oauthErr(401, 'invalid_grant', 'Code is invalid or expired.')
    }
    if (p.get('redirect_uri') !== code.redirectUri) {
      return oauthErr(401, 'invalid_grant', 'redirect_uri is missing or invalid')
    }
    code.used = true
    const offline = code.scopes.includes('offline')
    const t = addToken(state, {
      token: `vk1.a.${mint('', 60)}`,
      kind: 'access',
      clientId: client.clientId,
      userId: code.userId,
      scopes: code.scopes,
      expiresAt: offline ? undefined : clock.now() + VK_TOKEN_TTL * 1000,
      grantId: mint('grant-', 9),
    })
    const user = users.get(code.userId)!
    const body: Record<string, unknown> = {
      access_token: t.token,
      expires_in: offline ? 0 : VK_TOKEN_TTL,
      user_id: user.id,
    }
    if (code.scopes.includes('email') && user.email) body['email'] = user.email
    return json(200, body)
  }

  /** Every API failure: HTTP 200 with the error object, echoing the parameters except the token. */
  function apiError(method: string, p: URLSearchParams, error_code: number, error_msg: string): EmuResponse {
    const request_params = [
      { key: 'method', value: method },
      { key: 'oauth', value: '1' },
      ...[...p].filter(([k]) => k !== 'access_token').map(([key, value]) => ({ key, value })),
    ]
    return json(200, { error: { error_code, error_msg, request_params } })
  }

  function method(req: EmuRequest, params: string[]): EmuResponse {
    const name = params[0]!
    const p = queryAndForm(req)
    if (name !== 'users.get') return apiError(name, p, 3, 'Unknown method passed.')
    const v = p.get('v')
    if (!v) return apiError(name, p, 8, 'Invalid request: v is required')
    if (!versionAtLeast(v, MIN_VERSION)) {
      return apiError(
        name,
        p,
        8,
        `Invalid request: versions below ${MIN_VERSION} are deprecated. Version param should be passed as "v". "version" param is invalid and not supported. For more information go to https://dev.vk.com/constant/version`,
      )
    }
    const raw = p.get('access_token') ?? authToken(req, ['bearer'])
    if (!raw) return apiError(name, p, 5, 'User authorization failed: no access_token passed.')
    const t = state.tokens.get(raw)
    if (!t || t.revoked) return apiError(name, p, 5, 'User authorization failed: invalid access_token (4).')
    if (t.expiresAt !== undefined && t.expiresAt <= clock.now()) {
      return apiError(name, p, 5, 'User authorization failed: access_token has expired.')
    }
    const ids = splitScopes(p.get('user_ids'), /[\s,]+/)
    const wanted = ids.length === 0 ? [t.userId] : ids
    const fields = splitScopes(p.get('fields'), /[\s,]+/)
    const out = wanted.flatMap((id) => {
      const u = users.get(id) ?? [...users.values()].find((x) => x.screen_name === id)
      if (!u) return []
      const item: Record<string, unknown> = {
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        can_access_closed: true,
        is_closed: false,
      }
      for (const f of fields) {
        const value = (u as unknown as Record<string, unknown>)[f]
        if (f !== 'email' && value !== undefined) item[f] = value
        else if (f === 'photo_200' || f === 'photo_100')
          item[f] = `https://vk.com/images/camera_${f.slice(6)}.png`
      }
      return [item]
    })
    if (ids.length > 0 && out.length === 0) return apiError(name, p, 113, 'Invalid user id')
    return json(200, { response: out })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/authorize', handler: authorize },
      { method: ['GET', 'POST'], path: '/access_token', handler: accessToken },
      { method: ['GET', 'POST'], path: /^\/method\/([\w.]+)$/, handler: method },
    ],
    state.requests,
  )
  return {
    url: server.url,
    close: server.close,
    state,
    users,
    clients,
    login,
    clock,
    setNow: (ms) => clock.set(ms),
  }
}
