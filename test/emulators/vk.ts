// VK ID emulator (id.vk.com, OAuth 2.1): PKCE S256 is mandatory, the callback carries a device_id
// that every later token request must echo, and user data comes from form POSTs.
// Written from id.vk.com/about/business/go/docs: "Справочник методов API VK ID" (authorize,
// oauth2/auth, oauth2/user_info, oauth2/public_info, oauth2/revoke, oauth2/logout) and the
// "auth without SDK" guides.
import { jwtVerify } from 'jose'
import { formBody } from './lib/body.js'
import { type Emulator, performLogin, splitScopes } from './lib/emulator.js'
import { createSigningKey, type SigningKey } from './lib/keys.js'
import { type EmuRequest, type EmuResponse, html, json, redirect, startServer } from './lib/server.js'
import {
  addToken,
  Clock,
  type EmulatorState,
  type IssuedToken,
  liveToken,
  mint,
  newState,
  pkceMatches,
  revokeGrant,
} from './lib/state.js'

export interface VkIdUser {
  user_id: number
  first_name: string
  last_name: string
  avatar: string
  email?: string
  phone?: string
  sex?: 0 | 1 | 2
  birthday?: string
  /** Whether VK has verified the account (user_info `verified`). */
  verified?: boolean
}

export interface VkIdClient {
  /** The app id, a number written as a string. */
  clientId: string
  redirectUris: string[]
}

export interface VkIdEmulatorOptions {
  users?: VkIdUser[]
  clients?: VkIdClient[]
  /** user_id of the user the fake login approves (default: the first user). */
  loginAs?: number
}

export type VkIdEmulator = Emulator<VkIdUser, VkIdClient> & { key: SigningKey }

export const VK_ID_TOKEN_TTL = 3600
export const VK_ID_CODE_TTL = 600
const DEFAULT_SCOPE = 'vkid.personal_info'

const err = (status: number, error: string, error_description: string, st?: string) =>
  json(status, st === undefined ? { error, error_description } : { error, error_description, state: st })

/** Masks all but the edges, as public_info does for contact data. */
function mask(value: string | undefined): string | undefined {
  if (!value) return undefined
  const at = value.indexOf('@')
  if (at > 0) return `${value[0]}***@${value.slice(at + 1)}`
  return `${value.slice(0, 1)}******${value.slice(-2)}`
}

export async function startVkIdEmulator(opts: VkIdEmulatorOptions = {}): Promise<VkIdEmulator> {
  const state: EmulatorState = newState()
  const clock = new Clock()
  const key = await createSigningKey()
  const users = new Map((opts.users ?? []).map((u) => [String(u.user_id), u]))
  const clients = new Map((opts.clients ?? []).map((c) => [c.clientId, c]))
  const login: VkIdEmulator['login'] = {
    userId: opts.loginAs === undefined ? undefined : String(opts.loginAs),
    decision: 'approve',
  }

  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    if (!client) return html(400, '<p>invalid_client: application not found</p>')
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!client.redirectUris.includes(redirectUri))
      return html(400, '<p>invalid_request: redirect_uri is not trusted</p>')
    const st = q.get('state') ?? undefined
    const fail = (error: string, error_description: string) =>
      redirect(redirectUri, { error, error_description, state: st })
    if (q.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be code')
    if (!st) return fail('invalid_request', 'state is required')
    // OAuth 2.1: no PKCE, no code. Only S256 (VK writes it "s256"; case does not matter).
    const challenge = q.get('code_challenge')
    if (!challenge) return fail('invalid_request', 'code_challenge is required')
    if ((q.get('code_challenge_method') ?? '').toLowerCase() !== 's256') {
      return fail('invalid_request', 'code_challenge_method must be s256')
    }
    if (q.has('code_verifier'))
      return fail('invalid_request', 'code_verifier and code_challenge are not allowed together')
    const who = performLogin(login, users)
    if (!who.ok) return fail('access_denied', 'user denied access')
    const scopes = splitScopes(q.get('scope'), /\s+/)
    if (!scopes.includes(DEFAULT_SCOPE)) scopes.unshift(DEFAULT_SCOPE)
    const code = `vk2.a.${mint('', 40)}`
    const deviceId = mint('', 32)
    state.codes.set(code, {
      code,
      clientId: client.clientId,
      userId: who.userId,
      redirectUri,
      scopes,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      expiresAt: clock.now() + VK_ID_CODE_TTL * 1000,
      used: false,
      extra: { device_id: deviceId },
    })
    return redirect(redirectUri, {
      code,
      expires_in: VK_ID_CODE_TTL,
      device_id: deviceId,
      state: st,
      ext_id: mint('', 16),
      type: 'code_v2',
    })
  }

  async function issue(
    clientId: string,
    userId: string,
    scopes: string[],
    deviceId: string,
    st: string,
    withIdToken: boolean,
  ) {
    const now = clock.now()
    const grantId = mint('grant-', 9)
    const common = { clientId, userId, scopes, grantId, extra: { device_id: deviceId } }
    const access = addToken(state, {
      ...common,
      token: `vk2.a.${mint('', 60)}`,
      kind: 'access',
      expiresAt: now + VK_ID_TOKEN_TTL * 1000,
    })
    const refresh = addToken(state, {
      ...common,
      token: `vk2.a.${mint('', 60)}`,
      kind: 'refresh',
      expiresAt: now + 180 * 24 * 3600 * 1000,
    })
    const body: Record<string, unknown> = {
      refresh_token: refresh.token,
      access_token: access.token,
    }
    if (withIdToken) {
      const iat = Math.floor(now / 1000)
      body['id_token'] = await key.sign({
        iss: 'VK',
        sub: userId,
        app: Number(clientId),
        aud: clientId,
        iat,
        exp: iat + VK_ID_TOKEN_TTL,
        jti: mint('', 12),
      })
    }
    Object.assign(body, {
      token_type: 'Bearer',
      expires_in: VK_ID_TOKEN_TTL,
      user_id: Number(userId),
      state: st,
      scope: scopes.join(' '),
    })
    return json(200, body)
  }

  async function auth(req: EmuRequest): Promise<EmuResponse> {
    const p = formBody(req)
    const st = p.get('state') ?? undefined
    const grantType = p.get('grant_type')
    const client = clients.get(p.get('client_id') ?? '')
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return err(400, 'unsupported_grant_type', 'grant_type is not supported', st)
    }
    if (!client) return err(401, 'invalid_client', 'client_id is invalid', st)
    const deviceId = p.get('device_id')
    if (!deviceId) return err(400, 'invalid_request', 'device_id is missing', st)
    if (!st) return err(400, 'invalid_request', 'state is missing')
    if (grantType === 'refresh_token') {
      const old = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', clock.now())
      if (!old || old.clientId !== client.clientId || old.extra['device_id'] !== deviceId) {
        return err(400, 'invalid_grant', 'refresh token is invalid or expired', st)
      }
      revokeGrant(state, old.grantId)
      return issue(client.clientId, old.userId, old.scopes, deviceId, st, false)
    }
    const verifier = p.get('code_verifier')
    if (!verifier) return err(400, 'invalid_request', 'code_verifier is missing', st)
    const redirectUri = p.get('redirect_uri')
    if (!redirectUri) return err(400, 'invalid_request', 'redirect_uri is missing', st)
    const code = state.codes.get(p.get('code') ?? '')
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= clock.now()) {
      return err(400, 'invalid_grant', 'code is invalid or expired', st)
    }
    if (code.extra['device_id'] !== deviceId) return err(400, 'invalid_grant', 'device_id does not match', st)
    if (redirectUri !== code.redirectUri) return err(400, 'invalid_grant', 'redirect_uri does not match', st)
    if (!pkceMatches(verifier, code.codeChallenge ?? '', 'S256'))
      return err(400, 'invalid_grant', 'code_verifier is invalid', st)
    code.used = true
    return issue(client.clientId, code.userId, code.scopes, deviceId, st, true)
  }

  /** client_id + access_token in a form body, as every VK ID user method takes them. */
  function byAccessToken(req: EmuRequest): IssuedToken | EmuResponse {
    const p = formBody(req)
    if (!clients.has(p.get('client_id') ?? '')) return err(401, 'invalid_client', 'client_id is invalid')
    const t = liveToken(state, p.get('access_token') ?? undefined, 'access', clock.now())
    if (!t || t.clientId !== p.get('client_id'))
      return err(401, 'invalid_token', 'access_token is invalid or expired')
    return t
  }

  function userInfo(req: EmuRequest): EmuResponse {
    const t = byAccessToken(req)
    if (!('token' in t)) return t
    const u = users.get(t.userId)!
    const user: Record<string, unknown> = {
      user_id: String(u.user_id),
      first_name: u.first_name,
      last_name: u.last_name,
      avatar: u.avatar,
      sex: u.sex ?? 0,
      verified: u.verified ?? false,
      birthday: u.birthday ?? '',
    }
    if (t.scopes.includes('email') && u.email) user['email'] = u.email
    if (t.scopes.includes('phone') && u.phone) user['phone'] = u.phone
    return json(200, { user })
  }

  async function publicInfo(req: EmuRequest): Promise<EmuResponse> {
    const p = formBody(req)
    if (!clients.has(p.get('client_id') ?? '')) return err(401, 'invalid_client', 'client_id is invalid')
    try {
      const { payload } = await jwtVerify(p.get('id_token') ?? '', key.publicJwk)
      const u = users.get(String(payload.sub))
      if (!u) throw new Error('unknown user')
      return json(200, {
        user: {
          user_id: String(u.user_id),
          first_name: u.first_name,
          last_name: u.last_name,
          avatar: u.avatar,
          email: mask(u.email),
          phone: mask(u.phone),
        },
      })
    } catch {
      return err(401, 'invalid_token', 'id_token is invalid')
    }
  }

  function revokeAll(req: EmuRequest): EmuResponse {
    const t = byAccessToken(req)
    if (!('token' in t)) return t
    revokeGrant(state, t.grantId)
    return json(200, { response: 1 })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/authorize', handler: authorize },
      { method: 'POST', path: '/oauth2/auth', handler: auth },
      { method: 'POST', path: '/oauth2/user_info', handler: userInfo },
      { method: 'POST', path: '/oauth2/public_info', handler: publicInfo },
      { method: 'POST', path: '/oauth2/revoke', handler: revokeAll },
      { method: 'POST', path: '/oauth2/logout', handler: revokeAll },
    ],
    state.requests,
  )
  return {
    url: server.url,
    key,
    close: server.close,
    state,
    users,
    clients,
    login,
    clock,
    setNow: (ms) => clock.set(ms),
  }
}
