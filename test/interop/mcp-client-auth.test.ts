import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js'
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js'
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createResourceAuthorizer,
  type ResourceAuthorizer,
  type ResourceAuthorizerConfig,
} from '../../runtime/oauth2/index.js'
import { rejection } from '../helpers/rejection.js'

// authspec's resource client against the MCP TypeScript SDK's own authorization server
// (mcpAuthRouter with the SDK's demo in-memory provider) and an MCP server behind the SDK's
// requireBearerAuth, over real HTTP on 127.0.0.1. Only authspec's public API acts as the client;
// the SDK's demo provider approves every authorization request at once, so the browser step is a
// single redirect, followed here with fetch's redirect: 'manual'.

const REDIRECT_URI = 'http://127.0.0.1:8765/callback'

/** The demo provider, also recording the `resource` of each token request (which it ignores). */
class RecordingProvider extends DemoInMemoryAuthProvider {
  readonly tokenResources: (string | undefined)[] = []
  override exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    verifier?: string,
    _redirectUri?: string,
    resource?: URL,
  ) {
    // The demo declares three parameters: it checks the resource given at /authorize instead.
    this.tokenResources.push(resource?.href)
    return super.exchangeAuthorizationCode(client, code, verifier)
  }
}

interface AuthServer {
  issuer: URL
  provider: RecordingProvider
}

const servers: Server[] = []

async function listen(): Promise<{ server: Server; origin: string }> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** An SDK authorization server whose tokens are valid only for `resource` (strict resource check). */
async function startAuthServer(resource: () => URL): Promise<AuthServer> {
  const { server, origin } = await listen()
  const issuer = new URL(`${origin}/`)
  const provider = new RecordingProvider((r) => r?.href === resource().href)
  const app = express()
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: issuer,
      scopesSupported: ['mcp:tools'],
      authorizationOptions: { rateLimit: false },
      tokenOptions: { rateLimit: false },
      clientRegistrationOptions: { rateLimit: false },
    }),
  )
  server.on('request', app)
  return { issuer, provider }
}

let rsOrigin: string
let rsApp: express.Express
let asA: AuthServer
let asB: AuthServer

/** Protects `path` on the resource server with `as`, serving its RFC 9728 metadata. */
function protect(path: string, as: AuthServer, options: { issuerInMetadata?: string } = {}): URL {
  const resource = new URL(`${rsOrigin}${path}`)
  const oauthMetadata = createOAuthMetadata({ provider: as.provider, issuerUrl: as.issuer })
  if (options.issuerInMetadata) oauthMetadata.issuer = options.issuerInMetadata
  rsApp.use(
    mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: resource, scopesSupported: ['mcp:tools'] }),
  )
  const auth = requireBearerAuth({
    verifier: as.provider,
    requiredScopes: ['mcp:tools'],
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(resource),
    expectedResource: resource,
  })
  rsApp.all(path, auth, async (req, res) => {
    const server = new McpServer({ name: 'authspec-interop', version: '1.0.0' })
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true })
    res.on('close', () => void transport.close().then(() => server.close()))
    await server.connect(transport)
    await transport.handleRequest(req, res, req.body)
  })
  return resource
}

let mcpA: URL
let mcpB: URL

beforeAll(async () => {
  const rs = await listen()
  rsOrigin = rs.origin
  rsApp = express()
  rsApp.use(express.json())
  rs.server.on('request', rsApp)
  asA = await startAuthServer(() => mcpA)
  asB = await startAuthServer(() => mcpB)
  mcpA = protect('/mcp', asA)
  mcpB = protect('/mcp-b', asB)
})

afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections()
          s.close(() => resolve())
        }),
    ),
  )
})

function authorizer(config: Partial<ResourceAuthorizerConfig> = {}): ResourceAuthorizer {
  return createResourceAuthorizer({
    redirectUri: REDIRECT_URI,
    clientMetadata: { client_name: 'authspec' },
    ...config,
  })
}

/** The user's browser at the authorization endpoint: the demo provider redirects at once. */
async function approve(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return res.headers.get('location')!
}

async function initialize(resource: URL, accessToken: string): Promise<Response> {
  return fetch(resource, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'authspec', version: '1' },
      },
    }),
  })
}

describe('authspec client → MCP SDK authorization server and resource', () => {
  it('goes from the resource URL to an access token the SDK resource accepts', async () => {
    const registrations: unknown[] = []
    const client = authorizer({
      // Records the registration request: the SDK's store drops members it does not know.
      fetch: async (input, init) => {
        if (String(input).endsWith('/register')) registrations.push(JSON.parse(String(init?.body)))
        return fetch(input, init)
      },
    })
    const { url, session } = await client.start({ resource: mcpA })
    expect(registrations).toEqual([
      {
        redirect_uris: [REDIRECT_URI],
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        client_name: 'authspec',
      },
    ])
    expect(session.issuer).toBe(asA.issuer.href)
    expect(session.resource).toBe(mcpA.href)
    expect(url.searchParams.get('resource')).toBe(mcpA.href)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    // The scope comes from the resource's challenge (requireBearerAuth's scope="mcp:tools").
    expect(url.searchParams.get('scope')).toBe('mcp:tools')

    const { tokens, clientId } = await client.complete(await approve(url), session)
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(asA.provider.tokenResources.at(-1)).toBe(mcpA.href)
    expect(await client.credentials.get(asA.issuer.href)).toMatchObject({ clientId, source: 'dynamic' })
    // Registered through RFC 7591 at the SDK's /register, which drops application_type.
    const registered = await asA.provider.clientsStore.getClient(clientId)
    expect(registered).not.toHaveProperty('application_type')
    expect(registered).toMatchObject({
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT_URI],
    })

    const res = await initialize(mcpA, tokens.access_token)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ result: { serverInfo: { name: 'authspec-interop' } } })
    // Without the token the same call is the SDK's 401.
    expect((await fetch(mcpA, { method: 'POST' })).status).toBe(401)
  })

  it('registers a confidential client (client_secret_post) and authenticates with its secret', async () => {
    const client = authorizer({ clientMetadata: { token_endpoint_auth_method: 'client_secret_post' } })
    const { url, session } = await client.start({ resource: mcpA })
    const stored = await client.credentials.get(asA.issuer.href)
    expect(stored?.clientSecret).toMatch(/^[0-9a-f]{64}$/)
    const { tokens } = await client.complete(await approve(url), session)
    expect((await initialize(mcpA, tokens.access_token)).status).toBe(200)
  })

  it('falls back to RFC 7591: the SDK server does not advertise client ID metadata documents', async () => {
    const client = authorizer({ clientIdMetadataUrl: 'https://app.example/client.json' })
    const { session } = await client.start({ resource: mcpA })
    expect(session.metadata.client_id_metadata_document_supported).toBeUndefined()
    expect((await client.credentials.get(asA.issuer.href))?.source).toBe('dynamic')
  })

  it('keeps credentials per issuer: the client of A is never presented to B', async () => {
    const client = authorizer()
    const a = await client.start({ resource: mcpA })
    const b = await client.start({ resource: mcpB })
    const atA = await client.credentials.get(asA.issuer.href)
    const atB = await client.credentials.get(asB.issuer.href)
    expect(atA?.clientId).toBeDefined()
    expect(atB?.clientId).toBeDefined()
    expect(atB?.clientId).not.toBe(atA?.clientId)
    expect(b.url.searchParams.get('client_id')).toBe(atB?.clientId)
    expect(await asB.provider.clientsStore.getClient(atA!.clientId)).toBeUndefined()

    const tokensB = await client.complete(await approve(b.url), b.session)
    expect(tokensB).toMatchObject({ issuer: asB.issuer.href, clientId: atB?.clientId, resource: mcpB.href })
    expect((await initialize(mcpB, tokensB.tokens.access_token)).status).toBe(200)
    const tokensA = await client.complete(await approve(a.url), a.session)
    expect(tokensA.clientId).toBe(atA?.clientId)
    expect((await initialize(mcpA, tokensA.tokens.access_token)).status).toBe(200)
  })

  it('gets a token bound to the resource (RFC 8707): another resource of the same server refuses it', async () => {
    const sibling = protect('/mcp-sibling', asA)
    const client = authorizer()
    const { url, session } = await client.start({ resource: mcpA })
    const { tokens } = await client.complete(await approve(url), session)
    expect((await initialize(mcpA, tokens.access_token)).status).toBe(200)
    const refused = await initialize(sibling, tokens.access_token)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('Token was not issued for this resource')
  })

  it('refuses a callback whose iss is not the issuer of the request (RFC 9207)', async () => {
    const client = authorizer()
    const { url, session } = await client.start({ resource: mcpA })
    const callback = new URL(await approve(url))
    callback.searchParams.set('iss', asB.issuer.href)
    const err = await rejection(client.complete(callback, session))
    expect(err.code).toBe('ISSUER_MISMATCH')
  })

  it('refuses resource metadata that names another resource (RFC 9728 §3.3)', async () => {
    // /elsewhere answers 401 pointing at the metadata of /mcp, whose resource is /mcp.
    const elsewhere = new URL(`${rsOrigin}/elsewhere`)
    rsApp.all(
      '/elsewhere',
      requireBearerAuth({
        verifier: asA.provider,
        resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpA),
      }),
    )
    const err = await rejection(authorizer().start({ resource: elsewhere }))
    expect(err.code).toBe('RESOURCE_METADATA_MISMATCH')
  })

  it('refuses authorization server metadata whose issuer is not the one listed (RFC 8414 §3.3)', async () => {
    // The resource lists `<rs>/impostor` as its server; the metadata found there is A's own
    // (the SDK's createOAuthMetadata), naming issuer A.
    rsApp.get('/.well-known/oauth-authorization-server/impostor', (_req, res) => {
      res.json(createOAuthMetadata({ provider: asA.provider, issuerUrl: asA.issuer }))
    })
    const impostor = protect('/mcp-impostor', asA, { issuerInMetadata: `${rsOrigin}/impostor` })
    const err = await rejection(authorizer().start({ resource: impostor }))
    expect(err.code).toBe('METADATA_ISSUER_MISMATCH')
  })
})
