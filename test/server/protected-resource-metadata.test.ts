import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { parseResourceChallenge } from '../../runtime/oauth2/resource-challenge.js'
import { ResourceProtector } from '../../runtime/server/index.js'
import { basic, formRequest, setup } from './fixtures.js'

// RFC 9728 on the resource side and RFC 8707 audiences: what ResourceProtector publishes, what
// it puts in its challenges, and which tokens it accepts once it knows its own identifier.

const MCP = 'https://mcp.example/mcp'
const API = 'https://api.example/'
const ISSUER = 'https://id.example'
const webAuth = { authorization: basic('web', 'web-secret') }
type F = Awaited<ReturnType<typeof setup>>

async function ccToken(f: F, resource?: string) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' })
  if (resource) form.append('resource', resource)
  const res = await f.server.tokenEndpoint(formRequest('/token', form.toString(), webAuth))
  const body = (await res.json()) as Record<string, string>
  if (!body['access_token']) throw new Error(JSON.stringify(body))
  return body['access_token']
}

const call = (protector: ResourceProtector, token?: string, scopes = ['api:read']) =>
  protector.protect(async (_r, t) => Response.json({ client: t.clientId }), { scopes })(
    new Request(MCP, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
  )

const METADATA_URL = 'https://mcp.example/.well-known/oauth-protected-resource/mcp'

describe('protected resource metadata (RFC 9728)', () => {
  const protector = () =>
    new ResourceProtector({
      jwt: { issuer: ISSUER, audience: 'unused', jwks: async () => ({ keys: [] }) },
      resource: MCP,
      authorizationServers: [ISSUER],
      scopesSupported: ['mcp:tools'],
      resourceName: 'Example MCP',
      resourceDocumentation: 'https://mcp.example/docs',
    })

  it('serves the document at the path-suffixed well-known URL (§3.1)', async () => {
    const p = protector()
    expect(p.metadataPath).toBe('/.well-known/oauth-protected-resource/mcp')
    const res = await p.metadataHandler(new Request(METADATA_URL))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({
      resource: MCP,
      authorization_servers: [ISSUER],
      scopes_supported: ['mcp:tools'],
      bearer_methods_supported: ['header'],
      resource_name: 'Example MCP',
      resource_documentation: 'https://mcp.example/docs',
    })
  })

  it.each([
    ['a root resource', 'https://api.example', '/.well-known/oauth-protected-resource'],
    ['a root resource with its slash', API, '/.well-known/oauth-protected-resource'],
    ['a deep path', 'https://x.example/a/b', '/.well-known/oauth-protected-resource/a/b'],
  ])('puts the well-known path before the path of %s', (_name, resource, path) => {
    const p = new ResourceProtector({
      jwt: { issuer: ISSUER, audience: 'x', jwks: async () => ({ keys: [] }) },
      resource,
    })
    expect(p.metadataPath).toBe(path)
  })

  it('says which bearer methods it takes: the query too only when allowQueryToken is on', async () => {
    const p = new ResourceProtector({
      jwt: { issuer: ISSUER, audience: 'x', jwks: async () => ({ keys: [] }) },
      resource: MCP,
      allowQueryToken: true,
    })
    const doc = await (await p.metadataHandler(new Request(METADATA_URL))).json()
    expect(doc).toEqual({ resource: MCP, bearer_methods_supported: ['header', 'query'] })
  })

  it('answers HEAD without a body, other paths 404 and other methods 405', async () => {
    const p = protector()
    const head = await p.metadataHandler(new Request(METADATA_URL, { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const other = await p.metadataHandler(
      new Request('https://mcp.example/.well-known/oauth-protected-resource'),
    )
    expect(other.status).toBe(404)
    const post = await p.metadataHandler(new Request(METADATA_URL, { method: 'POST' }))
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })

  it.each([
    [
      'authorizationServers without resource',
      { authorizationServers: [ISSUER] },
      /"authorizationServers".*"resource"/,
    ],
    ['scopesSupported without resource', { scopesSupported: ['a'] }, /"scopesSupported".*"resource"/],
    ['a relative resource', { resource: '/mcp' }, /"resource"/],
    ['a resource with a fragment', { resource: `${MCP}#x` }, /fragment/],
    ['an http resource off loopback', { resource: 'http://mcp.example/mcp' }, /https/],
    ['a relative authorization server', { resource: MCP, authorizationServers: ['id'] }, /absolute URLs/],
    ['a relative documentation URL', { resource: MCP, resourceDocumentation: 'docs' }, /absolute URL/],
  ])('refuses %s at construction', (_name, options, message) => {
    const make = () =>
      new ResourceProtector({
        jwt: { issuer: ISSUER, audience: 'x', jwks: async () => ({ keys: [] }) },
        ...options,
      })
    expect(make).toThrow(ArgumentError)
    expect(make).toThrow(message)
  })

  it('has no metadata without a resource', () => {
    const p = new ResourceProtector({
      jwt: { issuer: ISSUER, audience: 'x', jwks: async () => ({ keys: [] }) },
    })
    expect(p.resource).toBeUndefined()
    expect(() => p.metadataHandler).toThrow(/"resource" is required/)
  })
})

describe('ResourceProtector with a resource', () => {
  const resources = { [MCP]: {}, [API]: {} }

  it.each(['opaque', 'jwt'] as const)(
    'accepts %s tokens requested for it and refuses others with invalid_token',
    async (accessTokenFormat) => {
      const f = await setup({ resources, accessTokenFormat })
      const p = f.server.resourceProtector({ resource: MCP, now: () => f.clock.now })
      const mine = await ccToken(f, MCP)
      expect(await (await call(p, mine)).json()).toEqual({ client: 'web' })
      for (const other of [await ccToken(f, API), await ccToken(f)]) {
        const res = await call(p, other)
        expect(res.status).toBe(401)
        const challenge = parseResourceChallenge(res.headers.get('www-authenticate') ?? '')
        expect(challenge).toMatchObject({ error: 'invalid_token', resourceMetadata: METADATA_URL })
      }
      // Without a resource of its own the protector takes any opaque token of the server, as
      // before; a JWT must name its jwt.audience (the server's accessTokenAudience).
      const plain = f.server.resourceProtector({ now: () => f.clock.now })
      expect((await call(plain, await ccToken(f, API))).status).toBe(
        accessTokenFormat === 'opaque' ? 200 : 401,
      )
      expect((await call(plain, await ccToken(f))).status).toBe(200)
    },
  )

  it('accepts a token whose audience lists it among other resources', async () => {
    const f = await setup({ resources, accessTokenFormat: 'jwt' })
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' })
    form.append('resource', API)
    form.append('resource', MCP)
    const res = await f.server.tokenEndpoint(formRequest('/token', form.toString(), webAuth))
    const token = ((await res.json()) as Record<string, string>)['access_token']!
    expect(decodeJwt(token).aud).toEqual([API, MCP])
    const p = f.server.resourceProtector({ resource: MCP, now: () => f.clock.now })
    expect((await call(p, token)).status).toBe(200)
  })

  it('names its metadata in every challenge: no token 401, bad token 401, missing scope 403, bad request 400', async () => {
    const f = await setup({ resources })
    const p = f.server.resourceProtector({ resource: MCP, now: () => f.clock.now })
    const cases: [Response, number, string | undefined][] = [
      [await call(p), 401, undefined],
      [await call(p, 'not-a-token'), 401, 'invalid_token'],
      [await call(p, await ccToken(f, MCP), ['api:write']), 403, 'insufficient_scope'],
      [await call(p, 'a b'), 400, 'invalid_request'],
    ]
    for (const [res, status, error] of cases) {
      expect(res.status).toBe(status)
      const header = res.headers.get('www-authenticate') ?? ''
      expect(header).toMatch(/^Bearer /)
      expect(parseResourceChallenge(header)).toMatchObject({
        resourceMetadata: METADATA_URL,
        ...(error && { error }),
      })
    }
  })
})
