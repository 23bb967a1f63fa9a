import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { randomToken, sha256Base64url } from '../../runtime/lib/random.js'
import {
  type AuthorizationServer,
  createAuthorizationServer,
  type ServerEvent,
} from '../../runtime/server/index.js'
import { JWT_BEARER_ASSERTION } from '../../runtime/server/lib/client-assertion.js'
import { sealClientSecret } from '../../runtime/storage/key-vault.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import type { ClientRecord } from '../../runtime/storage/store.js'

const KEK = randomToken(32)
const SECRET = randomToken(48)
const HS512_SECRET = randomToken(48)
const SHORT_SECRET = randomToken(32)
let http: Server
let issuer: string
let store: MemoryStore
let server: AuthorizationServer
let noKekServer: AuthorizationServer
let useNoKek = false
let rsaKey: CryptoKey
let psKey: CryptoKey
let publicJwk: Record<string, unknown>
const events: ServerEvent[] = []

const base: Omit<ClientRecord, 'clientId' | 'tokenEndpointAuthMethod'> = {
  redirectUris: [],
  grantTypes: ['client_credentials'],
  responseTypes: [],
  scope: 'api',
}

beforeAll(async () => {
  http = createServer(toNodeListener((r) => (useNoKek ? noKekServer : server).handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  store = new MemoryStore()
  const pair = await generateKeyPair('RS256', { extractable: true })
  rsaKey = pair.privateKey
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1' }
  await store.saveClient({
    ...base,
    clientId: 'hmac',
    tokenEndpointAuthMethod: 'client_secret_jwt',
    clientSecretSealed: await sealClientSecret(SECRET, KEK, 'hmac'),
  })
  await store.saveClient({
    ...base,
    clientId: 'hmac512',
    tokenEndpointAuthMethod: 'client_secret_jwt',
    tokenEndpointAuthSigningAlg: 'HS512',
    clientSecretSealed: await sealClientSecret(HS512_SECRET, KEK, 'hmac512'),
  })
  // A sealed secret copied from another client must not open for this one.
  // 43 characters: enough for HS256, too short a key for HS512 (RFC 7518 §3.2).
  await store.saveClient({
    ...base,
    clientId: 'short512',
    tokenEndpointAuthMethod: 'client_secret_jwt',
    tokenEndpointAuthSigningAlg: 'HS512',
    clientSecretSealed: await sealClientSecret(SHORT_SECRET, KEK, 'short512'),
  })
  await store.saveClient({
    ...base,
    clientId: 'moved',
    tokenEndpointAuthMethod: 'client_secret_jwt',
    clientSecretSealed: await sealClientSecret(SECRET, KEK, 'hmac'),
  })
  await store.saveClient({
    ...base,
    clientId: 'keys',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [publicJwk] },
  })
  const ps = await generateKeyPair('PS256', { extractable: true })
  psKey = ps.privateKey
  await store.saveClient({
    ...base,
    clientId: 'keys-ps256',
    tokenEndpointAuthMethod: 'private_key_jwt',
    tokenEndpointAuthSigningAlg: 'PS256',
    jwks: { keys: [publicJwk, { ...(await exportJWK(ps.publicKey)), kid: 'k2' }] },
  })
  await store.saveClient({
    ...base,
    clientId: 'basic',
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecretHash: await sha256Base64url(SECRET),
  })
  server = createAuthorizationServer({
    issuer,
    store,
    clientSecretKek: KEK,
    scopesSupported: ['api'],
    onEvent: (e) => events.push(e),
  })
  noKekServer = createAuthorizationServer({ issuer, store, scopesSupported: ['api'] })
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

const now = () => Math.floor(Date.now() / 1000)

function hmacAssertion(secret: string, claims: Record<string, unknown> = {}, alg = 'HS256', sub = 'hmac') {
  return new SignJWT({
    iss: sub,
    sub,
    aud: issuer,
    jti: crypto.randomUUID(),
    iat: now(),
    exp: now() + 60,
    ...claims,
  })
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret))
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers }
}

const withAssertion = (jwt: string, extra: Record<string, string> = {}) =>
  token({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: jwt, ...extra })

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' }

describe('client_secret_jwt client authentication (RFC 7523 §2.2, OIDC Core §9) over HTTP', () => {
  it('accepts an HS256 assertion signed with the sealed secret, aud issuer or token endpoint', async () => {
    for (const aud of [() => issuer, () => `${issuer}/token`]) {
      const res = await withAssertion(await hmacAssertion(SECRET, { aud: aud() }), { client_id: 'hmac' })
      expect(res.status).toBe(200)
      expect(res.body['access_token']).toEqual(expect.any(String))
    }
  })

  it('reports the method in the client_authenticated event, never the secret or assertion', async () => {
    events.length = 0
    const jwt = await hmacAssertion(SECRET)
    expect((await withAssertion(jwt)).status).toBe(200)
    expect(events[0]).toEqual({ type: 'client_authenticated', clientId: 'hmac', method: 'client_secret_jwt' })
    const text = JSON.stringify(events)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(jwt)
  })

  it('holds a private_key_jwt client to its registered token_endpoint_auth_signing_alg', async () => {
    const sign = (alg: string, kid: string, key: CryptoKey) =>
      new SignJWT({
        iss: 'keys-ps256',
        sub: 'keys-ps256',
        aud: issuer,
        jti: crypto.randomUUID(),
        exp: now() + 60,
      })
        .setProtectedHeader({ alg, kid })
        .sign(key)
    expect((await withAssertion(await sign('PS256', 'k2', psKey))).status).toBe(200)
    expect(await withAssertion(await sign('RS256', 'k1', rsaKey))).toMatchObject({
      status: 401,
      body: INVALID_CLIENT,
    })
    // The same RS256 assertion shape is fine for a client without a registered algorithm.
    const rs = await new SignJWT({
      iss: 'keys',
      sub: 'keys',
      aud: issuer,
      jti: crypto.randomUUID(),
      exp: now() + 60,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(rsaKey)
    expect((await withAssertion(rs)).status).toBe(200)
  })

  it('accepts HS512 from a client registered for HS512', async () => {
    const res = await withAssertion(await hmacAssertion(HS512_SECRET, {}, 'HS512', 'hmac512'))
    expect(res.status).toBe(200)
  })

  it.each([
    ['wrong secret', () => hmacAssertion(randomToken(48))],
    ['HS384 from a client registered for the HS256 default', () => hmacAssertion(SECRET, {}, 'HS384')],
    ['HS256 from a client registered for HS512', () => hmacAssertion(HS512_SECRET, {}, 'HS256', 'hmac512')],
    ['unknown client', () => hmacAssertion(SECRET, {}, 'HS256', 'nobody')],
    [
      'HS512 keyed with a secret shorter than 64 bytes',
      () => hmacAssertion(SHORT_SECRET, {}, 'HS512', 'short512'),
    ],
    ['expired', () => hmacAssertion(SECRET, { iat: now() - 600, exp: now() - 120 })],
    ['lifetime too long', () => hmacAssertion(SECRET, { exp: now() + 3600 })],
    ['wrong audience', () => hmacAssertion(SECRET, { aud: 'https://other.example' })],
    ['iss differs from sub', () => hmacAssertion(SECRET, { iss: 'basic' })],
    ['no jti', () => hmacAssertion(SECRET, { jti: undefined })],
    ['sealed secret moved to another client', () => hmacAssertion(SECRET, {}, 'HS256', 'moved')],
    [
      'alg none',
      async () => {
        const h = btoa(JSON.stringify({ alg: 'none' })).replace(/=+$/, '')
        const p = btoa(JSON.stringify({ iss: 'hmac', sub: 'hmac', aud: issuer, jti: 'x', exp: now() + 60 }))
        return `${h}.${p.replace(/=+$/, '')}.`
      },
    ],
    [
      'RS256 assertion for a client_secret_jwt client',
      () =>
        new SignJWT({ iss: 'hmac', sub: 'hmac', aud: issuer, jti: crypto.randomUUID(), exp: now() + 60 })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .sign(rsaKey),
    ],
    [
      // Algorithm confusion: the public JWK used as an HMAC secret must not authenticate.
      'HS256 assertion for a private_key_jwt client keyed with its public key',
      () => hmacAssertion(JSON.stringify(publicJwk), {}, 'HS256', 'keys'),
    ],
    [
      'HS256 assertion for a client_secret_basic client keyed with its secret',
      () => hmacAssertion(SECRET, {}, 'HS256', 'basic'),
    ],
  ])('answers the one invalid_client 401 for: %s', async (_name, make) => {
    const res = await withAssertion(await make())
    expect(res.status).toBe(401)
    expect(res.body).toEqual(INVALID_CLIENT)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authspec"')
  })

  it('refuses a replayed assertion (same jti)', async () => {
    const jwt = await hmacAssertion(SECRET)
    expect((await withAssertion(jwt)).status).toBe(200)
    const replay = await withAssertion(jwt)
    expect(replay.status).toBe(401)
    expect(replay.body).toEqual(INVALID_CLIENT)
  })

  it('refuses the secret itself from a client_secret_jwt client (basic or post)', async () => {
    const basic = `Basic ${btoa(`hmac:${SECRET}`)}`
    expect(await token({}, { authorization: basic })).toMatchObject({ status: 401, body: INVALID_CLIENT })
    expect(await token({ client_id: 'hmac', client_secret: SECRET })).toMatchObject({
      status: 401,
      body: INVALID_CLIENT,
    })
  })

  it('refuses an assertion together with another method', async () => {
    const res = await withAssertion(await hmacAssertion(SECRET), { client_secret: SECRET })
    expect(res.status).toBe(400)
    expect(res.body['error']).toBe('invalid_request')
  })

  it('is off without a key-encryption key: not in metadata, assertions refused', async () => {
    useNoKek = true
    try {
      const md = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<
        string,
        string[]
      >
      expect(md['token_endpoint_auth_methods_supported']).not.toContain('client_secret_jwt')
      expect(md['token_endpoint_auth_signing_alg_values_supported']).not.toContain('HS256')
      const res = await withAssertion(await hmacAssertion(SECRET))
      expect(res).toMatchObject({ status: 401, body: INVALID_CLIENT })
    } finally {
      useNoKek = false
    }
  })

  it('publishes client_secret_jwt and HS* (never none) with a key-encryption key', async () => {
    const md = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string[]
    >
    for (const member of [
      'token_endpoint_auth_methods_supported',
      'revocation_endpoint_auth_methods_supported',
      'introspection_endpoint_auth_methods_supported',
    ]) {
      expect(md[member]).toContain('client_secret_jwt')
    }
    for (const member of [
      'token_endpoint_auth_signing_alg_values_supported',
      'revocation_endpoint_auth_signing_alg_values_supported',
      'introspection_endpoint_auth_signing_alg_values_supported',
    ]) {
      expect(md[member]).toEqual(expect.arrayContaining(['HS256', 'HS384', 'HS512', 'RS256', 'ES256']))
      expect(md[member]).not.toContain('none')
    }
  })
})

describe('sealClientSecret / openClientSecret', () => {
  it('opens only with the same key-encryption key and client id', async () => {
    const { openClientSecret } = await import('../../runtime/storage/key-vault.js')
    const { ArgumentError } = await import('../../runtime/errors.js')
    const sealed = await sealClientSecret(SECRET, KEK, 'hmac')
    expect(sealed).not.toContain(SECRET)
    expect(await openClientSecret(sealed, KEK, 'hmac')).toBe(SECRET)
    await expect(openClientSecret(sealed, randomToken(32), 'hmac')).rejects.toBeInstanceOf(ArgumentError)
    await expect(openClientSecret(sealed, KEK, 'other')).rejects.toBeInstanceOf(ArgumentError)
    const [h, k, iv, ct, tag] = sealed.split('.')
    const altered = [h, k, iv, `${ct === 'A' ? 'B' : 'A'}${ct!.slice(1)}`, tag].join('.')
    await expect(openClientSecret(altered, KEK, 'hmac')).rejects.toBeInstanceOf(ArgumentError)
    await expect(sealClientSecret(SECRET, 'short', 'hmac')).rejects.toBeInstanceOf(ArgumentError)
    await expect(sealClientSecret('x'.repeat(31), KEK, 'hmac')).rejects.toBeInstanceOf(ArgumentError)
  })
})

describe('assertion signing algorithms in metadata follow the accepted methods', () => {
  it.each([
    [['client_secret_basic'], undefined],
    [['client_secret_jwt'], ['HS256', 'HS384', 'HS512']],
    [
      ['private_key_jwt'],
      ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'],
    ],
  ])('token grant accepting %j publishes %j', (methods, algs) => {
    const s = createAuthorizationServer({
      issuer,
      store,
      clientSecretKek: KEK,
      scopesSupported: ['api'],
      defaultGrants: false,
    })
    s.registerGrant({
      grantType: 'urn:example:grant',
      clientAuthMethods: methods,
      handleTokenRequest: async () => ({ access_token: 'x', token_type: 'Bearer', expires_in: 1 }),
    })
    const md = s.metadata()
    expect(md['token_endpoint_auth_methods_supported']).toEqual(methods)
    expect(md['token_endpoint_auth_signing_alg_values_supported']).toEqual(algs)
    // Revocation and introspection still take every method the server verifies.
    expect(md['revocation_endpoint_auth_signing_alg_values_supported']).toEqual(
      expect.arrayContaining(['HS256', 'ES256']),
    )
  })
})
