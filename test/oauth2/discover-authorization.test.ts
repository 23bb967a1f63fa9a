import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { discoverAuthorization } from '../../runtime/oauth2/discover-authorization.js'
import { MetadataCache } from '../../runtime/oauth2/metadata-cache.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, startFakeServer } from './fixtures/fake-server.js'

// One fake server plays the resource (/mcp) and two authorization servers (/as-a, /as-b).
let srv: FakeServer

beforeAll(async () => {
  srv = await startFakeServer()
})
afterAll(() => srv.close())
beforeEach(() => srv.reset())

const asMetadata =
  (issuer: string, extra: Record<string, unknown> = {}) =>
  () => ({
    json: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      ...extra,
    },
  })

function serveResource(options: {
  challenge?: string
  prmPath?: string
  servers?: string[]
  resource?: string
}) {
  const resource = options.resource ?? `${srv.origin}/mcp`
  srv.route('GET', '/mcp', () =>
    options.challenge === undefined
      ? { status: 404, body: 'not here' }
      : { status: 401, headers: { 'www-authenticate': options.challenge } },
  )
  srv.route('GET', options.prmPath ?? '/.well-known/oauth-protected-resource/mcp', () => ({
    json: {
      resource,
      authorization_servers: options.servers ?? [`${srv.origin}/as-a`],
      scopes_supported: ['mcp:tools', 'mcp:read'],
    },
  }))
}

function paths(): string[] {
  return srv.requests.map((r) => `${r.method} ${r.url.pathname}`)
}

describe('discoverAuthorization', () => {
  it('follows the 401 to the resource metadata, then to RFC 8414 metadata', async () => {
    serveResource({
      challenge: `Bearer scope="mcp:tools", resource_metadata="${srv.origin}/prm"`,
      prmPath: '/prm',
    })
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-a`))
    const found = await discoverAuthorization({ resource: `${srv.origin}/mcp` })
    expect(found).toMatchObject({
      resource: `${srv.origin}/mcp`,
      issuer: `${srv.origin}/as-a`,
      metadata: { token_endpoint: `${srv.origin}/as-a/token` },
      scope: ['mcp:tools'],
    })
    expect(paths()).toEqual(['GET /mcp', 'GET /prm', 'GET /.well-known/oauth-authorization-server/as-a'])
  })

  it('uses a challenge the caller already has, without probing', async () => {
    serveResource({ prmPath: '/prm' })
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-a`))
    const challenge = new Response(null, {
      status: 401,
      headers: { 'www-authenticate': `Bearer resource_metadata="${srv.origin}/prm"` },
    })
    const found = await discoverAuthorization({ resource: `${srv.origin}/mcp`, challenge })
    expect(found.scope).toEqual(['mcp:tools', 'mcp:read'])
    expect(paths()[0]).toBe('GET /prm')
  })

  it('without a challenge reads the well-known document at the path, then at the root', async () => {
    serveResource({ prmPath: '/.well-known/oauth-protected-resource', resource: `${srv.origin}` })
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-a`))
    const found = await discoverAuthorization({ resource: `${srv.origin}/mcp` })
    // The root document describes the origin: that is the resource indicator then.
    expect(found.resource).toBe(srv.origin)
    expect(paths().slice(0, 3)).toEqual([
      'GET /mcp',
      'GET /.well-known/oauth-protected-resource/mcp',
      'GET /.well-known/oauth-protected-resource',
    ])
  })

  it('does not fall back to the root when the path document names another resource', async () => {
    serveResource({ resource: `${srv.origin}/other` })
    const err = await rejection(discoverAuthorization({ resource: `${srv.origin}/mcp` }))
    expect(err.code).toBe('RESOURCE_METADATA_MISMATCH')
    expect(paths()).not.toContain('GET /.well-known/oauth-protected-resource')
  })

  it('falls back to OpenID Connect Discovery when there is no RFC 8414 document', async () => {
    serveResource({})
    srv.route('GET', '/as-a/.well-known/openid-configuration', asMetadata(`${srv.origin}/as-a`))
    const found = await discoverAuthorization({ resource: `${srv.origin}/mcp` })
    expect(found.metadata.issuer).toBe(`${srv.origin}/as-a`)
  })

  it('refuses authorization server metadata naming another issuer', async () => {
    serveResource({})
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-b`))
    srv.route('GET', '/as-a/.well-known/openid-configuration', asMetadata(`${srv.origin}/as-a`))
    const err = await rejection(discoverAuthorization({ resource: `${srv.origin}/mcp` }))
    // A wrong issuer is an answer: it is not masked by trying OpenID Connect Discovery.
    expect(err).toMatchObject({ code: 'METADATA_ISSUER_MISMATCH', claim: 'issuer' })
  })

  it('lets the caller choose among the authorization servers, but only among them', async () => {
    serveResource({ servers: [`${srv.origin}/as-a`, `${srv.origin}/as-b`] })
    srv.route('GET', '/.well-known/oauth-authorization-server/as-b', asMetadata(`${srv.origin}/as-b`))
    const found = await discoverAuthorization({
      resource: `${srv.origin}/mcp`,
      selectAuthorizationServer: (issuers) => issuers[1]!,
    })
    expect(found.issuer).toBe(`${srv.origin}/as-b`)
    await expect(
      discoverAuthorization({
        resource: `${srv.origin}/mcp`,
        selectAuthorizationServer: () => 'https://evil.example',
      }),
    ).rejects.toThrow(ArgumentError)
  })

  it('refuses resource metadata that names no authorization server', async () => {
    serveResource({ servers: [] })
    const err = await rejection(discoverAuthorization({ resource: `${srv.origin}/mcp` }))
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'authorization_servers' })
  })

  it('reads server metadata through a shared cache', async () => {
    serveResource({})
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-a`))
    const metadataCache = new MetadataCache()
    await discoverAuthorization({ resource: `${srv.origin}/mcp`, metadataCache })
    await discoverAuthorization({ resource: `${srv.origin}/mcp`, metadataCache })
    expect(paths().filter((p) => p.includes('oauth-authorization-server'))).toHaveLength(1)
  })

  it('sends every request through the injected fetch', async () => {
    serveResource({})
    srv.route('GET', '/.well-known/oauth-authorization-server/as-a', asMetadata(`${srv.origin}/as-a`))
    const seen: string[] = []
    await discoverAuthorization(
      { resource: `${srv.origin}/mcp` },
      {
        fetch: (input, init) => {
          seen.push(new URL(String(input)).pathname)
          return fetch(input, init)
        },
      },
    )
    expect(seen).toEqual(paths().map((p) => p.slice(4)))
  })
})
