import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { randomToken } from '../../runtime/lib/random.js'
import { type AuthorizationServer, createAuthorizationServer } from '../../runtime/server/index.js'
import { openClientSecret, sealClientSecret } from '../../runtime/storage/key-vault.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys, USERS } from './fixtures.js'

const REDIRECT = 'http://127.0.0.1/callback'
const KEK = randomToken(32)
const SECRET = randomToken(48)
const insecure = { execute: [oidc.allowInsecureRequests] }
let http: Server
let issuer: string
let store: MemoryStore
let server: AuthorizationServer
let noKek: AuthorizationServer
let current: () => AuthorizationServer

beforeAll(async () => {
  http = createServer(toNodeListener((r) => current().handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  store = new MemoryStore()
  await store.saveClient({
    clientId: 'rp-jwt',
    tokenEndpointAuthMethod: 'client_secret_jwt',
    clientSecretSealed: await sealClientSecret(SECRET, KEK, 'rp-jwt'),
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    responseTypes: ['code'],
    scope: 'openid email offline_access api',
  })
  const options = {
    issuer,
    store,
    keys: await testKeys(),
    scopesSupported: ['openid', 'email', 'offline_access', 'api'],
    findUserClaims: async (sub: string) => USERS[sub],
    registration: { initialAccessToken: (t: string) => t === 'let-me-register' },
    authorize: async () => ({
      user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
      approved: true,
    }),
  }
  server = createAuthorizationServer({ ...options, clientSecretKek: KEK })
  noKek = createAuthorizationServer(options)
  current = () => server
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

async function signIn(cfg: oidc.Configuration, scope: string) {
  const verifier = oidc.randomPKCECodeVerifier()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(cfg, {
    redirect_uri: REDIRECT,
    scope,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return oidc.authorizationCodeGrant(cfg, new URL(res.headers.get('location')!), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    idTokenExpected: true,
  })
}

async function register(metadata: Record<string, unknown>) {
  const res = await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer let-me-register' },
    body: JSON.stringify(metadata),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** openid-client surfaces our 401 as a WWW-Authenticate challenge; the body is the RFC 6749 §5.2 error. */
async function expectInvalidClient(attempt: Promise<unknown>) {
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(oidc.WWWAuthenticateChallengeError)
  const challenge = err as oidc.WWWAuthenticateChallengeError
  expect(challenge.status).toBe(401)
  expect(challenge.cause[0]?.scheme).toBe('basic')
  expect(await challenge.response.json()).toEqual({
    error: 'invalid_client',
    error_description: 'client authentication failed',
  })
}

describe('openid-client ClientSecretJwt against our token endpoint', () => {
  it('client_credentials with a client whose secret is sealed at rest', async () => {
    const cfg = await oidc.discovery(
      new URL(issuer),
      'rp-jwt',
      undefined,
      oidc.ClientSecretJwt(SECRET),
      insecure,
    )
    expect(cfg.serverMetadata().token_endpoint_auth_methods_supported).toContain('client_secret_jwt')
    const tokens = await oidc.clientCredentialsGrant(cfg, { scope: 'api' })
    expect(tokens.access_token).toEqual(expect.any(String))
    expect(tokens.scope).toBe('api')
  })

  it('code flow with PKCE, ID token accepted by openid-client, refresh, introspection, revocation', async () => {
    const cfg = await oidc.discovery(
      new URL(issuer),
      'rp-jwt',
      undefined,
      oidc.ClientSecretJwt(SECRET),
      insecure,
    )
    const tokens = await signIn(cfg, 'openid email offline_access')
    expect(tokens.claims()).toMatchObject({ sub: 'alice', aud: 'rp-jwt', email: 'alice@example.org' })
    const refreshed = await oidc.refreshTokenGrant(cfg, tokens.refresh_token!)
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    const info = await oidc.tokenIntrospection(cfg, refreshed.access_token)
    expect(info).toMatchObject({ active: true, client_id: 'rp-jwt', sub: 'alice' })
    await oidc.tokenRevocation(cfg, refreshed.access_token)
    expect((await oidc.tokenIntrospection(cfg, refreshed.access_token)).active).toBe(false)
  })

  it('refuses a wrong secret with invalid_client', async () => {
    const cfg = await oidc.discovery(
      new URL(issuer),
      'rp-jwt',
      undefined,
      oidc.ClientSecretJwt(randomToken(48)),
      insecure,
    )
    await expectInvalidClient(oidc.clientCredentialsGrant(cfg, { scope: 'api' }))
  })

  it('dynamic registration (RFC 7591) of a client_secret_jwt client, then ClientSecretJwt with the issued secret', async () => {
    const cfg = await oidc.dynamicClientRegistration(
      new URL(issuer),
      {
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'client_credentials'],
        token_endpoint_auth_method: 'client_secret_jwt',
        scope: 'openid email api',
      },
      oidc.ClientSecretJwt(),
      { initialAccessToken: 'let-me-register', ...insecure },
    )
    const md = cfg.clientMetadata()
    const secret = md.client_secret as string
    // 64 characters: at least 512 bits of key for HS512 (RFC 7518 §3.2).
    expect(secret).toHaveLength(64)
    expect(md.token_endpoint_auth_method).toBe('client_secret_jwt')
    const stored = await store.getClient(md.client_id)
    expect(stored?.clientSecretHash).toBeUndefined()
    expect(stored?.clientSecretSealed).toEqual(expect.any(String))
    expect(stored?.clientSecretSealed).not.toContain(secret)
    expect(await openClientSecret(stored!.clientSecretSealed!, KEK, md.client_id)).toBe(secret)
    expect((await oidc.clientCredentialsGrant(cfg, { scope: 'api' })).access_token).toEqual(
      expect.any(String),
    )
    const tokens = await signIn(cfg, 'openid email')
    expect(tokens.claims()?.aud).toBe(md.client_id)
  })

  it('keeps only the hash for client_secret_basic registrations', async () => {
    const { status, body } = await register({ redirect_uris: [REDIRECT], scope: 'openid' })
    expect(status).toBe(201)
    const stored = await store.getClient(body['client_id'] as string)
    expect(stored?.clientSecretSealed).toBeUndefined()
    expect(stored?.clientSecretHash).toEqual(expect.any(String))
  })

  it.each([
    [
      'HS256 for private_key_jwt',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'HS256',
        jwks: { keys: [{}] },
      },
      'unsupported token_endpoint_auth_signing_alg: HS256',
    ],
    [
      'RS256 for client_secret_jwt',
      { token_endpoint_auth_method: 'client_secret_jwt', token_endpoint_auth_signing_alg: 'RS256' },
      'unsupported token_endpoint_auth_signing_alg: RS256',
    ],
    [
      'none for client_secret_jwt',
      { token_endpoint_auth_method: 'client_secret_jwt', token_endpoint_auth_signing_alg: 'none' },
      'unsupported token_endpoint_auth_signing_alg: none',
    ],
    [
      'a signing alg for client_secret_basic',
      { token_endpoint_auth_method: 'client_secret_basic', token_endpoint_auth_signing_alg: 'HS256' },
      'token_endpoint_auth_signing_alg needs a JWT authentication method',
    ],
  ])('refuses %s', async (_name, metadata, description) => {
    const { status, body } = await register({ redirect_uris: [REDIRECT], ...metadata })
    expect(status).toBe(400)
    expect(body).toEqual({ error: 'invalid_client_metadata', error_description: description })
  })

  it('registers HS512 and the client authenticates with it', async () => {
    const { status, body } = await register({
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS512',
      scope: 'api',
    })
    expect(status).toBe(201)
    expect(body['token_endpoint_auth_signing_alg']).toBe('HS512')
    const stored = await store.getClient(body['client_id'] as string)
    expect(stored?.tokenEndpointAuthSigningAlg).toBe('HS512')
    // openid-client always signs HS256: refused for an HS512 client.
    const cfg = await oidc.discovery(
      new URL(issuer),
      body['client_id'] as string,
      undefined,
      oidc.ClientSecretJwt(body['client_secret'] as string),
      insecure,
    )
    await expectInvalidClient(oidc.clientCredentialsGrant(cfg, { scope: 'api' }))
  })

  it('refuses to switch a registered client between a hashed and a sealed secret (RFC 7592 PUT)', async () => {
    const { body } = await register({ grant_types: ['client_credentials'], scope: 'api' })
    const res = await fetch(body['registration_client_uri'] as string, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${body['registration_access_token'] as string}`,
      },
      body: JSON.stringify({
        client_id: body['client_id'],
        grant_types: ['client_credentials'],
        scope: 'api',
        token_endpoint_auth_method: 'client_secret_jwt',
      }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Record<string, string>)['error']).toBe('invalid_client_metadata')
  })

  it('refuses client_secret_jwt registration when the server has no key-encryption key', async () => {
    current = () => noKek
    try {
      const { status, body } = await register({
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_jwt',
        scope: 'api',
      })
      expect(status).toBe(400)
      expect(body).toEqual({
        error: 'invalid_client_metadata',
        error_description: 'client_secret_jwt is not supported by this server',
      })
    } finally {
      current = () => server
    }
  })
})
