import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  createResourceAuthorizer,
  type ResourceAuthorizerConfig,
} from '../../runtime/oauth2/authorize-resource.js'
import { createMemoryCredentialStore } from '../../runtime/oauth2/client-credential-store.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, type RecordedRequest, startFakeServer, tokenBody } from './fixtures/fake-server.js'

// One fake server plays two MCP resources (/mcp-a, /mcp-b) and their authorization servers
// (issuers <origin>/as-a and <origin>/as-b), each with its own registration endpoint.
let srv: FakeServer
const REDIRECT_URI = 'http://127.0.0.1:8765/callback'

beforeAll(async () => {
  srv = await startFakeServer()
})
afterAll(() => srv.close())
beforeEach(() => {
  srv.reset()
  serve('a')
  serve('b')
})

function serve(name: 'a' | 'b', metadata: Record<string, unknown> = {}): void {
  const issuer = `${srv.origin}/as-${name}`
  let registered = 0
  srv.route('GET', `/mcp-${name}`, () => ({
    status: 401,
    headers: { 'www-authenticate': `Bearer resource_metadata="${srv.origin}/prm-${name}"` },
  }))
  srv.route('GET', `/prm-${name}`, () => ({
    json: {
      resource: `${srv.origin}/mcp-${name}`,
      authorization_servers: [issuer],
      scopes_supported: ['mcp'],
    },
  }))
  srv.route('GET', `/.well-known/oauth-authorization-server/as-${name}`, () => ({
    json: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${srv.origin}/token-${name}`,
      registration_endpoint: `${srv.origin}/register-${name}`,
      code_challenge_methods_supported: ['S256'],
      ...metadata,
    },
  }))
  srv.route('POST', `/register-${name}`, (req) => ({
    status: 201,
    json: { ...JSON.parse(req.body), client_id: `${name}-client-${++registered}` },
  }))
  srv.route('POST', `/token-${name}`, () => tokenBody())
}

function authorizer(config: Partial<ResourceAuthorizerConfig> = {}) {
  return createResourceAuthorizer({ redirectUri: REDIRECT_URI, ...config })
}

function callback(url: URL, extra: Record<string, string> = {}): string {
  const cb = new URL(REDIRECT_URI)
  cb.search = new URLSearchParams({
    code: 'code-1',
    state: url.searchParams.get('state')!,
    ...extra,
  }).toString()
  return cb.href
}

function requestsTo(path: string): RecordedRequest[] {
  return srv.requests.filter((r) => r.url.pathname === path)
}

describe('createResourceAuthorizer', () => {
  it('registers, builds the PKCE request with resource, and exchanges the code with resource', async () => {
    const client = authorizer({ clientMetadata: { client_name: 'Agent' } })
    const { url, session } = await client.start({ resource: `${srv.origin}/mcp-a` })
    expect(url.origin + url.pathname).toBe(`${srv.origin}/as-a/authorize`)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'a-client-1',
      redirect_uri: REDIRECT_URI,
      resource: `${srv.origin}/mcp-a`,
      code_challenge_method: 'S256',
      scope: 'mcp',
    })
    expect(JSON.parse(requestsTo('/register-a')[0]!.body)).toMatchObject({
      client_name: 'Agent',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
    })

    // The session is plain JSON: it survives a round trip through a store.
    const stored = JSON.parse(JSON.stringify(session))
    const result = await client.complete(callback(url, { iss: `${srv.origin}/as-a` }), stored)
    expect(result).toMatchObject({
      issuer: `${srv.origin}/as-a`,
      clientId: 'a-client-1',
      resource: `${srv.origin}/mcp-a`,
    })
    const form = requestsTo('/token-a')[0]!.form
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'a-client-1',
      resource: `${srv.origin}/mcp-a`,
      code_verifier: session.transaction.codeVerifier,
    })
  })

  it('uses the client ID metadata document where the server supports it', async () => {
    serve('a', { client_id_metadata_document_supported: true })
    const client = authorizer({ clientIdMetadataUrl: 'https://app.example/oauth/client.json' })
    const { url } = await client.start({ resource: `${srv.origin}/mcp-a` })
    expect(url.searchParams.get('client_id')).toBe('https://app.example/oauth/client.json')
    expect(requestsTo('/register-a')).toHaveLength(0)
    expect((await client.credentials.get(`${srv.origin}/as-a`))?.source).toBe('metadata-document')
  })

  it('keeps one client per issuer and never presents it to another', async () => {
    const client = authorizer()
    const a = await client.start({ resource: `${srv.origin}/mcp-a` })
    const again = await client.start({ resource: `${srv.origin}/mcp-a` })
    const b = await client.start({ resource: `${srv.origin}/mcp-b` })
    expect(requestsTo('/register-a')).toHaveLength(1)
    expect(again.url.searchParams.get('client_id')).toBe('a-client-1')
    expect(b.url.searchParams.get('client_id')).toBe('b-client-1')
    await client.complete(callback(b.url), b.session)
    await client.complete(callback(a.url), a.session)
    expect(requestsTo('/token-b')[0]!.form.get('client_id')).toBe('b-client-1')
    expect(requestsTo('/token-a')[0]!.form.get('client_id')).toBe('a-client-1')
  })

  it('refuses a client a store hands back for another issuer', async () => {
    const credentials = createMemoryCredentialStore()
    const wrong = {
      ...credentials,
      get: async () => ({ issuer: 'https://other.example', clientId: 'x', source: 'dynamic' as const }),
    }
    await expect(
      authorizer({ credentials: wrong }).start({ resource: `${srv.origin}/mcp-a` }),
    ).rejects.toThrow(/returned a client of "https:\/\/other.example"/)
  })

  it('uses a pre-registered client from the store without registering', async () => {
    const credentials = createMemoryCredentialStore([
      {
        issuer: `${srv.origin}/as-a`,
        clientId: 'pre',
        clientSecret: 'pw',
        authMethod: 'client_secret_post',
        source: 'preregistered',
      },
    ])
    const client = authorizer({ credentials })
    const { url, session } = await client.start({ resource: `${srv.origin}/mcp-a` })
    expect(url.searchParams.get('client_id')).toBe('pre')
    await client.complete(callback(url), session)
    expect(requestsTo('/register-a')).toHaveLength(0)
    expect(Object.fromEntries(requestsTo('/token-a')[0]!.form)).toMatchObject({
      client_id: 'pre',
      client_secret: 'pw',
    })
  })

  it('registers again when the secret expired or the redirect URI changed', async () => {
    const credentials = createMemoryCredentialStore([
      {
        issuer: `${srv.origin}/as-a`,
        clientId: 'old',
        clientSecretExpiresAt: 1,
        redirectUris: [REDIRECT_URI],
        source: 'dynamic',
      },
      {
        issuer: `${srv.origin}/as-b`,
        clientId: 'old',
        redirectUris: ['http://127.0.0.1:1/other'],
        source: 'dynamic',
      },
    ])
    const client = authorizer({ credentials })
    expect((await client.start({ resource: `${srv.origin}/mcp-a` })).url.searchParams.get('client_id')).toBe(
      'a-client-1',
    )
    expect((await client.start({ resource: `${srv.origin}/mcp-b` })).url.searchParams.get('client_id')).toBe(
      'b-client-1',
    )
  })

  it('authenticates a registered confidential client as the registration answered', async () => {
    srv.route('POST', '/register-a', (req) => ({
      status: 201,
      json: {
        ...JSON.parse(req.body),
        client_id: 'conf',
        client_secret: 's',
        token_endpoint_auth_method: 'client_secret_basic',
      },
    }))
    const client = authorizer({ clientMetadata: { token_endpoint_auth_method: 'client_secret_basic' } })
    const { url, session } = await client.start({ resource: `${srv.origin}/mcp-a` })
    await client.complete(callback(url), session)
    expect(requestsTo('/token-a')[0]!.headers.authorization).toBe(`Basic ${btoa('conf:s')}`)
  })

  it.each([
    ['no PKCE S256', { code_challenge_methods_supported: ['plain'] }, 'code_challenge_methods_supported'],
    [
      'no PKCE methods at all',
      { code_challenge_methods_supported: undefined },
      'code_challenge_methods_supported',
    ],
    ['no way to register', { registration_endpoint: undefined }, 'registration_endpoint'],
  ])('refuses a server with %s (UNSUPPORTED_AUTHORIZATION_SERVER)', async (_name, metadata, claim) => {
    serve('a', metadata)
    const err = await rejection(authorizer().start({ resource: `${srv.origin}/mcp-a` }))
    expect(err).toMatchObject({ code: 'UNSUPPORTED_AUTHORIZATION_SERVER', claim })
  })

  it('refuses a callback with another iss, or none when the server promises one (RFC 9207)', async () => {
    const client = authorizer()
    const { url, session } = await client.start({ resource: `${srv.origin}/mcp-a` })
    const wrong = await rejection(client.complete(callback(url, { iss: `${srv.origin}/as-b` }), session))
    expect(wrong.code).toBe('ISSUER_MISMATCH')
    const promised = {
      ...session,
      metadata: { ...session.metadata, authorization_response_iss_parameter_supported: true },
    }
    expect((await rejection(client.complete(callback(url), promised))).code).toBe('ISSUER_MISMATCH')
    expect(requestsTo('/token-a')).toHaveLength(0)
  })

  it('refuses to complete when the store no longer has the session client', async () => {
    const client = authorizer()
    const { url, session } = await client.start({ resource: `${srv.origin}/mcp-a` })
    await client.credentials.delete(`${srv.origin}/as-a`)
    await expect(client.complete(callback(url), session)).rejects.toThrow(ArgumentError)
  })

  it.each(['https://app.example/', 'https://app.example/c.json#x', 'http://app.example/c.json'])(
    'refuses clientIdMetadataUrl %s up front',
    (clientIdMetadataUrl) => {
      expect(() => authorizer({ clientIdMetadataUrl })).toThrow(ArgumentError)
    },
  )
})
