import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  createAuthorizationServer,
  DEVICE_CODE_GRANT,
  deviceCodeGrant,
  implicitGrant,
  issueTokenResponse,
  passwordGrant,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { basic, formRequest, ISSUER, setup, VERIFIER, WEB_REDIRECT, webAuthorizeParams } from './fixtures.js'

// RFC 8707 on the authorization server: `resource` at the authorization and token endpoints,
// tokens whose audience is the requested resources, refreshes limited to the granted ones.

const API = 'https://api.example/'
const MCP = 'https://mcp.example/mcp'
const JWT_API = 'https://jwt.example/'
const resources = {
  [API]: {},
  [MCP]: {},
  [JWT_API]: { accessTokenFormat: 'jwt' as const },
  'https://only-post.example/': { clients: ['post'] },
}
const webAuth = { authorization: basic('web', 'web-secret') }
type F = Awaited<ReturnType<typeof setup>>

/** Runs /authorize for alice with `resource` repeated once per value; returns the redirect's query. */
async function authorize(f: F, resource: readonly string[]) {
  const params = new URLSearchParams(webAuthorizeParams)
  params.set('scope', 'openid offline_access api:read')
  for (const r of resource) params.append('resource', r)
  const res = await f.server.createAuthorizationResponse(new Request(`${ISSUER}/authorize?${params}`), {
    user: { sub: 'alice' },
    approved: true,
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location') ?? '').searchParams
}

async function token(
  f: F,
  form: Record<string, string>,
  resource: readonly string[] = [],
  auth: Record<string, string> = webAuth,
) {
  const body = new URLSearchParams(form)
  for (const r of resource) body.append('resource', r)
  const res = await f.server.tokenEndpoint(formRequest('/token', body.toString(), auth))
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

async function codeTokens(f: F, granted: readonly string[], asked: readonly string[] = []) {
  const q = await authorize(f, granted)
  const code = q.get('code')
  if (!code) throw new Error(`no code: ${q}`)
  const form = { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: VERIFIER }
  return token(f, form, asked)
}

async function introspect(f: F, value: string) {
  const res = await f.server.introspectionEndpoint(formRequest('/introspect', { token: value }, webAuth))
  return (await res.json()) as Record<string, unknown>
}

describe('resource indicators (RFC 8707)', () => {
  it('gives the code the requested resources and its tokens that audience, JWT and opaque alike', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { status, body } = await codeTokens(f, [API, MCP])
    expect(status).toBe(200)
    expect(decodeJwt(body['access_token']!).aud).toEqual([API, MCP])
    expect(await introspect(f, body['access_token']!)).toMatchObject({ active: true, aud: [API, MCP] })

    const opaque = await setup({ resources })
    const tokens = await codeTokens(opaque, [MCP])
    expect(tokens.body['access_token']).not.toContain('.')
    expect(await introspect(opaque, tokens.body['access_token']!)).toMatchObject({ active: true, aud: MCP })
  })

  it('compares resources as parsed URLs: https://api.example is https://api.example/', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { body } = await codeTokens(f, ['https://API.example'])
    expect(decodeJwt(body['access_token']!).aud).toBe(API)
  })

  it('narrows at the token endpoint to granted resources only', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const narrowed = await codeTokens(f, [API, MCP], [MCP])
    expect(decodeJwt(narrowed.body['access_token']!).aud).toBe(MCP)
    // The refresh token keeps the whole grant: the other resource is still available.
    const refreshed = await token(
      f,
      { grant_type: 'refresh_token', refresh_token: narrowed.body['refresh_token']! },
      [API],
    )
    expect(refreshed.status).toBe(200)
    expect(decodeJwt(refreshed.body['access_token']!).aud).toBe(API)

    const beyond = await codeTokens(f, [API], [MCP])
    expect(beyond).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('limits a refresh to the originally granted resources', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { body } = await codeTokens(f, [API])
    const refresh = (resource: string[]) =>
      token(f, { grant_type: 'refresh_token', refresh_token: body['refresh_token']! }, resource)
    expect(await refresh([MCP])).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
    // The refused refresh left the token unused: the same token still refreshes, keeping the grant.
    const kept = await refresh([])
    expect(kept.status).toBe(200)
    expect(decodeJwt(kept.body['access_token']!).aud).toBe(API)

    const unbound = await codeTokens(f, [])
    const named = await token(
      f,
      { grant_type: 'refresh_token', refresh_token: unbound.body['refresh_token']! },
      [API],
    )
    expect(named).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('refuses to refresh for a resource the server no longer issues for that client', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { body } = await codeTokens(f, [API])
    // The same store, restarted with API now reserved for another client.
    const server = createAuthorizationServer({
      issuer: ISSUER,
      store: f.store,
      keys: f.keys,
      now: () => f.clock.now,
      resources: { ...resources, [API]: { clients: ['post'] } },
    })
    const again = { ...f, server }
    const refreshed = await token(again, {
      grant_type: 'refresh_token',
      refresh_token: body['refresh_token']!,
    })
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('names the resources on the consent request, which survives its parameters being saved', async () => {
    const f = await setup({ resources })
    const params = new URLSearchParams(webAuthorizeParams)
    params.append('resource', API)
    params.append('resource', MCP)
    const consent = await f.server.validateConsentRequest(new Request(`${ISSUER}/authorize?${params}`))
    expect(consent.resources).toEqual([API, MCP])
    const rebuilt = await f.server.validateConsentRequest(consent.parameters)
    expect(rebuilt.resources).toEqual([API, MCP])
    const none = await f.server.validateConsentRequest(
      new Request(`${ISSUER}/authorize?${new URLSearchParams(webAuthorizeParams)}`),
    )
    expect(none).not.toHaveProperty('resources')
  })

  it('binds a code granted without resources to those named in the token request', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { body } = await codeTokens(f, [], [MCP])
    expect(decodeJwt(body['access_token']!).aud).toBe(MCP)
    const refreshed = await token(f, { grant_type: 'refresh_token', refresh_token: body['refresh_token']! }, [
      API,
    ])
    expect(refreshed.body['error']).toBe('invalid_target')
  })

  it.each([
    ['unknown', ['https://other.example/']],
    ['relative', ['/api']],
    ['with a fragment', [`${API}#x`]],
    ['with whitespace inside', [`${API} x`]],
    ['not allowed for the client', ['https://only-post.example/']],
    ['of different token formats', [API, JWT_API]],
  ])('refuses a resource %s with invalid_target, at /authorize by redirect', async (_name, resource) => {
    const f = await setup({ resources })
    const q = await authorize(f, resource)
    expect(q.get('error')).toBe('invalid_target')
    expect(q.get('state')).toBe('st-1')
    expect(q.get('code')).toBeNull()
    const cc = await token(f, { grant_type: 'client_credentials', scope: 'api:read' }, resource)
    expect(cc).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('refuses every resource when the server lists none', async () => {
    const f = await setup()
    const cc = await token(f, { grant_type: 'client_credentials', scope: 'api:read' }, [API])
    expect(cc).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('issues client_credentials tokens for a resource, in that resource format', async () => {
    const f = await setup({ resources })
    const jwt = await token(f, { grant_type: 'client_credentials', scope: 'api:read' }, [JWT_API])
    expect(decodeJwt(jwt.body['access_token']!)).toMatchObject({ aud: JWT_API, client_id: 'web' })
    const post = await token(
      f,
      {
        grant_type: 'client_credentials',
        scope: 'api:read',
        client_id: 'post',
        client_secret: 'post-secret',
      },
      ['https://only-post.example/'],
      {},
    )
    expect(post.status).toBe(200)
  })

  it('keeps today’s tokens when no resource is asked for', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const { body } = await codeTokens(f, [])
    expect(decodeJwt(body['access_token']!).aud).toBe(ISSUER)
    expect(await introspect(f, body['access_token']!)).not.toHaveProperty('aud')
  })

  it('binds device, password and extension-grant (issueTokenResponse) tokens to the resource', async () => {
    const OTP = 'urn:example:otp'
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    f.server.registerGrant(deviceCodeGrant())
    f.server.registerGrant(passwordGrant({ authenticateUser: async (u) => ({ sub: u }) }))
    f.server.registerGrant({
      grantType: OTP,
      handleTokenRequest: (ctx) =>
        issueTokenResponse(ctx, { grantType: OTP, sub: 'alice', scopes: ['api:read'] }),
    })
    const web = await f.store.getClient('web')
    await f.store.saveClient({
      ...web!,
      grantTypes: [...web!.grantTypes, DEVICE_CODE_GRANT, 'password', OTP],
    })
    const started = await f.server.handler(
      formRequest('/device_authorization', { scope: 'api:read' }, webAuth),
    )
    const { device_code, user_code } = (await started.json()) as Record<string, string>
    await f.server.completeDeviceAuthorization(user_code!, { user: { sub: 'alice' }, approved: true })
    const cases: [string, Record<string, string>][] = [
      ['device', { grant_type: DEVICE_CODE_GRANT, device_code: device_code! }],
      ['password', { grant_type: 'password', username: 'alice', password: 'pw', scope: 'api:read' }],
      ['extension', { grant_type: OTP }],
    ]
    for (const [name, form] of cases) {
      const refused = await token(f, form, ['https://other.example/'])
      expect(refused.body['error'], name).toBe('invalid_target')
      const { body } = await token(f, form, [MCP])
      if (!body['access_token']) throw new Error(`${name}: ${JSON.stringify(body)}`)
      expect(decodeJwt(body['access_token']!).aud, name).toBe(MCP)
    }
  })

  it('binds front-channel (implicit) access tokens to the resource', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    f.server.registerGrant(implicitGrant('token'))
    const web = await f.store.getClient('web')
    await f.store.saveClient({ ...web!, responseTypes: ['code', 'token'] })
    const params = new URLSearchParams({ ...webAuthorizeParams, response_type: 'token', scope: 'api:read' })
    params.append('resource', MCP)
    const res = await f.server.createAuthorizationResponse(new Request(`${ISSUER}/authorize?${params}`), {
      user: { sub: 'alice' },
      approved: true,
    })
    const fragment = new URLSearchParams(new URL(res.headers.get('location') ?? '').hash.slice(1))
    expect(decodeJwt(fragment.get('access_token')!).aud).toBe(MCP)
  })

  it.each([
    ['a relative key', { '/api': {} }, /absolute URI/],
    ['a key with a fragment', { 'https://a.example/#f': {} }, /fragment/],
    ['a key with userinfo', { 'https://user@a.example/': {} }, /absolute URI/],
    ['a key with a control character', { 'https://a.example/\u0001': {} }, /absolute URI/],
    ['a bad format', { [API]: { accessTokenFormat: 'paseto' } }, /"opaque" or "jwt"/],
    ['jwt without keys', { [API]: { accessTokenFormat: 'jwt' } }, /"keys" are required/],
    ['clients not an array', { [API]: { clients: 'web' } }, /array of client ids/],
  ])('refuses resources with %s at construction', (_name, option, message) => {
    const create = () =>
      createAuthorizationServer({
        issuer: ISSUER,
        store: new MemoryStore(),
        resources: option as never,
      })
    expect(create).toThrow(ArgumentError)
    expect(create).toThrow(message)
  })
})
