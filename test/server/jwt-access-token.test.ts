import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { generateSigningKeys, hashSecret, ResourceProtector } from '../../runtime/server/index.js'
import { jwtRecordKey } from '../../runtime/server/lib/tokens.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { basic, formRequest, ISSUER, setup, webTokens } from './fixtures.js'

const webAuth = { authorization: basic('web', 'web-secret') }
const API = 'https://api.example'

async function jwtServer() {
  return setup({ accessTokenFormat: 'jwt', accessTokenAudience: API })
}

async function ccToken(f: Awaited<ReturnType<typeof setup>>, scope = 'api:read') {
  const res = await f.server.tokenEndpoint(
    formRequest('/token', { grant_type: 'client_credentials', scope }, webAuth),
  )
  return (await res.json()).access_token as string
}

const bearer = (t: string) => new Request(`${API}/x`, { headers: { authorization: `Bearer ${t}` } })

describe('JWT access tokens (RFC 9068)', () => {
  it('issues at+jwt tokens with the RFC 9068 claims', async () => {
    const f = await jwtServer()
    const token = await ccToken(f)
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' })
    const now = Math.floor(f.clock.now / 1000)
    expect(decodeJwt(token)).toEqual({
      iss: ISSUER,
      sub: 'web',
      aud: API,
      iat: now,
      exp: now + 3600,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      client_id: 'web',
      scope: 'api:read',
    })
  })

  it('the resource protector verifies them and checks scopes', async () => {
    const f = await jwtServer()
    const p = f.server.resourceProtector({ now: () => f.clock.now })
    const info = await p.validate(bearer(await ccToken(f)), { scopes: ['api:read'] })
    expect(info).toMatchObject({ clientId: 'web', sub: 'web', scopes: ['api:read'] })
    await expect(p.validate(bearer(await ccToken(f)), { scopes: ['api:write'] })).rejects.toMatchObject({
      error: 'insufficient_scope',
      status: 403,
    })
  })

  it('works without a store (stateless) and with only the public keys', async () => {
    const f = await jwtServer()
    const p = new ResourceProtector({
      jwt: { issuer: ISSUER, audience: API, jwks: () => f.keys.jwks() },
      now: () => f.clock.now,
    })
    expect((await p.validate(bearer(await ccToken(f)))).clientId).toBe('web')
  })

  it('refuses ID tokens, tampered, expired, revoked and foreign-audience tokens', async () => {
    const f = await jwtServer()
    const p = f.server.resourceProtector({ now: () => f.clock.now })
    const { body } = await webTokens(f, { scope: 'openid api:read' })
    const expectInvalid = async (token: string) =>
      expect(p.validate(bearer(token))).rejects.toMatchObject({ error: 'invalid_token', status: 401 })
    await expectInvalid(body.id_token!)
    const [h, pl, s] = body.access_token!.split('.')
    const forged = btoa(JSON.stringify({ ...decodeJwt(body.access_token!), scope: 'api:write' })).replace(
      /=+$/,
      '',
    )
    await expectInvalid(`${h}.${forged.replace(/\+/g, '-').replace(/\//g, '_')}.${s}`)
    expect(pl).toBeTruthy()

    const other = new ResourceProtector({
      jwt: { issuer: ISSUER, audience: 'https://other-api.example', jwks: () => f.keys.jwks() },
      now: () => f.clock.now,
    })
    await expect(other.validate(bearer(body.access_token!))).rejects.toMatchObject({ error: 'invalid_token' })

    const revoked = await ccToken(f)
    await f.server.revocationEndpoint(formRequest('/revoke', { token: revoked }, webAuth))
    await expectInvalid(revoked)

    const later = await ccToken(f)
    f.clock.now += 3601_000
    await expectInvalid(later)
  })

  it('introspection and userinfo accept JWT access tokens', async () => {
    const f = await jwtServer()
    const { body } = await webTokens(f, { scope: 'openid email' })
    const intro = await (
      await f.server.introspectionEndpoint(formRequest('/introspect', { token: body.access_token! }, webAuth))
    ).json()
    expect(intro).toMatchObject({ active: true, sub: 'alice', client_id: 'web' })
    const info = await f.server.userinfoEndpoint(
      new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } }),
    )
    expect((await info.json()).email).toBe('alice@example.org')
  })

  it('revocation, introspection and userinfo find a JWT by its verified jti, never a forged one', async () => {
    const f = await jwtServer()
    const p = f.server.resourceProtector({ now: () => f.clock.now })
    const { body } = await webTokens(f, { scope: 'openid email' })
    const token = body.access_token!
    // Same header and claims (so the same jti), signed with a key that is not the server's.
    const { privateKey } = await generateKeyPair('RS256')
    const forged = await new SignJWT(decodeJwt(token))
      .setProtectedHeader(decodeProtectedHeader(token) as { alg: string })
      .sign(privateKey)
    const introspect = async (t: string) =>
      (await (await f.server.introspectionEndpoint(formRequest('/introspect', { token: t }, webAuth))).json())
        .active
    const userinfo = async (t: string) =>
      (
        await f.server.userinfoEndpoint(
          new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${t}` } }),
        )
      ).status
    expect([await introspect(forged), await userinfo(forged)]).toEqual([false, 401])
    expect([await introspect(body.id_token!), await userinfo(body.id_token!)]).toEqual([false, 401])
    await f.server.revocationEndpoint(formRequest('/revoke', { token: forged }, webAuth))
    await f.server.revocationEndpoint(formRequest('/revoke', { token: body.id_token! }, webAuth))
    expect([await introspect(token), await userinfo(token)]).toEqual([true, 200])
    expect((await p.validate(bearer(token))).sub).toBe('alice')

    await f.server.revocationEndpoint(formRequest('/revoke', { token }, webAuth))
    expect([await introspect(token), await userinfo(token)]).toEqual([false, 401])
    await expect(p.validate(bearer(token))).rejects.toMatchObject({ error: 'invalid_token' })
  })

  it('still honours records kept under the hash of the JWT (written before records were keyed by jti)', async () => {
    const issuing = await jwtServer()
    const token = await ccToken(issuing)
    const record = await issuing.store.getToken(jwtRecordKey(String(decodeJwt(token).jti)))
    // A store (same issuer and keys) that knows the token only as earlier versions stored it.
    const f = await jwtServer()
    await f.store.saveToken({ ...record!, tokenHash: await hashSecret(token) })
    const p = f.server.resourceProtector({ now: () => f.clock.now })
    const introspect = async () =>
      (await (await f.server.introspectionEndpoint(formRequest('/introspect', { token }, webAuth))).json())
        .active
    expect((await p.validate(bearer(token))).clientId).toBe('web')
    expect(await introspect()).toBe(true)
    await f.server.revocationEndpoint(formRequest('/revoke', { token }, webAuth))
    await expect(p.validate(bearer(token))).rejects.toMatchObject({ error: 'invalid_token' })
    expect(await introspect()).toBe(false)
  })

  it('the protector follows key rotation and removal, token after token', async () => {
    const keys = await generateSigningKeys({ alg: 'ES256' })
    const f = await setup({ accessTokenFormat: 'jwt', accessTokenAudience: API, keys })
    const p = f.server.resourceProtector({ now: () => f.clock.now })
    const before = await ccToken(f)
    const oldKid = decodeProtectedHeader(before).kid!
    await keys.rotate()
    const after = await ccToken(f)
    expect(decodeProtectedHeader(after).kid).not.toBe(oldKid)
    for (const token of [before, after, before, after])
      expect((await p.validate(bearer(token))).clientId).toBe('web')
    // The old key's header with a signature of the new key: same header segment, wrong key.
    const [oldHeader] = before.split('.')
    const [, payload, signature] = after.split('.')
    await expect(p.validate(bearer(`${oldHeader}.${payload}.${signature}`))).rejects.toMatchObject({
      error: 'invalid_token',
    })
    keys.keySet.remove(oldKid)
    await expect(p.validate(bearer(before))).rejects.toMatchObject({ error: 'invalid_token' })
    expect((await p.validate(bearer(after))).clientId).toBe('web')
  })

  it('a client may opt into JWT access tokens while the server default stays opaque', async () => {
    const f = await setup()
    expect(await ccToken(f)).toMatch(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
    const web = await f.store.getClient('web')
    await f.store.saveClient({ ...web!, accessTokenFormat: 'jwt' })
    expect(decodeProtectedHeader(await ccToken(f)).typ).toBe('at+jwt')
  })

  it('refuses JWT access tokens without keys', async () => {
    const { createAuthorizationServer } = await import('../../runtime/server/index.js')
    expect(() =>
      createAuthorizationServer({ issuer: ISSUER, store: new MemoryStore(), accessTokenFormat: 'jwt' }),
    ).toThrow('"keys" are required for JWT access tokens')
  })
})
