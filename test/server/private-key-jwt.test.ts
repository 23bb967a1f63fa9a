import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { JWT_BEARER_ASSERTION } from '../../runtime/server/lib/client-assertion.js'
import { formRequest, ISSUER, setup } from './fixtures.js'

let clientKey: CryptoKey
let otherKey: CryptoKey
let publicJwk: Record<string, unknown>

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  clientKey = pair.privateKey
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }
  otherKey = (await generateKeyPair('ES256')).privateKey
})

async function withKeyClient() {
  const f = await setup()
  await f.store.saveClient({
    clientId: 'svc',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [publicJwk] },
    redirectUris: [],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api:read',
  })
  return f
}

function assertion(
  now: number,
  claims: Record<string, unknown> = {},
  key: CryptoKey = clientKey,
  alg = 'ES256',
) {
  return new SignJWT({
    iss: 'svc',
    sub: 'svc',
    aud: ISSUER,
    jti: crypto.randomUUID(),
    exp: now + 60,
    iat: now,
    ...claims,
  })
    .setProtectedHeader({ alg, kid: 'k1' })
    .sign(key)
}

const tokenRequest = (jwt: string, extra?: Record<string, string>) =>
  formRequest('/token', {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: jwt,
    ...extra,
  })

describe('private_key_jwt client authentication (RFC 7523)', () => {
  it('accepts an assertion signed with a registered key, audience issuer or token endpoint', async () => {
    const f = await withKeyClient()
    const now = Math.floor(f.clock.now / 1000)
    for (const aud of [ISSUER, `${ISSUER}/token`]) {
      const res = await f.server.tokenEndpoint(tokenRequest(await assertion(now, { aud })))
      expect(res.status).toBe(200)
    }
    expect(f.server.metadata()['token_endpoint_auth_methods_supported']).toContain('private_key_jwt')
  })

  it('refuses a replayed assertion (same jti)', async () => {
    const f = await withKeyClient()
    const jwt = await assertion(Math.floor(f.clock.now / 1000))
    expect((await f.server.tokenEndpoint(tokenRequest(jwt))).status).toBe(200)
    const replay = await f.server.tokenEndpoint(tokenRequest(jwt))
    expect(replay.status).toBe(401)
    expect(await replay.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    })
  })

  const bad: [string, (now: number) => Promise<string>][] = [
    ['signed by another key', (now) => assertion(now, {}, otherKey)],
    ['expired', (now) => assertion(now - 600, { exp: now - 60 })],
    ['lives too long', (now) => assertion(now, { exp: now + 3600 })],
    ['wrong audience', (now) => assertion(now, { aud: 'https://other.example' })],
    ['iss differs from sub', (now) => assertion(now, { iss: 'web' })],
    ['no jti', (now) => assertion(now, { jti: undefined })],
    ['unknown client', (now) => assertion(now, { iss: 'ghost', sub: 'ghost' })],
    [
      'HS256 with the public key as secret',
      (now) =>
        new SignJWT({ iss: 'svc', sub: 'svc', aud: ISSUER, jti: 'x', exp: now + 60 })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(JSON.stringify(publicJwk))),
    ],
    [
      'unsigned (alg none)',
      async (now) =>
        `${btoa(JSON.stringify({ alg: 'none' })).replace(/=/g, '')}.${btoa(JSON.stringify({ iss: 'svc', sub: 'svc', aud: ISSUER, jti: 'y', exp: now + 60 })).replace(/=/g, '')}.`,
    ],
    ['not a JWT', async () => 'garbage'],
  ]
  it.each(bad)('%s -> 401 invalid_client', async (_name, make) => {
    const f = await withKeyClient()
    const res = await f.server.tokenEndpoint(tokenRequest(await make(Math.floor(f.clock.now / 1000))))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authspec"')
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    })
  })

  it('refuses a client_id that differs from the assertion subject', async () => {
    const f = await withKeyClient()
    const res = await f.server.tokenEndpoint(
      tokenRequest(await assertion(Math.floor(f.clock.now / 1000)), { client_id: 'web' }),
    )
    expect(res.status).toBe(401)
  })

  it('a secret-based client cannot authenticate with an assertion', async () => {
    const f = await withKeyClient()
    const web = await f.store.getClient('web')
    await f.store.saveClient({ ...web!, jwks: { keys: [publicJwk] } })
    const jwt = await assertion(Math.floor(f.clock.now / 1000), { iss: 'web', sub: 'web' })
    expect((await f.server.tokenEndpoint(tokenRequest(jwt))).status).toBe(401)
  })
})
