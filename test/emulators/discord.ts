// Discord emulator: OAuth2 authorization code grant, token refresh and revocation, and the user
// endpoints an OAuth2 bearer token may call. Written from discord.com/developers/docs
// (topics/oauth2, resources/user) and the maintainers' answers on discord-api-docs about
// form-encoded token requests.
import { authToken, basicAuth, formBody } from './lib/body.js'
import { type Emulator, performLogin, splitScopes } from './lib/emulator.js'
import {
  type EmuRequest,
  type EmuResponse,
  html,
  json,
  type Route,
  redirect,
  startServer,
} from './lib/server.js'
import {
  addToken,
  Clock,
  type EmulatorState,
  liveToken,
  mint,
  newState,
  pkceMatches,
  revokeGrant,
  safeEqual,
} from './lib/state.js'

export interface DiscordGuild {
  id: string
  name: string
  icon: string | null
  banner: string | null
  owner: boolean
  /** Permission bit set, serialized as a string. */
  permissions: string
  features: string[]
  approximate_member_count?: number
  approximate_presence_count?: number
}

export interface DiscordUser {
  id: string
  username: string
  global_name: string | null
  /** Avatar hash; "a_" prefix = animated; null = default avatar. */
  avatar: string | null
  email: string | null
  verified: boolean
  locale?: string
  mfa_enabled?: boolean
  premium_type?: number
  guilds?: DiscordGuild[]
}

export interface DiscordClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** The app's "Public Client" setting: client_id alone authenticates, and codes need PKCE. */
  publicClient?: boolean
}

export interface DiscordEmulatorOptions {
  users?: DiscordUser[]
  clients?: DiscordClient[]
  /** id of the user the fake login approves (default: the first user). */
  loginAs?: string
}

export type DiscordEmulator = Emulator<DiscordUser, DiscordClient> & {
  /** Base URL of the REST API, https://discord.com/api in production. */
  apiUrl: string
}

export const DISCORD_TOKEN_TTL = 604800
export const DISCORD_SCOPES = new Set([
  'activities.read',
  'activities.write',
  'applications.builds.read',
  'applications.commands',
  'applications.entitlements',
  'applications.store.update',
  'bot',
  'connections',
  'dm_channels.read',
  'email',
  'gdm.join',
  'guilds',
  'guilds.join',
  'guilds.members.read',
  'identify',
  'messages.read',
  'openid',
  'relationships.read',
  'role_connections.write',
  'rpc',
  'rpc.notifications.read',
  'voice',
  'webhook.incoming',
])
const CODE_TTL_MS = 10 * 60 * 1000

// Paths may be versioned (/api/v10/...) or not (/api/...).
const api = (rest: string) => new RegExp(`^/api(?:/v\\d+)?${rest}$`)
const oauthError = (status: number, error: string, error_description?: string) =>
  json(status, error_description ? { error, error_description } : { error })
const unauthorized = () => json(401, { message: '401: Unauthorized', code: 0 })

export async function startDiscordEmulator(opts: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const state: EmulatorState = newState()
  const clock = new Clock()
  const users = new Map((opts.users ?? []).map((u) => [u.id, u]))
  const clients = new Map((opts.clients ?? []).map((c) => [c.clientId, c]))
  const login: DiscordEmulator['login'] = { userId: opts.loginAs, decision: 'approve' }

  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    if (!client) return html(400, '<p>Unknown Application</p>')
    const redirectUri =
      q.get('redirect_uri') ?? (client.redirectUris.length === 1 ? client.redirectUris[0]! : '')
    if (!client.redirectUris.includes(redirectUri)) return html(400, '<p>Invalid OAuth2 redirect_uri</p>')
    const st = q.get('state') ?? undefined
    if (q.get('response_type') !== 'code') {
      return redirect(redirectUri, {
        error: 'unsupported_response_type',
        error_description: 'Invalid "response_type" in request.',
        state: st,
      })
    }
    const scopes = splitScopes(q.get('scope'), /\s+/)
    const unknown = scopes.find((s) => !DISCORD_SCOPES.has(s))
    if (scopes.length === 0 || unknown !== undefined) {
      return redirect(redirectUri, {
        error: 'invalid_scope',
        error_description: `The requested scope is invalid, unknown, or malformed.`,
        state: st,
      })
    }
    const who = performLogin(login, users)
    if (!who.ok) {
      return redirect(redirectUri, {
        error: 'access_denied',
        error_description: 'The resource owner or authorization server denied the request',
        state: st,
      })
    }
    const code = mint('', 22)
    state.codes.set(code, {
      code,
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: q.get('redirect_uri') ?? undefined,
      scopes,
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
      expiresAt: clock.now() + CODE_TTL_MS,
      used: false,
      extra: {},
    })
    return redirect(redirectUri, { code, state: st })
  }

  /** Basic auth or client_id/client_secret in the form body. */
  function authenticate(req: EmuRequest, p: URLSearchParams): DiscordClient | undefined {
    const b = basicAuth(req)
    const id = b?.id ?? p.get('client_id') ?? ''
    const client = clients.get(id)
    if (client?.publicClient && !b && !p.has('client_secret')) return client
    return client && safeEqual(b?.secret ?? p.get('client_secret') ?? '', client.clientSecret)
      ? client
      : undefined
  }

  function issue(client: DiscordClient, userId: string, scopes: string[], grantId: string): EmuResponse {
    const now = clock.now()
    const common = { clientId: client.clientId, userId, scopes, grantId }
    const access = addToken(state, {
      ...common,
      token: mint('', 22),
      kind: 'access',
      expiresAt: now + DISCORD_TOKEN_TTL * 1000,
    })
    const refresh = addToken(state, { ...common, token: mint('', 22), kind: 'refresh', expiresAt: undefined })
    return json(200, {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: DISCORD_TOKEN_TTL,
      refresh_token: refresh.token,
      scope: scopes.join(' '),
    })
  }

  function token(req: EmuRequest): EmuResponse {
    // Only form bodies are read: a JSON body looks like a request with no grant_type at all.
    const p = formBody(req)
    const grantType = p.get('grant_type')
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return oauthError(400, 'unsupported_grant_type', 'Invalid "grant_type" in request.')
    }
    const client = authenticate(req, p)
    if (!client) return oauthError(401, 'invalid_client')
    if (grantType === 'refresh_token') {
      const raw = p.get('refresh_token')
      if (!raw) return oauthError(400, 'invalid_request', 'Missing "refresh_token" in request.')
      const old = liveToken(state, raw, 'refresh', clock.now())
      if (!old || old.clientId !== client.clientId)
        return oauthError(400, 'invalid_grant', 'Invalid "refresh_token" in request.')
      revokeGrant(state, old.grantId)
      return issue(client, old.userId, old.scopes, mint('grant-', 9))
    }
    const raw = p.get('code')
    if (!raw) return oauthError(400, 'invalid_request', 'Missing "code" in request.')
    const code = state.codes.get(raw)
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= clock.now()) {
      return oauthError(400, 'invalid_grant', `Invalid "code" in request.`)
    }
    const redirectUri = p.get('redirect_uri')
    if (redirectUri === null && code.redirectUri !== undefined) {
      return oauthError(400, 'invalid_request', 'Missing "redirect_uri" in request.')
    }
    if (redirectUri !== null && redirectUri !== (code.redirectUri ?? redirectUri)) {
      return oauthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.')
    }
    if (client.publicClient && code.codeChallenge === undefined) {
      return oauthError(400, 'invalid_grant', 'A public client must use PKCE.')
    }
    if (code.codeChallenge !== undefined) {
      const v = p.get('code_verifier')
      if (!v || !pkceMatches(v, code.codeChallenge, code.codeChallengeMethod)) {
        return oauthError(400, 'invalid_grant', 'Invalid "code_verifier" in request.')
      }
    }
    code.used = true
    return issue(client, code.userId, code.scopes, mint('grant-', 9))
  }

  function revokeToken(req: EmuRequest): EmuResponse {
    const p = formBody(req)
    const client = authenticate(req, p)
    if (!client) return oauthError(401, 'invalid_client')
    const raw = p.get('token')
    if (!raw) return oauthError(400, 'invalid_request', 'Missing "token" in request.')
    const t = state.tokens.get(raw)
    // RFC 7009: unknown tokens are not an error. Either token ends the whole grant.
    if (t && t.clientId === client.clientId) revokeGrant(state, t.grantId)
    return json(200, {})
  }

  function bearer(req: EmuRequest, scope: string) {
    const t = liveToken(state, authToken(req, ['bearer']), 'access', clock.now())
    if (!t?.scopes.includes(scope)) return undefined
    const user = users.get(t.userId)
    return user ? { t, user } : undefined
  }

  function me(req: EmuRequest): EmuResponse {
    const auth = bearer(req, 'identify')
    if (!auth) return unauthorized()
    const u = auth.user
    const body: Record<string, unknown> = {
      id: u.id,
      username: u.username,
      avatar: u.avatar,
      discriminator: '0',
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      global_name: u.global_name,
      avatar_decoration_data: null,
      banner_color: null,
      clan: null,
      primary_guild: null,
      mfa_enabled: u.mfa_enabled ?? false,
      locale: u.locale ?? 'en-US',
      premium_type: u.premium_type ?? 0,
    }
    // email and verified exist only for tokens with the email scope.
    if (auth.t.scopes.includes('email')) {
      body['email'] = u.email
      body['verified'] = u.verified
    }
    return json(200, body)
  }

  function guilds(req: EmuRequest): EmuResponse {
    const auth = bearer(req, 'guilds')
    if (!auth) return unauthorized()
    const q = req.url.searchParams
    const limit = Number(q.get('limit') ?? 200)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          limit: {
            _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 200.' }],
          },
        },
      })
    }
    const withCounts = q.get('with_counts') === 'true'
    const list = (auth.user.guilds ?? []).slice(0, limit).map((g) => {
      const { approximate_member_count, approximate_presence_count, ...rest } = g
      return withCounts
        ? {
            ...rest,
            approximate_member_count: approximate_member_count ?? 1,
            approximate_presence_count: approximate_presence_count ?? 0,
          }
        : rest
    })
    return json(200, list)
  }

  const routes: Route[] = [
    { method: 'GET', path: '/oauth2/authorize', handler: authorize },
    { method: 'GET', path: api('/oauth2/authorize'), handler: authorize },
    { method: 'POST', path: api('/oauth2/token'), handler: token },
    { method: 'POST', path: api('/oauth2/token/revoke'), handler: revokeToken },
    { method: 'GET', path: api('/users/@me'), handler: me },
    { method: 'GET', path: api('/users/@me/guilds'), handler: guilds },
  ]
  const server = await startServer(routes, state.requests, () =>
    json(404, { message: '404: Not Found', code: 0 }),
  )
  return {
    url: server.url,
    apiUrl: `${server.url}/api`,
    close: server.close,
    state,
    users,
    clients,
    login,
    clock,
    setNow: (ms) => clock.set(ms),
  }
}

/** CDN URL of a user's avatar as Discord documents it (for tests comparing normalized profiles). */
export function discordAvatarUrl(user: Pick<DiscordUser, 'id' | 'avatar'>): string {
  if (user.avatar) {
    const ext = user.avatar.startsWith('a_') ? 'gif' : 'png'
    return `https://cdn.discordapp.com/avatars/${user.id}/${user.avatar}.${ext}`
  }
  // New username system: default avatar index is (id >> 22) % 6.
  return `https://cdn.discordapp.com/embed/avatars/${Number((BigInt(user.id) >> 22n) % 6n)}.png`
}
