import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import {
  createAuthorizationServer,
  hybridGrant,
  implicitGrant,
  openIdExtension,
  pkceExtension,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys, USERS } from './fixtures.js'

const REDIRECT = 'http://127.0.0.1/callback'
let http: Server
let issuer: string

beforeAll(async () => {
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  http = createServer(toNodeListener((r) => handler(r), { maxBodyBytes: 16 * 1024 }))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const store = new MemoryStore()
  await store.saveClient({
    clientId: 'hy',
    clientSecretHash: await sha256Base64url('hy-secret'),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code'],
    responseTypes: ['code', 'code id_token', 'id_token'],
    scope: 'openid profile email',
  })
  const server = createAuthorizationServer({
    issuer,
    store,
    keys: await testKeys(),
    scopesSupported: ['openid', 'profile', 'email'],
    findUserClaims: async (sub) => USERS[sub],
    authorize: async () => ({
      user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
      approved: true,
    }),
  })
  server.registerGrant(hybridGrant('code id_token'), [pkceExtension(), openIdExtension()])
  server.registerGrant(implicitGrant('id_token'), [openIdExtension()])
  handler = server.handler
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

const discover = (execute: ((c: oidc.Configuration) => void)[]) =>
  oidc.discovery(new URL(issuer), 'hy', undefined, oidc.ClientSecretBasic('hy-secret'), {
    execute: [oidc.allowInsecureRequests, ...execute],
  })

async function front(url: URL): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

describe('openid-client v6: hybrid, implicit and the claims parameter', () => {
  it('code id_token (hybrid): openid-client validates the front-channel ID token (c_hash) and the code exchange', async () => {
    const config = await discover([oidc.useCodeIdTokenResponseType])
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })
    expect(url.searchParams.get('response_type')).toBe('code id_token')
    const callback = await front(url)
    expect(callback.search).toBe('')
    expect(new URLSearchParams(callback.hash.slice(1)).get('id_token')).toBeTruthy()
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    })
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: 'hy', sub: 'alice', nonce })
  })

  it('id_token (implicit): implicitAuthentication accepts our ID token', async () => {
    const config = await discover([oidc.useIdTokenResponseType])
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state,
      nonce,
    })
    expect(url.searchParams.get('response_type')).toBe('id_token')
    const callback = await front(url)
    const claims = await oidc.implicitAuthentication(config, callback, nonce, { expectedState: state })
    expect(claims).toMatchObject({ iss: issuer, aud: 'hy', sub: 'alice', nonce, email: 'alice@example.org' })
  })

  it('the claims parameter: asked-for claims reach the ID token and userinfo as openid-client reads them', async () => {
    const config = await discover([])
    expect(config.serverMetadata().claims_parameter_supported).toBe(true)
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      claims: JSON.stringify({ id_token: { email: { essential: true } }, userinfo: { name: null } }),
    })
    const tokens = await oidc.authorizationCodeGrant(config, await front(url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    })
    const claims = tokens.claims()!
    expect([claims['email'], claims['name']]).toEqual(['alice@example.org', undefined])
    const info = await oidc.fetchUserInfo(config, tokens.access_token, 'alice')
    expect(info).toEqual({ sub: 'alice', name: 'Alice Liddell' })
  })
})
