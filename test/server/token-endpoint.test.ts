import { describe, expect, it } from 'vitest'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { hashSecret } from '../../runtime/server/lib/tokens.js'
import { basic, formRequest, ISSUER, setup } from './fixtures.js'

const cc = { grant_type: 'client_credentials', scope: 'api:read' }
const webAuth = { authorization: basic('web', 'web-secret') }

describe('token endpoint: request shape', () => {
  it('refuses GET with 405 invalid_request', async () => {
    const { server } = await setup()
    const res = await server.handler(
      new Request(`${ISSUER}/token?grant_type=client_credentials`, { headers: webAuth }),
    )
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'this endpoint accepts only POST',
    })
  })

  const shapes: [string, Request, number, string][] = [
    [
      'JSON body',
      new Request(`${ISSUER}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webAuth },
        body: '{}',
      }),
      400,
      'the body must be application/x-www-form-urlencoded',
    ],
    [
      'repeated grant_type',
      formRequest('/token', 'grant_type=client_credentials&grant_type=password', webAuth),
      400,
      'repeated parameter: grant_type',
    ],
    [
      'repeated scope',
      formRequest('/token', 'grant_type=client_credentials&scope=a&scope=b', webAuth),
      400,
      'repeated parameter: scope',
    ],
    [
      'oversized body',
      formRequest('/token', `grant_type=client_credentials&x=${'a'.repeat(70_000)}`, webAuth),
      413,
      'the request body is too large',
    ],
    ['missing grant_type', formRequest('/token', {}, webAuth), 400, 'grant_type is required'],
  ]
  it.each(shapes)('%s -> invalid_request', async (_name, request, status, description) => {
    const { server } = await setup()
    const res = await server.tokenEndpoint(request)
    expect(res.status).toBe(status)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: description })
  })

  it('unsupported and unauthorized grant types', async () => {
    const { server } = await setup()
    const a = await server.tokenEndpoint(formRequest('/token', { grant_type: 'password' }, webAuth))
    expect([a.status, await a.json()]).toEqual([
      400,
      { error: 'unsupported_grant_type', error_description: 'this grant_type is not supported' },
    ])
    const b = await server.tokenEndpoint(
      formRequest('/token', { grant_type: 'refresh_token', client_id: 'post', client_secret: 'post-secret' }),
    )
    expect([b.status, await b.json()]).toEqual([
      400,
      { error: 'unauthorized_client', error_description: 'the client may not use this grant_type' },
    ])
  })
})

describe('token endpoint: client authentication', () => {
  it('client_secret_basic and client_secret_post both work', async () => {
    const { server } = await setup()
    const a = await server.tokenEndpoint(formRequest('/token', cc, webAuth))
    expect(a.status).toBe(200)
    const b = await server.tokenEndpoint(
      formRequest('/token', { ...cc, client_id: 'post', client_secret: 'post-secret' }),
    )
    expect(b.status).toBe(200)
  })

  it('form-decodes id and secret after base64 (RFC 6749 §2.3.1)', async () => {
    const { server, store } = await setup()
    const client = await store.getClient('web')
    await store.saveClient({
      ...client!,
      clientId: 'we b:+',
      clientSecretHash: await sha256Base64url('s3 cr:t+%'),
    })
    const res = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: basic('we b:+', 's3 cr:t+%') }),
    )
    expect(res.status).toBe(200)
    // Sending the raw (not form-encoded) secret must fail: '+' would decode to a space.
    const raw = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: `Basic ${btoa('we%20b%3A%2B:s3 cr:t+%')}` }),
    )
    expect(raw.status).toBe(401)
  })

  it('decodes non-ASCII Basic credentials as UTF-8 and refuses bytes that are not UTF-8', async () => {
    const { server, store } = await setup()
    const client = await store.getClient('web')
    await store.saveClient({ ...client!, clientSecretHash: await sha256Base64url('pässwörd') })
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text))
    const ok = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: `Basic ${btoa(utf8('web:pässwörd'))}` }),
    )
    expect(ok.status).toBe(200)
    const latin1 = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: `Basic ${btoa('web:p\u00e4ssw\u00f6rd')}` }),
    )
    expect(latin1.status).toBe(401)
  })

  it('unknown client and wrong secret give identical 401 invalid_client responses', async () => {
    const { server } = await setup()
    const unknown = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: basic('nobody', 'web-secret') }),
    )
    const wrong = await server.tokenEndpoint(
      formRequest('/token', cc, { authorization: basic('web', 'not-the-secret') }),
    )
    const snapshot = async (r: Response) => ({
      status: r.status,
      headers: Object.fromEntries(r.headers),
      body: await r.text(),
    })
    const a = await snapshot(unknown)
    expect(a).toEqual(await snapshot(wrong))
    expect(a.status).toBe(401)
    expect(a.headers['www-authenticate']).toBe('Basic realm="authspec"')
    expect(JSON.parse(a.body)).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    })
    expect(a.body).not.toContain('secret"')
  })

  const failures: [string, Record<string, string>, Record<string, string>][] = [
    ['wrong secret by post', { ...cc, client_id: 'post', client_secret: 'nope' }, {}],
    ['unknown client by post', { ...cc, client_id: 'ghost', client_secret: 'post-secret' }, {}],
    ['registered method is basic, used post', { ...cc, client_id: 'web', client_secret: 'web-secret' }, {}],
    ['confidential client without secret', { ...cc, client_id: 'web' }, {}],
    ['no client at all', cc, {}],
    ['malformed basic', cc, { authorization: 'Basic !!!' }],
    ['unsupported scheme', cc, { authorization: 'Digest x' }],
    [
      'client_assertion (unsupported method)',
      { ...cc, client_assertion_type: 'x', client_assertion: 'y' },
      {},
    ],
  ]
  it.each(failures)('%s -> 401 invalid_client', async (_name, form, headers) => {
    const { server } = await setup()
    const res = await server.tokenEndpoint(formRequest('/token', form, headers))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authspec"')
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    })
  })

  it('refuses two authentication methods in one request', async () => {
    const { server } = await setup()
    const res = await server.tokenEndpoint(
      formRequest('/token', { ...cc, client_id: 'web', client_secret: 'web-secret' }, webAuth),
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'more than one client authentication method was used',
    })
  })

  it('refuses a body client_id that differs from the Basic one', async () => {
    const { server } = await setup()
    const res = await server.tokenEndpoint(formRequest('/token', { ...cc, client_id: 'post' }, webAuth))
    expect((await res.json()).error).toBe('invalid_request')
  })
})

describe('client_credentials grant', () => {
  it('issues an opaque 256-bit token with no-store and no refresh token', async () => {
    const { server } = await setup()
    const res = await server.tokenEndpoint(formRequest('/token', cc, webAuth))
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('pragma')).toBe('no-cache')
    const body = await res.json()
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'api:read',
    })
  })

  it('stores only the SHA-256 hash of the token, after its time prefix', async () => {
    const { server, store } = await setup()
    const body = await (await server.tokenEndpoint(formRequest('/token', cc, webAuth))).json()
    const token: string = body.access_token
    expect(await store.getToken(token)).toBeUndefined()
    expect(await store.getToken(await sha256Base64url(token))).toBeUndefined()
    expect((await store.getToken(token.slice(0, 12) + (await sha256Base64url(token))))?.clientId).toBe('web')
  })

  it('gives later tokens larger store keys, so store indexes grow at their end', async () => {
    const { server } = await setup()
    const keys: string[] = []
    for (let i = 0; i < 3; i++) {
      const body = await (await server.tokenEndpoint(formRequest('/token', cc, webAuth))).json()
      keys.push(await hashSecret(body.access_token))
      await new Promise((r) => setTimeout(r, 2))
    }
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys.map((k) => k.slice(0, 12))).size).toBe(3)
  })

  it('still accepts a token stored under its bare SHA-256 (issued before the time prefix)', async () => {
    const { server, store } = await setup()
    const body = await (await server.tokenEndpoint(formRequest('/token', cc, webAuth))).json()
    const record = await store.getToken(await hashSecret(body.access_token))
    const legacy = 'L'.repeat(43)
    await store.saveToken({ ...record!, tokenHash: await sha256Base64url(legacy) })
    const res = await server.handler(formRequest('/introspect', { token: legacy }, webAuth))
    expect(await res.json()).toMatchObject({ active: true, client_id: 'web' })
  })

  it('defaults to the registered scopes minus user scopes, and refuses others', async () => {
    const { server } = await setup()
    const all = await (
      await server.tokenEndpoint(formRequest('/token', { grant_type: 'client_credentials' }, webAuth))
    ).json()
    expect(all.scope).toBe('profile email api:read api:write')
    const bad = await server.tokenEndpoint(formRequest('/token', { ...cc, scope: 'admin' }, webAuth))
    expect(await bad.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'scope not allowed for this client: admin',
    })
    const oidc = await server.tokenEndpoint(formRequest('/token', { ...cc, scope: 'openid' }, webAuth))
    expect((await oidc.json()).error).toBe('invalid_scope')
  })

  it('refuses public clients', async () => {
    const { server, store } = await setup()
    const native = await store.getClient('native')
    await store.saveClient({ ...native!, grantTypes: ['client_credentials'] })
    const res = await server.tokenEndpoint(formRequest('/token', { ...cc, client_id: 'native' }))
    expect(await res.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'client_credentials needs a confidential client',
    })
  })
})
