import { describe, expect, it } from 'vitest'
import { basic, formRequest, setup, webTokens } from './fixtures.js'

const webAuth = { authorization: basic('web', 'web-secret') }
const refresh = (refresh_token: string, extra?: Record<string, string>, headers = webAuth) =>
  formRequest('/token', { grant_type: 'refresh_token', refresh_token, ...extra }, headers)
const introspect = async (f: Awaited<ReturnType<typeof setup>>, token: string) =>
  (await f.server.introspectionEndpoint(formRequest('/introspect', { token }, webAuth))).json()

describe('refresh_token grant', () => {
  it('rotates: a new refresh token each time, the old one retired', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const res = await f.server.tokenEndpoint(refresh(body.refresh_token!))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const next = await res.json()
    expect(next.refresh_token).toMatch(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
    expect(next.refresh_token).not.toBe(body.refresh_token)
    expect(next.scope).toBe('openid profile email')
    expect(next.id_token).toBeTruthy()
    expect((await introspect(f, body.refresh_token!)).active).toBe(false)
    expect((await introspect(f, next.refresh_token)).active).toBe(true)
  })

  it('reuse of a rotated refresh token revokes the whole family', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const next = await (await f.server.tokenEndpoint(refresh(body.refresh_token!))).json()
    const reuse = await f.server.tokenEndpoint(refresh(body.refresh_token!))
    expect(reuse.status).toBe(400)
    expect(await reuse.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token was already used; the grant is revoked',
    })
    for (const token of [body.access_token!, next.access_token, next.refresh_token]) {
      expect(await introspect(f, token)).toEqual({ active: false })
    }
    const after = await f.server.tokenEndpoint(refresh(next.refresh_token))
    expect((await after.json()).error).toBe('invalid_grant')
  })

  it('concurrent refreshes with one token: only one wins, the family is revoked', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const results = await Promise.all([1, 2].map(() => f.server.tokenEndpoint(refresh(body.refresh_token!))))
    expect(results.map((r) => r.status).sort()).toEqual([200, 400])
  })

  it('scope can only narrow; the new refresh token keeps the original scope', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const wider = await f.server.tokenEndpoint(refresh(body.refresh_token!, { scope: 'openid api:write' }))
    expect(await wider.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'scope not allowed beyond the original grant: api:write',
    })
    const narrow = await (
      await f.server.tokenEndpoint(refresh(body.refresh_token!, { scope: 'email' }))
    ).json()
    expect(narrow.scope).toBe('email')
    expect(narrow.id_token).toBeUndefined()
    expect((await introspect(f, narrow.access_token)).scope).toBe('email')
    expect((await introspect(f, narrow.refresh_token)).scope).toBe('openid profile email')
  })

  const refusals: [string, (rt: string, at: string) => Request, string][] = [
    ['unknown token', () => refresh('nope'), 'the refresh token is invalid'],
    ['access token used as refresh token', (_rt, at) => refresh(at), 'the refresh token is invalid'],
    [
      'another client',
      (rt) => refresh(rt, {}, { authorization: basic('post', 'post-secret') }),
      'the refresh token is invalid',
    ],
  ]
  it.each(refusals)('%s -> invalid_grant', async (_name, build, description) => {
    const f = await setup()
    const post = await f.store.getClient('post')
    await f.store.saveClient({
      ...post!,
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['refresh_token'],
    })
    const { body } = await webTokens(f)
    const res = await f.server.tokenEndpoint(build(body.refresh_token!, body.access_token!))
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: description })
  })

  it('expired refresh tokens are refused', async () => {
    const f = await setup({ refreshTokenTtl: 100 })
    const { body } = await webTokens(f)
    f.clock.now += 100_000
    const res = await f.server.tokenEndpoint(refresh(body.refresh_token!))
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token has expired',
    })
  })
})

describe('revocation (RFC 7009)', () => {
  it('revoking an access token deactivates only it', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const res = await f.server.revocationEndpoint(
      formRequest('/revoke', { token: body.access_token! }, webAuth),
    )
    expect(res.status).toBe(200)
    expect((await introspect(f, body.access_token!)).active).toBe(false)
    expect((await introspect(f, body.refresh_token!)).active).toBe(true)
  })

  it('revoking a refresh token revokes its grant family', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    await f.server.revocationEndpoint(
      formRequest('/revoke', { token: body.refresh_token!, token_type_hint: 'refresh_token' }, webAuth),
    )
    expect((await introspect(f, body.access_token!)).active).toBe(false)
  })

  it("answers 200 for unknown tokens and leaves other clients' tokens alone", async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const unknown = await f.server.revocationEndpoint(formRequest('/revoke', { token: 'nope' }, webAuth))
    expect(unknown.status).toBe(200)
    const other = await f.server.revocationEndpoint(
      formRequest('/revoke', { token: body.access_token!, client_id: 'post', client_secret: 'post-secret' }),
    )
    expect(other.status).toBe(200)
    expect((await introspect(f, body.access_token!)).active).toBe(true)
  })

  it('requires client authentication and a token', async () => {
    const f = await setup()
    const a = await f.server.revocationEndpoint(
      formRequest('/revoke', { token: 'x' }, { authorization: basic('web', 'bad') }),
    )
    expect([a.status, (await a.json()).error]).toEqual([401, 'invalid_client'])
    const b = await f.server.revocationEndpoint(formRequest('/revoke', {}, webAuth))
    expect(await b.json()).toEqual({ error: 'invalid_request', error_description: 'token is required' })
  })
})

describe('introspection (RFC 7662)', () => {
  it('describes an active access token', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const now = Math.floor(f.clock.now / 1000)
    expect(await introspect(f, body.access_token!)).toEqual({
      active: true,
      scope: 'openid profile email',
      client_id: 'web',
      sub: 'alice',
      exp: now + 3600,
      iat: now,
      iss: 'https://id.example',
      token_type: 'Bearer',
    })
  })

  it('expired tokens are inactive', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    f.clock.now += 3600_000
    expect(await introspect(f, body.access_token!)).toEqual({ active: false })
  })

  it('public clients may not introspect', async () => {
    const f = await setup()
    const res = await f.server.introspectionEndpoint(
      formRequest('/introspect', { token: 'x', client_id: 'native' }),
    )
    expect([res.status, (await res.json()).error]).toEqual([401, 'invalid_client'])
  })
})
