import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import {
  type AuthorizationServer,
  createAuthorizationServer,
  DEVICE_CODE_GRANT,
  deviceCodeGrant,
  openIdExtension,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys, USERS } from './fixtures.js'

const REDIRECT = 'http://127.0.0.1/callback'
let http: Server
let issuer: string
let server: AuthorizationServer
let config: oidc.Configuration
let publicConfig: oidc.Configuration
let assertionKey: CryptoKey

beforeAll(async () => {
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  http = createServer(toNodeListener((r) => handler(r), { maxBodyBytes: 16 * 1024 }))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const store = new MemoryStore()
  await store.saveClient({
    clientId: 'rp',
    clientSecretHash: await sha256Base64url('rp-secret'),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    responseTypes: ['code'],
    scope: 'openid profile email api',
  })
  await store.saveClient({
    clientId: 'spa',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    scope: 'openid email',
  })
  const pair = await generateKeyPair('ES256', { extractable: true })
  assertionKey = pair.privateKey
  await store.saveClient({
    clientId: 'svc',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'svc-1', alg: 'ES256', use: 'sig' }] },
    redirectUris: [],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api',
  })
  server = createAuthorizationServer({
    issuer,
    store,
    keys: await testKeys(),
    scopesSupported: ['openid', 'profile', 'email', 'api'],
    findUserClaims: async (sub) => USERS[sub],
    device: { interval: 1 },
    // rp introspects the other clients' tokens as the resource server they are meant for.
    introspection: { resourceServers: ['rp'] },
    registration: { initialAccessToken: (t) => t === 'let-me-register' },
    // The test user signs in and approves everything.
    authorize: async () => ({
      user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
      approved: true,
    }),
  })
  server.registerGrant(deviceCodeGrant(), [openIdExtension()])
  await store.saveClient({
    clientId: 'tv',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [],
    grantTypes: [DEVICE_CODE_GRANT],
    responseTypes: [],
    scope: 'openid profile',
  })
  handler = server.handler
  const insecure = { execute: [oidc.allowInsecureRequests] }
  config = await oidc.discovery(
    new URL(issuer),
    'rp',
    undefined,
    oidc.ClientSecretBasic('rp-secret'),
    insecure,
  )
  publicConfig = await oidc.discovery(new URL(issuer), 'spa', undefined, oidc.None(), insecure)
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

async function signIn(cfg: oidc.Configuration, scope: string) {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(cfg, {
    redirect_uri: REDIRECT,
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  const callback = new URL(res.headers.get('location')!)
  const tokens = await oidc.authorizationCodeGrant(cfg, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  })
  return { tokens, callback }
}

describe('openid-client v6 against the authorization server over HTTP', () => {
  it('discovers the server', () => {
    const md = config.serverMetadata()
    expect(md.issuer).toBe(issuer)
    expect(md.token_endpoint).toBe(`${issuer}/token`)
    expect(md.authorization_response_iss_parameter_supported).toBe(true)
  })

  it('authorization code + PKCE: openid-client validates our ID token', async () => {
    const { tokens, callback } = await signIn(config, 'openid profile email')
    expect(callback.searchParams.get('iss')).toBe(issuer)
    const claims = tokens.claims()!
    expect(claims).toMatchObject({ iss: issuer, aud: 'rp', sub: 'alice', name: 'Alice Liddell' })
    expect(typeof claims.auth_time).toBe('number')
    expect(tokens.refresh_token).toBeTruthy()
  })

  it('a public client signs in with PKCE and no secret', async () => {
    const { tokens } = await signIn(publicConfig, 'openid email')
    expect(tokens.claims()?.email).toBe('alice@example.org')
  })

  it('userinfo', async () => {
    const { tokens } = await signIn(config, 'openid email')
    const info = await oidc.fetchUserInfo(config, tokens.access_token, 'alice')
    expect(info).toEqual({ sub: 'alice', email: 'alice@example.org', email_verified: true })
  })

  it('refresh with rotation; reusing the old refresh token fails and revokes the family', async () => {
    const { tokens } = await signIn(config, 'openid profile')
    const next = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
    expect(next.refresh_token).toBeTruthy()
    expect(next.refresh_token).not.toBe(tokens.refresh_token)
    expect(next.claims()?.sub).toBe('alice')
    const reuse = await oidc.refreshTokenGrant(config, tokens.refresh_token!).catch((e: unknown) => e)
    expect(reuse).toBeInstanceOf(oidc.ResponseBodyError)
    expect((reuse as oidc.ResponseBodyError).error).toBe('invalid_grant')
    expect((await oidc.tokenIntrospection(config, next.access_token)).active).toBe(false)
  })

  it('client_credentials', async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' })
    expect(tokens.token_type).toBe('bearer')
    expect(tokens.scope).toBe('api')
    expect(tokens.expires_in).toBe(3600)
  })

  it('introspection and revocation', async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' })
    const before = await oidc.tokenIntrospection(config, tokens.access_token)
    expect(before).toMatchObject({ active: true, client_id: 'rp', scope: 'api', token_type: 'Bearer' })
    await oidc.tokenRevocation(config, tokens.access_token)
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false })
  })

  it('device flow: openid-client polls until the user approves', async () => {
    const tv = await oidc.discovery(new URL(issuer), 'tv', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    })
    const device = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid profile' })
    expect(device.verification_uri).toBe(`${issuer}/device`)
    // The user opens the verification page a moment later and approves.
    setTimeout(() => {
      void server.completeDeviceAuthorization(device.user_code, {
        user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
        approved: true,
      })
    }, 300)
    const tokens = await oidc.pollDeviceAuthorizationGrant(tv, device)
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: 'tv', sub: 'alice', name: 'Alice Liddell' })
  })

  it('dynamic registration, then the registered client signs in', async () => {
    const cfg = await oidc.dynamicClientRegistration(
      new URL(issuer),
      {
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        scope: 'openid email',
      },
      oidc.ClientSecretBasic(),
      { initialAccessToken: 'let-me-register', execute: [oidc.allowInsecureRequests] },
    )
    expect(cfg.clientMetadata().client_secret).toBeTruthy()
    const { tokens } = await signIn(cfg, 'openid email')
    expect(tokens.claims()?.aud).toBe(cfg.clientMetadata().client_id)
  })

  it('private_key_jwt client authentication', async () => {
    const cfg = await oidc.discovery(
      new URL(issuer),
      'svc',
      undefined,
      oidc.PrivateKeyJwt({ key: assertionKey, kid: 'svc-1' }),
      { execute: [oidc.allowInsecureRequests] },
    )
    const tokens = await oidc.clientCredentialsGrant(cfg, { scope: 'api' })
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).client_id).toBe('svc')
  })

  it('a wrong client secret is refused with 401 invalid_client', async () => {
    const bad = await oidc.discovery(new URL(issuer), 'rp', undefined, oidc.ClientSecretBasic('wrong'), {
      execute: [oidc.allowInsecureRequests],
    })
    const err = await oidc.clientCredentialsGrant(bad, { scope: 'api' }).catch((e: unknown) => e)
    // openid-client surfaces a 401 with WWW-Authenticate as a challenge error; the body is intact.
    expect(err).toBeInstanceOf(oidc.WWWAuthenticateChallengeError)
    const e = err as oidc.WWWAuthenticateChallengeError
    expect(e.status).toBe(401)
    expect(e.cause[0]?.scheme).toBe('basic')
    expect(await e.response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    })
  })
})

describe('node:http adapter', () => {
  it('GET to the token endpoint is refused with 405', async () => {
    const res = await fetch(`${issuer}/token`)
    expect(res.status).toBe(405)
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'this endpoint accepts only POST',
    })
  })

  it('bodies over the limit get 413 and the server keeps serving', async () => {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a=${'x'.repeat(20_000)}`,
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error).toBe('invalid_request')
    expect((await fetch(`${issuer}/.well-known/openid-configuration`)).status).toBe(200)
  })

  it('an unregistered redirect_uri gets an error page over HTTP, not a redirect', async () => {
    const url = new URL(`${issuer}/authorize`)
    url.search = new URLSearchParams({
      client_id: 'rp',
      redirect_uri: 'http://127.0.0.1/evil',
      response_type: 'code',
    }).toString()
    const res = await fetch(url, { redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('responses keep their headers (no-store, WWW-Authenticate)', async () => {
    const res = await fetch(`${issuer}/userinfo`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="authspec"')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
