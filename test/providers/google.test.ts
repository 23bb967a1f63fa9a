import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GoogleClient, google } from '../../generated/providers/google.js'
import { followAuthorize, type GoogleEmulator, startGoogleEmulator } from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'

/** The generated Google client against the Google emulator (discovery at the emulator's origin). */
const REDIRECT = 'http://127.0.0.1/oauth/google'
const EMAIL = 'https://www.googleapis.com/auth/userinfo.email'
const PROFILE = 'https://www.googleapis.com/auth/userinfo.profile'
let goo: GoogleEmulator

const users = [
  {
    sub: '1001',
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    picture: 'https://lh3.googleusercontent.com/a/ada',
  },
  {
    sub: '1002',
    email: 'grace@corp.example',
    email_verified: true,
    name: 'Grace Hopper',
    given_name: 'Grace',
    family_name: 'Hopper',
    picture: 'https://lh3.googleusercontent.com/a/grace',
    hd: 'corp.example',
  },
  {
    sub: '1003',
    email: 'alan@other.example',
    email_verified: true,
    name: 'Alan Turing',
    given_name: 'Alan',
    family_name: 'Turing',
    picture: 'https://lh3.googleusercontent.com/a/alan',
    hd: 'other.example',
  },
]
const clients = [
  { clientId: 'web.apps.googleusercontent.com', clientSecret: 'GOCSPX-web', redirectUris: [REDIRECT] },
  {
    clientId: 'testing.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-testing',
    redirectUris: [REDIRECT],
    refreshTokenExpiresIn: 604800,
  },
]

beforeAll(async () => {
  goo = await startGoogleEmulator({ users, clients })
})
afterAll(() => goo.close())

function client(
  clientId = 'web.apps.googleusercontent.com',
  extra: Partial<Parameters<typeof google>[0]> = {},
) {
  return google({
    clientId,
    clientSecret: clients.find((c) => c.clientId === clientId)!.clientSecret,
    redirectUri: REDIRECT,
    // Discovery happens at the emulator; Google's fixed revocation URL and API host are replaced.
    endpointOverrides: { issuer: goo.url, revocation: `${goo.url}/revoke`, api: goo.url },
    ...extra,
  })
}

async function offlineLogin(c: GoogleClient) {
  const { url, session } = await c.authorizationUrl({
    params: { access_type: 'offline', prompt: 'consent' },
  })
  return { url, tokens: await c.callback(await followAuthorize(url), session) }
}

describe('Google: login against the emulator', () => {
  it('discovers, sends PKCE and a nonce, validates the ID token, and types the granted scopes', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, session } = await c.authorizationUrl()
    expect(url.origin + url.pathname).toBe(`${goo.url}/o/oauth2/v2/auth`)
    expect(url.searchParams.get('scope')).toBe('openid email profile')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('nonce')).toBe(session.transaction.nonce)
    const cb = await followAuthorize(url)
    // Google adds authuser, prompt and scope to the callback; they are not errors.
    expect(cb.searchParams.get('authuser')).toBe('0')
    const tokens = await c.callback(cb, session)
    expect(tokens.claims).toMatchObject({
      iss: goo.issuer,
      sub: '1001',
      aud: 'web.apps.googleusercontent.com',
    })
    expect(tokens.claims?.['nonce']).toBe(session.transaction.nonce)
    expect(tokens.scopes).toEqual(['openid', EMAIL, PROFILE])
    expect(tokens.refreshToken).toBeUndefined()
    expect(tokens.expiresAt).toBeTypeOf('number')
    expect(goo.state.requests.some((r) => r.path === '/.well-known/openid-configuration')).toBe(true)
  })

  it('refuses an ID token whose nonce is not the one of this login', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const cb = await followAuthorize(url)
    const replayed = {
      ...session,
      transaction: { ...session.transaction, nonce: 'another-login-nonce-xxxxxxxx' },
    }
    const err = await rejection(c.callback(cb, replayed))
    expect(err.code).toBe('NONCE_MISMATCH')
  })

  it('refuses an ID token signed by a key that is not the provider’s', async () => {
    const other = await startGoogleEmulator({ users, clients })
    try {
      // Discovery (and its JWKS) at `other`, tokens from `goo`: the signature cannot verify.
      const c = client('web.apps.googleusercontent.com', {
        endpointOverrides: {
          issuer: goo.url,
          jwks: `${other.url}/oauth2/v3/certs`,
          revocation: `${goo.url}/revoke`,
        },
      })
      const { url, session } = await c.authorizationUrl()
      const err = await rejection(c.callback(await followAuthorize(url), session))
      expect(['JWKS_NO_MATCHING_KEY', 'JWT_SIGNATURE_INVALID']).toContain(err.code)
    } finally {
      await other.close()
    }
  })

  it('a replayed code is refused with invalid_grant (HTTP 400) as a typed error', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const cb = await followAuthorize(url)
    await c.callback(cb, session)
    const err = await rejection(c.callback(cb, session))
    expect(err.code).toBe('OAUTH_RESPONSE_ERROR')
    expect(err.error).toBe('invalid_grant')
    expect(err.status).toBe(400)
  })

  it('a wrong client secret is invalid_client (HTTP 401)', async () => {
    const c = google({
      clientId: 'web.apps.googleusercontent.com',
      clientSecret: 'wrong',
      redirectUri: REDIRECT,
      endpointOverrides: { issuer: goo.url },
    })
    const { url, session } = await c.authorizationUrl()
    const err = await rejection(c.callback(await followAuthorize(url), session))
    expect(err.error).toBe('invalid_client')
    expect(err.status).toBe(401)
  })

  it('prompt=none without consent comes back as consent_required', async () => {
    goo.state.consents.clear()
    const c = client()
    const { url, session } = await c.authorizationUrl({ params: { prompt: 'none' } })
    const err = await rejection(c.callback(await followAuthorize(url), session))
    expect(err.code).toBe('OAUTH_AUTHORIZATION_ERROR')
    expect(err.error).toBe('consent_required')
  })
})

describe('Google: refresh tokens, revocation, hd', () => {
  it('access_type=offline with prompt=consent gives a refresh token; refresh keeps it (no rotation)', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, tokens } = await offlineLogin(c)
    expect(url.searchParams.get('access_type')).toBe('offline')
    expect(url.searchParams.get('prompt')).toBe('consent')
    expect(tokens.refreshToken).toMatch(/^1\/\//)
    expect(tokens.fields.refresh_token_expires_in).toBeUndefined()
    const renewed = await c.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.refreshToken).toBe(tokens.refreshToken)
    expect(renewed.claims?.sub).toBe('1001')
    expect((await c.api.getUserInfo(renewed)).sub).toBe('1001')
  })

  it('access_type=offline on a later consent without prompt=consent gives no refresh token', async () => {
    const c = client()
    await offlineLogin(c)
    const { url, session } = await c.authorizationUrl({ params: { access_type: 'offline' } })
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.refreshToken).toBeUndefined()
  })

  it('refresh_token_expires_in is typed; an expired refresh token is invalid_grant', async () => {
    const c = client('testing.apps.googleusercontent.com')
    const { tokens } = await offlineLogin(c)
    expect(tokens.fields.refresh_token_expires_in).toBe(604800)
    try {
      goo.clock.advance(604801 * 1000)
      const err = await rejection(c.refresh(tokens))
      expect(err.error).toBe('invalid_grant')
    } finally {
      goo.clock.reset()
    }
  })

  it('revokes at the revocation endpoint; the grant ends (refresh and userinfo fail)', async () => {
    const c = client()
    const { tokens } = await offlineLogin(c)
    await c.revoke(tokens)
    expect(goo.state.tokens.get(tokens.accessToken)?.revoked).toBe(true)
    expect((await rejection(c.refresh(tokens))).error).toBe('invalid_grant')
    expect((await rejection(c.api.getUserInfo(tokens))).status).toBe(401)
    // Google answers 400 invalid_token for a token it no longer knows.
    const err = await rejection(c.revoke(tokens.refreshToken!, { tokenTypeHint: 'refresh_token' }))
    expect(err.error).toBe('invalid_token')
  })

  it('hd is sent, and the Workspace domain comes back in the ID token and profile', async () => {
    goo.login.userId = '1002'
    const c = client()
    const { url, session } = await c.authorizationUrl({ params: { hd: 'corp.example' } })
    expect(url.searchParams.get('hd')).toBe('corp.example')
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.claims?.['hd']).toBe('corp.example')
    const profile = await c.profile(tokens)
    expect(profile.raw).toMatchObject({ hd: 'corp.example' })
    goo.login.userId = '1001'
  })

  // hd only shapes Google's account chooser; the user picks the account, so the ID token decides.
  it.each([
    {
      name: 'a different Workspace domain',
      user: '1003',
      hd: 'corp.example',
      message: /"other\.example", expected "corp\.example"/,
    },
    { name: 'a consumer account (no hd claim)', user: '1001', hd: 'corp.example', message: /no "hd" claim/ },
    {
      name: 'a consumer account with hd=* (any Workspace domain)',
      user: '1001',
      hd: '*',
      message: /no "hd" claim/,
    },
  ])('hd=$hd rejects $name with JWT_CLAIM_INVALID naming hd', async ({ user, hd, message }) => {
    goo.login.userId = user
    try {
      const c = client()
      const { url, session } = await c.authorizationUrl({ params: { hd } })
      expect(session.expectedClaims).toEqual({ hd })
      const err = await rejection(c.callback(await followAuthorize(url), session))
      expect(err).toMatchObject({ code: 'JWT_CLAIM_INVALID', claim: 'hd' })
      expect(err.error_description).toMatch(message)
    } finally {
      goo.login.userId = '1001'
    }
  })

  it.each([
    { user: '1002', hd: 'corp.example', claim: 'corp.example' },
    { user: '1003', hd: '*', claim: 'other.example' },
  ])('hd=$hd accepts an ID token whose hd is $claim', async ({ user, hd, claim }) => {
    goo.login.userId = user
    try {
      const c = client()
      const { url, session } = await c.authorizationUrl({ params: { hd } })
      const tokens = await c.callback(await followAuthorize(url), session)
      expect(tokens.claims?.['hd']).toBe(claim)
    } finally {
      goo.login.userId = '1001'
    }
  })

  it('without hd, no claim is required (consumer accounts sign in)', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, session } = await c.authorizationUrl()
    expect(session.expectedClaims).toBeUndefined()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.claims?.['hd']).toBeUndefined()
  })
})

describe('Google: profile and userinfo', () => {
  it('profile: ID token claims merged with the typed UserInfo', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(await c.profile(tokens)).toMatchObject({
      id: '1001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      emailVerified: true,
      avatarUrl: 'https://lh3.googleusercontent.com/a/ada',
    })
    const info = await c.api.getUserInfo(tokens.accessToken)
    expect(info).toMatchObject({ sub: '1001', given_name: 'Ada', email_verified: true })
  })

  it('without the email scope neither the profile type nor the answer has an email', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['openid', 'profile'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const profile = await c.profile(tokens)
    // @ts-expect-error email is not in the profile type without an email scope
    void profile.email
    expect(profile).toMatchObject({ id: '1001', name: 'Ada Lovelace' })
    expect((profile as { email?: unknown }).email).toBeNull()
  })

  it('a UserInfo answer of the wrong shape names the field', async () => {
    goo.login.userId = '1001'
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    const user = goo.users.get('1001')!
    const saved = user.email_verified
    user.email_verified = 'yes' as unknown as boolean
    try {
      const err = await rejection(c.api.getUserInfo(tokens))
      expect(err.code).toBe('INVALID_RESPONSE')
      expect(err.claim).toBe('email_verified')
    } finally {
      user.email_verified = saved
    }
  })
})
