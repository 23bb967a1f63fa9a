import { describe, expect, it } from 'vitest'
import { createAuthorizationServer } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { basic, formRequest, ISSUER, setup } from './fixtures.js'

const INITIAL = 'initial-access-token-0123456789'

async function regServer() {
  return setup({ registration: { initialAccessToken: (t) => t === INITIAL } })
}

const register = (body: unknown, token: string | null = INITIAL) =>
  new Request(`${ISSUER}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })

describe('dynamic client registration (RFC 7591)', () => {
  it('is off unless configured, and needs a policy', async () => {
    const f = await setup()
    expect((await f.server.handler(register({ redirect_uris: ['https://a.example/cb'] }))).status).toBe(404)
    expect(f.server.metadata()['registration_endpoint']).toBeUndefined()
    expect(() =>
      createAuthorizationServer({ issuer: ISSUER, store: new MemoryStore(), registration: {} }),
    ).toThrow('"registration" needs open: true or an initialAccessToken check')
  })

  it('registers a client, returns its credentials once and they work', async () => {
    const f = await regServer()
    expect(f.server.metadata()['registration_endpoint']).toBe(`${ISSUER}/register`)
    const res = await f.server.handler(
      register({
        grant_types: ['client_credentials'],
        response_types: [],
        scope: 'api:read',
        client_name: 'Robot',
      }),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await res.json()
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_secret_expires_at: 0,
      client_id_issued_at: Math.floor(f.clock.now / 1000),
      registration_access_token: expect.any(String),
      registration_client_uri: `${ISSUER}/register/${body.client_id}`,
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'api:read',
      client_name: 'Robot',
      application_type: 'web',
    })
    const stored = await f.store.getClient(body.client_id)
    expect(JSON.stringify(stored)).not.toContain(body.client_secret)
    expect(JSON.stringify(stored)).not.toContain(body.registration_access_token)
    const token = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        { grant_type: 'client_credentials' },
        { authorization: basic(body.client_id, body.client_secret) },
      ),
    )
    expect(token.status).toBe(200)
  })

  const refusals: [string, unknown, string, string][] = [
    [
      'http redirect',
      { redirect_uris: ['http://app.example/cb'] },
      'invalid_redirect_uri',
      'redirect URIs must use https, loopback http or a private-use scheme',
    ],
    [
      'fragment',
      { redirect_uris: ['https://app.example/cb#x'] },
      'invalid_redirect_uri',
      'redirect URIs must not have a fragment',
    ],
    ['relative', { redirect_uris: ['/cb'] }, 'invalid_redirect_uri', 'redirect URIs must be absolute'],
    ['no redirect for code', {}, 'invalid_redirect_uri', 'redirect_uris is required'],
    [
      'unknown grant',
      { grant_types: ['implicit'], redirect_uris: ['https://a.example/cb'] },
      'invalid_client_metadata',
      'unsupported grant_type: implicit',
    ],
    [
      'code without authorization_code',
      { grant_types: ['refresh_token'], response_types: ['code'], redirect_uris: ['https://a.example/cb'] },
      'invalid_client_metadata',
      'response_type code and grant_type authorization_code go together',
    ],
    [
      'unknown scope',
      { redirect_uris: ['https://a.example/cb'], scope: 'admin' },
      'invalid_client_metadata',
      'unsupported scope: admin',
    ],
    [
      'private_key_jwt without jwks',
      { token_endpoint_auth_method: 'private_key_jwt', redirect_uris: ['https://a.example/cb'] },
      'invalid_client_metadata',
      'jwks is required for private_key_jwt only',
    ],
    [
      'jwks_uri',
      { jwks_uri: 'https://a.example/jwks', redirect_uris: ['https://a.example/cb'] },
      'invalid_client_metadata',
      'jwks_uri is not supported; send jwks',
    ],
    [
      'public client_credentials',
      { token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] },
      'invalid_client_metadata',
      'client_credentials needs a confidential client',
    ],
    [
      'wrong type',
      { redirect_uris: 'https://a.example/cb' },
      'invalid_client_metadata',
      'invalid redirect_uris',
    ],
  ]
  it.each(refusals)('%s -> %s', async (_name, body, error, description) => {
    const f = await regServer()
    const res = await f.server.handler(register(body))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error, error_description: description })
  })

  it('accepts loopback and private-use redirect URIs for public clients', async () => {
    const f = await regServer()
    const res = await f.server.handler(
      register({
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/cb', 'com.example.app:/oauth'],
      }),
    )
    expect(res.status).toBe(201)
    expect((await res.json()).client_secret).toBeUndefined()
  })

  it('needs the initial access token', async () => {
    const f = await regServer()
    for (const token of [null, 'wrong']) {
      const res = await f.server.handler(register({ redirect_uris: ['https://a.example/cb'] }, token))
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
    }
    const json = await f.server.handler(
      new Request(`${ISSUER}/register`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INITIAL}` },
        body: '{}',
      }),
    )
    expect((await json.json()).error_description).toBe('the body must be application/json')
  })
})

describe('client configuration endpoint (RFC 7592)', () => {
  it('reads, updates and deletes with the registration access token', async () => {
    const f = await regServer()
    const created = await (
      await f.server.handler(register({ redirect_uris: ['https://a.example/cb'] }))
    ).json()
    const uri = created.registration_client_uri as string
    const auth = { authorization: `Bearer ${created.registration_access_token}` }
    const read = await f.server.handler(new Request(uri, { headers: auth }))
    expect((await read.json()).redirect_uris).toEqual(['https://a.example/cb'])

    const put = await f.server.handler(
      new Request(uri, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: created.client_id,
          redirect_uris: ['https://b.example/cb'],
          client_name: 'B',
        }),
      }),
    )
    expect(await put.json()).toMatchObject({ redirect_uris: ['https://b.example/cb'], client_name: 'B' })
    expect((await f.store.getClient(created.client_id))?.clientSecretHash).toBeTruthy()

    const del = await f.server.handler(new Request(uri, { method: 'DELETE', headers: auth }))
    expect(del.status).toBe(204)
    expect(await f.store.getClient(created.client_id)).toBeUndefined()
  })

  it('a wrong token and an unknown client get the same 401', async () => {
    const f = await regServer()
    const created = await (
      await f.server.handler(register({ redirect_uris: ['https://a.example/cb'] }))
    ).json()
    const wrong = await f.server.handler(
      new Request(created.registration_client_uri, { headers: { authorization: 'Bearer nope' } }),
    )
    const unknown = await f.server.handler(
      new Request(`${ISSUER}/register/ghost`, {
        headers: { authorization: `Bearer ${created.registration_access_token}` },
      }),
    )
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toBe(await unknown.text())
    const none = await f.server.handler(
      new Request(`${ISSUER}/register/web`, { headers: { authorization: 'Bearer x' } }),
    )
    expect(none.status).toBe(401)
  })
})
