// Google emulator: the OpenID Connect provider of accounts.google.com with the paths Google uses
// (/o/oauth2/v2/auth, /token, /v1/userinfo, /revoke, /oauth2/v3/certs) on one origin.
// Written from developers.google.com: "OpenID Connect", "Using OAuth 2.0 for Web Server
// Applications" (access_type, prompt, include_granted_scopes, revocation, refresh token expiry).
import { googleTokenRoutes } from './google-token.js'
import { authToken } from './lib/body.js'
import {
  type Emulator,
  type OriginDependent,
  performLogin,
  resolveOrigin,
  splitScopes,
} from './lib/emulator.js'
import { createSigningKey, type SigningKey } from './lib/keys.js'
import { type EmuRequest, type EmuResponse, html, json, redirect, startServer } from './lib/server.js'
import { Clock, type EmulatorState, liveToken, mint, newState } from './lib/state.js'

export interface GoogleUser {
  sub: string
  email: string
  email_verified: boolean
  name: string
  given_name: string
  family_name: string
  picture: string
  /** Google Workspace domain; absent for consumer (gmail.com) accounts. */
  hd?: string
  locale?: string
}

export interface GoogleClient {
  clientId: string
  clientSecret: string
  /** Registered redirect URIs; Google requires an exact match. */
  redirectUris: string[]
  /**
   * Lifetime of refresh tokens in seconds, as for an External app in "Testing" status (604800);
   * when set, token responses carry `refresh_token_expires_in`. Default: refresh tokens do not expire.
   */
  refreshTokenExpiresIn?: number
}

export interface GoogleEmulatorOptions {
  users?: GoogleUser[]
  clients?: GoogleClient[]
  /** The `iss` of ID tokens and discovery. Default: the emulator's origin. */
  issuer?: OriginDependent<string>
  /** `sub` of the user the fake login approves (default: the first user). */
  loginAs?: string
}

export interface GoogleState extends EmulatorState {
  /** "clientId|sub" -> scopes the user has consented to for that client. */
  consents: Map<string, Set<string>>
}

export type GoogleEmulator = Emulator<GoogleUser, GoogleClient, GoogleState> & {
  issuer: string
  key: SigningKey
}

export const GOOGLE_SCOPE_ALIASES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
}
export const GOOGLE_ACCESS_TTL = 3599
const CODE_TTL_MS = 10 * 60 * 1000

/** Google reports granted scopes by their full URL: `email` comes back as .../userinfo.email. */
export function canonicalScope(s: string): string {
  return GOOGLE_SCOPE_ALIASES[s] ?? s
}

/** Google's error page: shown to the user, never a redirect to an unverified redirect_uri. */
function errorPage(status: number, error: string, detail: string): EmuResponse {
  return html(
    status,
    `<h1>Access blocked: Authorization Error</h1><p>Error ${status}: ${error}</p><p>${detail}</p>`,
  )
}

export async function startGoogleEmulator(opts: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const state: GoogleState = { ...newState(), consents: new Map() }
  const clock = new Clock()
  const key = await createSigningKey()
  const users = new Map((opts.users ?? []).map((u) => [u.sub, u]))
  const clients = new Map((opts.clients ?? []).map((c) => [c.clientId, c]))
  const login: GoogleEmulator['login'] = { userId: opts.loginAs, decision: 'approve' }
  let origin = ''
  let issuer = ''

  function discovery(): EmuResponse {
    return json(200, {
      issuer,
      authorization_endpoint: `${origin}/o/oauth2/v2/auth`,
      token_endpoint: `${origin}/token`,
      userinfo_endpoint: `${origin}/v1/userinfo`,
      revocation_endpoint: `${origin}/revoke`,
      jwks_uri: `${origin}/oauth2/v3/certs`,
      response_types_supported: [
        'code',
        'token',
        'id_token',
        'code token',
        'code id_token',
        'token id_token',
        'code token id_token',
        'none',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: [
        'aud',
        'email',
        'email_verified',
        'exp',
        'family_name',
        'given_name',
        'iat',
        'iss',
        'name',
        'picture',
        'sub',
      ],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ],
    })
  }

  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    if (!client) return errorPage(401, 'invalid_client', 'The OAuth client was not found.')
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!client.redirectUris.includes(redirectUri)) {
      return errorPage(
        400,
        'redirect_uri_mismatch',
        `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`,
      )
    }
    if (q.get('response_type') !== 'code') {
      return errorPage(400, 'invalid_request', `Invalid response_type: ${q.get('response_type') ?? ''}`)
    }
    const requested = splitScopes(q.get('scope'), /\s+/).map(canonicalScope)
    if (requested.length === 0) return errorPage(400, 'invalid_request', 'Missing required parameter: scope')
    const st = q.get('state') ?? undefined
    const challenge = q.get('code_challenge') ?? undefined
    const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined)
    if (method !== undefined && method !== 'plain' && method !== 'S256') {
      return errorPage(400, 'invalid_request', `Invalid code_challenge_method value: ${method}`)
    }
    const prompts = splitScopes(q.get('prompt'), /\s+/)
    const who = performLogin(login, users)
    if (!who.ok) {
      return redirect(redirectUri, {
        error: who.reason === 'denied' ? 'access_denied' : 'login_required',
        state: st,
      })
    }
    const consentKey = `${client.clientId}|${who.userId}`
    const previous = state.consents.get(consentKey)
    const hasConsent = previous !== undefined && requested.every((s) => previous.has(s))
    if (prompts.includes('none') && !hasConsent)
      return redirect(redirectUri, { error: 'consent_required', state: st })
    // A refresh token comes only with access_type=offline, and then only on first consent or when
    // the consent screen is shown again (prompt=consent).
    const consentShown = !hasConsent || prompts.includes('consent')
    const offline = q.get('access_type') === 'offline'
    const scopes =
      q.get('include_granted_scopes') === 'true' && previous
        ? [...new Set([...requested, ...previous])]
        : requested
    state.consents.set(consentKey, new Set([...(previous ?? []), ...requested]))
    const code = `4/${mint('', 32)}`
    state.codes.set(code, {
      code,
      clientId: client.clientId,
      userId: who.userId,
      redirectUri,
      scopes,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      expiresAt: clock.now() + CODE_TTL_MS,
      used: false,
      extra: {
        refresh: String(offline && consentShown),
        ...(q.get('nonce') ? { nonce: q.get('nonce')! } : {}),
        ...(q.get('hd') ? { hd: q.get('hd')! } : {}),
      },
    })
    // Google adds the granted scope and authuser/prompt to the callback.
    return redirect(redirectUri, {
      state: st,
      code,
      scope: scopes.join(' '),
      authuser: 0,
      prompt: consentShown ? 'consent' : 'none',
    })
  }

  function userinfo(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['bearer']), 'access', clock.now())
    const user = t ? users.get(t.userId) : undefined
    if (!t || !user) {
      return json(
        401,
        { error: 'invalid_request', error_description: 'Invalid Credentials' },
        { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="invalid_token"` },
      )
    }
    return json(200, userClaims(user, t.scopes))
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/.well-known/openid-configuration', handler: discovery },
      { method: 'GET', path: '/o/oauth2/v2/auth', handler: authorize },
      { method: 'GET', path: '/oauth2/v3/certs', handler: () => json(200, key.jwks()) },
      { method: ['GET', 'POST'], path: '/v1/userinfo', handler: userinfo },
      ...googleTokenRoutes({ state, clock, key, users, clients, issuer: () => issuer }),
    ],
    state.requests,
  )
  origin = server.url
  issuer = resolveOrigin(opts.issuer ?? ((o: string) => o), origin)
  return {
    url: origin,
    issuer,
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

/** Claims the granted scopes release: email ones with `email`, name and picture with `profile`. */
export function userClaims(user: GoogleUser, scopes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { sub: user.sub }
  if (scopes.includes(GOOGLE_SCOPE_ALIASES['profile']!)) {
    Object.assign(out, {
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
      picture: user.picture,
    })
    if (user.locale) out['locale'] = user.locale
  }
  if (scopes.includes(GOOGLE_SCOPE_ALIASES['email']!)) {
    Object.assign(out, { email: user.email, email_verified: user.email_verified })
  }
  if (user.hd) out['hd'] = user.hd
  return out
}
