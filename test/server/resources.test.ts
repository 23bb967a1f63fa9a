import { decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { ResourceProtector } from '../../runtime/server/index.js'
import { basic, formRequest, ISSUER, setup, webTokens } from './fixtures.js'

const webAuth = { authorization: basic('web', 'web-secret') }

async function ccToken(f: Awaited<ReturnType<typeof setup>>, scope = 'api:read') {
  const res = await f.server.tokenEndpoint(
    formRequest('/token', { grant_type: 'client_credentials', scope }, webAuth),
  )
  return (await res.json()).access_token as string
}

describe('ResourceProtector (RFC 6750)', () => {
  const api = (f: Awaited<ReturnType<typeof setup>>, scopes = ['api:read']) =>
    f.server
      .resourceProtector({ now: () => f.clock.now })
      .protect(async (_req, token) => Response.json({ client: token.clientId, scopes: token.scopes }), {
        scopes,
      })

  it('runs the handler with the validated token', async () => {
    const f = await setup()
    const token = await ccToken(f)
    const res = await api(f)(
      new Request('https://api.example/x', { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(await res.json()).toEqual({ client: 'web', scopes: ['api:read'] })
  })

  it('no token: 401 with a bare Bearer challenge', async () => {
    const f = await setup()
    const res = await api(f)(new Request('https://api.example/x'))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="authspec"')
  })

  const cases: [string, (token: string) => RequestInit & { url?: string }, number, string][] = [
    [
      'unknown token',
      () => ({ headers: { authorization: 'Bearer abc' } }),
      401,
      'Bearer realm="authspec", error="invalid_token", error_description="the access token is invalid, expired or revoked"',
    ],
    [
      'malformed header',
      () => ({ headers: { authorization: 'Bearer a b' } }),
      400,
      'Bearer realm="authspec", error="invalid_request", error_description="malformed Authorization header"',
    ],
    [
      'token in the query string',
      (t) => ({ url: `https://api.example/x?access_token=${t}` }),
      400,
      'Bearer realm="authspec", error="invalid_request", error_description="access tokens in the query string are refused"',
    ],
  ]
  it.each(cases)('%s -> %i', async (_name, build, status, challenge) => {
    const f = await setup()
    const token = await ccToken(f)
    const { url, ...init } = build(token)
    const res = await api(f)(new Request(url ?? 'https://api.example/x', init))
    expect(res.status).toBe(status)
    expect(res.headers.get('www-authenticate')).toBe(challenge)
    expect((await res.json()).error).toBe(challenge.match(/error="([a-z_]+)"/)![1])
  })

  it('insufficient scope: 403 naming the required scope', async () => {
    const f = await setup()
    const token = await ccToken(f)
    const res = await api(f, ['api:write'])(
      new Request('https://api.example/x', { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(res.status).toBe(403)
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="authspec", error="insufficient_scope", error_description="the access token lacks a required scope", scope="api:write"',
    )
  })

  it('refuses revoked, expired and refresh tokens', async () => {
    const f = await setup()
    const { body } = await webTokens(f, { scope: 'openid api:read' })
    const call = (t: string) =>
      api(f)(new Request('https://api.example/x', { headers: { authorization: `Bearer ${t}` } }))
    expect((await call(body.access_token!)).status).toBe(200)
    expect((await call(body.refresh_token!)).status).toBe(401)
    expect((await call(body.id_token!)).status).toBe(401)
    f.clock.now += 3600_000
    expect((await call(body.access_token!)).status).toBe(401)
    const fresh = await ccToken(f)
    await f.server.revocationEndpoint(formRequest('/revoke', { token: fresh }, webAuth))
    expect((await call(fresh)).status).toBe(401)
  })

  it('accepts query tokens only with the escape hatch', async () => {
    const f = await setup()
    const token = await ccToken(f)
    const p = new ResourceProtector({ store: f.store, allowQueryToken: true, now: () => f.clock.now })
    const info = await p.validate(new Request(`https://api.example/x?access_token=${token}`))
    expect(info.clientId).toBe('web')
  })
})

describe('userinfo', () => {
  it('GET and POST return the claims allowed by the scopes', async () => {
    const f = await setup()
    const { body } = await webTokens(f, { scope: 'openid email' })
    const get = await f.server.handler(
      new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } }),
    )
    expect(get.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await get.json()).toEqual({ sub: 'alice', email: 'alice@example.org', email_verified: true })
    const post = await f.server.handler(formRequest('/userinfo', { access_token: body.access_token! }))
    expect(await post.json()).toEqual({ sub: 'alice', email: 'alice@example.org', email_verified: true })
  })

  it('needs the openid scope', async () => {
    const f = await setup()
    const token = await ccToken(f)
    const res = await f.server.userinfoEndpoint(
      new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(res.status).toBe(403)
    expect((await res.json()).error).toBe('insufficient_scope')
  })
})

describe('metadata and JWKS', () => {
  it('serves RFC 8414 and OIDC discovery from what is registered', async () => {
    const f = await setup()
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const res = await f.server.handler(new Request(`${ISSUER}${path}`))
      expect(res.status).toBe(200)
      const md = await res.json()
      expect(md).toMatchObject({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks`,
        userinfo_endpoint: `${ISSUER}/userinfo`,
        revocation_endpoint: `${ISSUER}/revoke`,
        introspection_endpoint: `${ISSUER}/introspect`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
      })
    }
  })

  it('lists a custom grant by its URI once registered', async () => {
    const f = await setup()
    const uri = 'urn:example:grant-type:magic'
    f.server.registerGrant({
      grantType: uri,
      handleTokenRequest: async () => ({ access_token: 'x', token_type: 'Bearer', expires_in: 1 }),
    })
    expect(f.server.metadata()['grant_types_supported']).toContain(uri)
    const post = await f.store.getClient('post')
    await f.store.saveClient({ ...post!, grantTypes: [uri] })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: uri, client_id: 'post', client_secret: 'post-secret' }),
    )
    expect((await res.json()).access_token).toBe('x')
  })

  it('publishes the current key, and the previous one after rotation', async () => {
    const f = await setup()
    const first = (await (await f.server.handler(new Request(`${ISSUER}/jwks`))).json()).keys
    expect(first).toHaveLength(1)
    expect(first[0]).not.toHaveProperty('d')
    await f.keys.rotate()
    const { body } = await webTokens(f)
    const after = (await (await f.server.jwksEndpoint(new Request(`${ISSUER}/jwks`))).json()).keys
    expect(after.map((k: { kid: string }) => k.kid)).toEqual([
      decodeProtectedHeader(body.id_token!).kid,
      first[0].kid,
    ])
  })

  it('unknown paths are 404 and the handler never throws', async () => {
    const f = await setup()
    expect((await f.server.handler(new Request(`${ISSUER}/nope`))).status).toBe(404)
  })
})
