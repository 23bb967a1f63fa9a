// Sign in with Apple emulator: appleid.apple.com's discovery, /auth/authorize (form_post), /auth/token,
// /auth/revoke and /auth/keys. Written from developer.apple.com: the Sign in with Apple REST API
// (REST below), "Creating a client secret" (SECRET) and the Sign in with Apple JS guide (JS).
import { importJWK, type JWK, jwtVerify } from 'jose'
import { formBody } from './lib/body.js'
import { type Emulator, emulatorHandle, emulatorParts, performLogin, splitScopes } from './lib/emulator.js'
import { createSigningKey, halfHash, type SigningKey } from './lib/keys.js'
import {
  type EmuRequest,
  type EmuResponse,
  empty,
  formPostPage,
  html,
  json,
  startServer,
} from './lib/server.js'
import {
  type EmulatorState,
  issueCode,
  issuePair,
  liveToken,
  newState,
  redeemableCode,
  revokeGrant,
} from './lib/state.js'

// REST = https://developer.apple.com/documentation/signinwithapplerestapi
// SECRET = https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
// JS = https://developer.apple.com/documentation/signinwithapplejs/incorporating-sign-in-with-apple-into-other-platforms

export const APPLE_ISSUER = 'https://appleid.apple.com'
/** SECRET: `exp` "must not be greater than 15777000 (6 months in seconds)" after the server's now. */
export const APPLE_SECRET_MAX_AGE = 15777000
const CODE_TTL_MS = 5 * 60 * 1000 // REST generate_and_validate_tokens: codes are single-use, valid five minutes
const ACCESS_TTL = 3600

export interface AppleUser {
  sub: string
  email: string
  /** A private relay address (`…@privaterelay.appleid.com`); Apple then sets `is_private_email`. */
  isPrivateEmail?: boolean
  firstName: string
  lastName: string
}

export interface AppleClient {
  /** The Services ID. */
  clientId: string
  teamId: string
  keyId: string
  /** Public half of the key registered for `keyId` (the client signs its secrets with the private half). */
  publicKey: CryptoKey | JWK
  /** Registered return URLs, matched exactly. */
  redirectUris: string[]
}

export interface AppleEmulatorOptions {
  users?: AppleUser[]
  clients?: AppleClient[]
}

export interface AppleState extends EmulatorState {
  /** "clientId|sub" of users who already authorised the client: only the first callback carries `user`. */
  authorized: Set<string>
}

export type AppleEmulator = Emulator<AppleUser, AppleClient, AppleState> & { key: SigningKey }

/** REST errorresponse: every token and revocation error is HTTP 400 `{ "error": … }`. */
const fail = (error: string): EmuResponse => json(400, { error })

export async function startAppleEmulator(opts: AppleEmulatorOptions = {}): Promise<AppleEmulator> {
  const state: AppleState = { ...newState(), authorized: new Set() }
  const key = await createSigningKey()
  const parts = emulatorParts(opts.users, (u) => u.sub, opts.clients)
  const { users, clients, login, clock } = parts

  // REST request_an_authorization_to_the_sign_in_with_apple_server; refusals are Apple's error
  // page, never a redirect (the documentation does not say; the stricter choice).
  async function authorize(req: EmuRequest): Promise<EmuResponse> {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!client?.redirectUris.includes(redirectUri)) return html(400, '<h1>invalid_client</h1>')
    const responseType = q.get('response_type')
    if (responseType !== 'code' && responseType !== 'code id_token') {
      return html(400, '<h1>unsupported_response_type</h1>')
    }
    const scopes = splitScopes(q.get('scope'), / +/)
    if (scopes.some((s) => s !== 'name' && s !== 'email' && s !== 'openid')) {
      return html(400, '<h1>invalid_scope</h1>')
    }
    // "If you requested any scopes, the value must be form_post."
    const mode = q.get('response_mode') ?? 'query'
    const userScopes = scopes.filter((s) => s !== 'openid')
    if (userScopes.length > 0 && mode !== 'form_post') return html(400, '<h1>invalid_request</h1>')
    const st = q.get('state') ?? undefined
    const back = (params: Record<string, string | undefined>): EmuResponse => {
      if (mode === 'form_post') return formPostPage(redirectUri, params)
      const url = new URL(redirectUri)
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v)
      return { status: 302, headers: { location: url.href } }
    }
    const who = performLogin(login, users)
    // JS Handle-the-response: the user cancelling comes back as user_cancelled_authorize.
    if (!who.ok) return back({ error: 'user_cancelled_authorize', state: st })
    const code = issueCode(state, clock.now(), CODE_TTL_MS, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri,
      scopes,
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
      extra: q.get('nonce') ? { nonce: q.get('nonce')! } : {},
    })
    // JS Handle-the-response: `user` (name and email as JSON) only on the first authorisation.
    const grant = `${client.clientId}|${who.userId}`
    const first = !state.authorized.has(grant) && userScopes.length > 0
    state.authorized.add(grant)
    const u = users.get(who.userId)!
    const user = first
      ? JSON.stringify({
          ...(scopes.includes('name') ? { name: { firstName: u.firstName, lastName: u.lastName } } : {}),
          ...(scopes.includes('email') ? { email: u.email } : {}),
        })
      : undefined
    // REST: with response_type=code id_token the response carries the ID token as well.
    const id_token =
      responseType === 'code id_token'
        ? await idToken(
            client,
            who.userId,
            scopes,
            { c_hash: await halfHash(code) },
            q.get('nonce') ?? undefined,
          )
        : undefined
    return back({ code, id_token, state: st, user })
  }

  /**
   * SECRET: the client secret is an ES256 JWT with `kid` the key id, `iss` the team id, `sub`
   * the client id, `aud` https://appleid.apple.com, `iat`, and `exp` at most six months ahead.
   */
  async function authenticate(p: URLSearchParams): Promise<AppleClient | undefined> {
    const client = clients.get(p.get('client_id') ?? '')
    const secret = p.get('client_secret')
    if (!client || !secret) return undefined
    try {
      const k =
        'kty' in client.publicKey ? await importJWK(client.publicKey as JWK, 'ES256') : client.publicKey
      const now = clock.now() / 1000
      const { payload, protectedHeader } = await jwtVerify(secret, k, {
        algorithms: ['ES256'],
        issuer: client.teamId,
        subject: client.clientId,
        audience: APPLE_ISSUER,
        requiredClaims: ['iat', 'exp'],
        currentDate: new Date(clock.now()),
      })
      if (protectedHeader.kid !== client.keyId) return undefined
      if (payload.exp! - now > APPLE_SECRET_MAX_AGE) return undefined
      return client
    } catch {
      return undefined
    }
  }

  /** REST authenticating-users-with-sign-in-with-apple: the ID token's claims, RS256 from /auth/keys. */
  async function idToken(
    client: AppleClient,
    userId: string,
    scopes: string[],
    /** `at_hash` of the access token, or `c_hash` of the code in an authorization response. */
    hashes: { at_hash: string } | { c_hash: string },
    nonce?: string,
  ) {
    const u = users.get(userId)!
    const now = Math.floor(clock.now() / 1000)
    return key.sign({
      iss: APPLE_ISSUER,
      aud: client.clientId,
      sub: userId,
      iat: now,
      exp: now + 600,
      ...hashes,
      auth_time: now,
      nonce_supported: true,
      ...(nonce ? { nonce } : {}),
      ...(scopes.includes('email')
        ? { email: u.email, email_verified: 'true', is_private_email: u.isPrivateEmail ? 'true' : 'false' }
        : {}),
    })
  }

  // REST generate_and_validate_tokens: form body, client_secret_post only.
  async function token(req: EmuRequest): Promise<EmuResponse> {
    const p = formBody(req)
    if (req.contentType !== 'application/x-www-form-urlencoded') return fail('invalid_request')
    const client = await authenticate(p)
    if (!client) return fail('invalid_client')
    const grantType = p.get('grant_type')
    if (grantType === 'refresh_token') {
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', clock.now())
      if (!rt || rt.clientId !== client.clientId) return fail('invalid_grant')
      // Refresh tokens are not rotated; the answer has a new access token and ID token.
      const access = issuePair(state, clock.now(), rt, ACCESS_TTL * 1000, null).access.token
      return json(200, {
        access_token: access,
        token_type: 'Bearer',
        expires_in: ACCESS_TTL,
        id_token: await idToken(client, rt.userId, rt.scopes, { at_hash: await halfHash(access) }),
      })
    }
    if (grantType !== 'authorization_code') return fail('unsupported_grant_type')
    const code = redeemableCode(state, clock.now(), p.get('code'), client.clientId, p.get('redirect_uri'))
    if (!code) return fail('invalid_grant')
    code.used = true
    const { access, refresh } = issuePair(state, clock.now(), code, ACCESS_TTL * 1000, undefined)
    return json(200, {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ACCESS_TTL,
      refresh_token: refresh?.token,
      id_token: await idToken(
        client,
        code.userId,
        code.scopes,
        { at_hash: await halfHash(access.token) },
        code.extra['nonce'],
      ),
    })
  }

  // REST revoke_tokens: client_id, client_secret, token, token_type_hint; 200 with an empty body.
  async function revokeToken(req: EmuRequest): Promise<EmuResponse> {
    const p = formBody(req)
    const client = await authenticate(p)
    if (!client) return fail('invalid_client')
    const t = state.tokens.get(p.get('token') ?? '')
    if (t && t.clientId === client.clientId) {
      revokeGrant(state, t.grantId)
      state.authorized.delete(`${client.clientId}|${t.userId}`)
    }
    return empty(200)
  }

  const server = await startServer(
    [
      {
        method: 'GET',
        path: '/.well-known/openid-configuration',
        handler: () =>
          json(200, {
            issuer: APPLE_ISSUER,
            authorization_endpoint: `${APPLE_ISSUER}/auth/authorize`,
            token_endpoint: `${APPLE_ISSUER}/auth/token`,
            revocation_endpoint: `${APPLE_ISSUER}/auth/revoke`,
            jwks_uri: `${APPLE_ISSUER}/auth/keys`,
            response_types_supported: ['code'],
            response_modes_supported: ['query', 'fragment', 'form_post'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid', 'email', 'name'],
            token_endpoint_auth_methods_supported: ['client_secret_post'],
          }),
      },
      { method: 'GET', path: '/auth/authorize', handler: authorize },
      { method: 'POST', path: '/auth/token', handler: token },
      { method: 'POST', path: '/auth/revoke', handler: revokeToken },
      { method: 'GET', path: '/auth/keys', handler: () => json(200, key.jwks()) },
    ],
    state.requests,
  )
  return { ...emulatorHandle(server, { state, ...parts }), key }
}
