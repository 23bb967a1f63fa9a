import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OidcClient, oidc } from '../../generated/providers/oidc.js'
import { followAuthorize, type GoogleEmulator, startGoogleEmulator } from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'

/**
 * The generic OpenID Connect client with its issuer given at run time, against the Google
 * emulator (a conforming OpenID Provider: discovery, JWKS, ID token, userinfo, revocation).
 */
const REDIRECT = 'http://127.0.0.1/auth/oidc'
let op: GoogleEmulator

const users = [
  {
    sub: 'u-1',
    email: 'kim@example.org',
    email_verified: false,
    name: 'Kim',
    given_name: 'Kim',
    family_name: 'Lee',
    picture: 'https://example.org/kim.png',
  },
]
const clients = [{ clientId: 'rp-1', clientSecret: 'rp-secret', redirectUris: [REDIRECT] }]

beforeAll(async () => {
  op = await startGoogleEmulator({ users, clients })
})
afterAll(() => op.close())

function client(issuer = op.url, secret = 'rp-secret'): OidcClient {
  return oidc({ issuer, clientId: 'rp-1', clientSecret: secret, redirectUri: REDIRECT })
}

describe('OpenID Connect client with a run-time issuer', () => {
  it('discovers every endpoint, authenticates with Basic, validates the ID token and its nonce', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    expect(url.origin + url.pathname).toBe(`${op.url}/o/oauth2/v2/auth`)
    expect(url.searchParams.get('nonce')).toBe(session.transaction.nonce)
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.claims).toMatchObject({ iss: op.issuer, sub: 'u-1', aud: 'rp-1' })
    const req = op.state.requests.filter((r) => r.path === '/token').at(-1)
    expect(req?.headers['authorization']).toMatch(/^Basic /)
    expect(new URLSearchParams(req?.body).has('client_secret')).toBe(false)
  })

  it('accepts expires_in written as a string (Azure AD v1.0 does), read as seconds', async () => {
    // The issuer's token answer rewritten the way Azure AD's v1.0 endpoint writes it.
    const stringly: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (!String(input).endsWith('/token') || !res.ok) return res
      const body = (await res.json()) as Record<string, unknown>
      return new Response(JSON.stringify({ ...body, expires_in: String(body['expires_in']) }), res)
    }
    const c = oidc({
      issuer: op.url,
      clientId: 'rp-1',
      clientSecret: 'rp-secret',
      redirectUri: REDIRECT,
      fetch: stringly,
    })
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500)
  })

  it('profile: ID token claims plus UserInfo (sub checked)', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(await c.profile(tokens)).toMatchObject({
      id: 'u-1',
      name: 'Kim',
      email: 'kim@example.org',
      emailVerified: false,
      avatarUrl: 'https://example.org/kim.png',
    })
    expect(op.state.requests.some((r) => r.path === '/v1/userinfo')).toBe(true)
  })

  it('refuses a nonce from another login', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const cb = await followAuthorize(url)
    const other = {
      ...session,
      transaction: { ...session.transaction, nonce: 'nonce-of-some-other-login-0' },
    }
    expect((await rejection(c.callback(cb, other))).code).toBe('NONCE_MISMATCH')
  })

  it('refuses discovery whose issuer is not the one configured', async () => {
    const liar = await startGoogleEmulator({ users, clients, issuer: 'https://accounts.example' })
    try {
      const c = client(liar.url)
      expect((await rejection(c.authorizationUrl())).code).toBe('METADATA_ISSUER_MISMATCH')
    } finally {
      await liar.close()
    }
  })

  it('refresh (when the issuer grants a refresh token) and revocation from discovery', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl({ params: { prompt: 'consent' } })
    // This issuer hands out refresh tokens for offline access; the request asks for it.
    url.searchParams.set('access_type', 'offline')
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.refreshToken).toBeTruthy()
    const renewed = await c.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.claims?.sub).toBe('u-1')
    await c.revoke(renewed.refreshToken!, { tokenTypeHint: 'refresh_token' })
    expect(op.state.requests.filter((r) => r.path === '/revoke')).not.toHaveLength(0)
    expect((await rejection(c.refresh(renewed))).error).toBe('invalid_grant')
  })

  it('a wrong secret is invalid_client; the issuer is required', async () => {
    const c = client(op.url, 'nope')
    const { url, session } = await c.authorizationUrl()
    expect((await rejection(c.callback(await followAuthorize(url), session))).error).toBe('invalid_client')
    await expect(
      oidc({ issuer: '', clientId: 'rp-1', redirectUri: REDIRECT }).authorizationUrl(),
    ).rejects.toThrow(/issuer/)
  })
})
