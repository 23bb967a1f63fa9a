import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js'
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js'
import express from 'express'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressProtect, expressResourceMetadata } from '../../runtime/http/express.js'
import { toNodeListener } from '../../runtime/http/node.js'
import {
  type AccessTokenInfo,
  type AuthorizationServer,
  createAuthorizationServer,
  generateSigningKeys,
  ResourceProtector,
  type RotatingSigningKeys,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'

// The official MCP TypeScript SDK as the MCP client (its OAuthClientProvider flow inside
// StreamableHTTPClientTransport), authspec's AuthorizationServer as the authorization server,
// and an MCP server (the SDK's McpServer over its streamable HTTP transport) whose requests are
// authorized by authspec's ResourceProtector, all over HTTP on 127.0.0.1. The client registers
// once with a Client ID Metadata Document (served over https by a local server with a test
// certificate, trusted by the authorization server through `ca` under `allowLoopback`), once
// with RFC 7591 dynamic registration. The browser step is one redirect: the server's `authorize`
// option approves at once, and the test reads the code from the Location header. Each flow is
// checked end to end: the SDK finds the authorization server through the 401's
// `resource_metadata` (RFC 9728), asks for the MCP server as `resource` (RFC 8707), and gets a JWT
// access token whose `aud` is that resource alone, refused by another resource of the same server.

const REDIRECT = 'http://127.0.0.1:8765/callback'
const SCOPE = 'mcp:tools'

const servers: Server[] = []
let tlsDir = ''
let issuer = ''
let mcpUrl = ''
let otherUrl = ''
let keys: RotatingSigningKeys
let clientMetadataUrl = ''
let as: AuthorizationServer
const store = new MemoryStore()

async function listen(server: Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function testCertificate(): { key: string; cert: string } {
  tlsDir = mkdtempSync(join(tmpdir(), 'authspec-cimd-'))
  const key = join(tlsDir, 'key.pem')
  const cert = join(tlsDir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  )
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
}

const clientMetadata: OAuthClientMetadata = {
  client_name: 'SDK client',
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
}

/**
 * The MCP server: one stateless McpServer per request, behind authspec's ResourceProtector for
 * `/mcp` (JWT access tokens whose `aud` must be this resource, RFC 9728 metadata served by the
 * Express adapter), and a second resource `/other` of the same server, with its own protector.
 */
async function startMcpServer(): Promise<void> {
  const http = createServer()
  const origin = `http://${await listen(http)}`
  mcpUrl = `${origin}/mcp`
  otherUrl = `${origin}/other`
  const protector = (resource: string) =>
    new ResourceProtector({
      store,
      jwt: { issuer, audience: resource, jwks: () => keys.jwks() },
      resource,
      authorizationServers: [issuer],
      scopesSupported: [SCOPE],
    })
  const app = express()
  const mcp = protector(mcpUrl)
  app.use(expressResourceMetadata(mcp))
  app.use(express.json())
  app.all('/other', expressProtect(protector(otherUrl)), (_req, res) => void res.json({ ok: true }))
  app.all('/mcp', expressProtect(mcp, { scopes: [SCOPE] }), async (req, res) => {
    const sub = (res.locals['token'] as AccessTokenInfo).sub
    const server = new McpServer({ name: 'authspec-protected', version: '1.0.0' })
    server.registerTool('whoami', { description: 'The signed-in user' }, async () => ({
      content: [{ type: 'text', text: String(sub) }],
    }))
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true })
    res.on('close', () => void transport.close().then(() => server.close()))
    await server.connect(transport)
    await transport.handleRequest(req, res, req.body)
  })
  http.on('request', app)
}

beforeAll(async () => {
  const tls = testCertificate()
  const docs = createHttpsServer(tls, (req, res) => {
    if (req.url !== '/client.json') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ...clientMetadata, client_id: clientMetadataUrl }))
  })
  clientMetadataUrl = `https://${await listen(docs)}/client.json`
  keys = await generateSigningKeys({ alg: 'ES256' })
  const asHttp = createServer()
  issuer = `http://${await listen(asHttp)}`
  await startMcpServer()
  as = createAuthorizationServer({
    issuer,
    store,
    keys,
    scopesSupported: [SCOPE],
    registration: { open: true },
    resources: { [mcpUrl]: { accessTokenFormat: 'jwt' }, [otherUrl]: {} },
    clientIdMetadataDocuments: { allowLoopback: true, ca: tls.cert },
    authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
  })
  asHttp.on('request', toNodeListener(as.handler))
})

afterAll(async () => {
  for (const s of servers) s.closeAllConnections()
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true })
})

/** An in-memory OAuthClientProvider; the "browser" is `authorizationUrl`, followed by the test. */
class TestProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined
  client: OAuthClientInformationMixed | undefined
  saved: OAuthTokens | undefined
  verifier = ''
  readonly clientMetadataUrl?: string

  constructor(metadataUrl?: string) {
    if (metadataUrl !== undefined) this.clientMetadataUrl = metadataUrl
  }
  get redirectUrl() {
    return REDIRECT
  }
  get clientMetadata() {
    return clientMetadata
  }
  clientInformation() {
    return this.client
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info
  }
  tokens() {
    return this.saved
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier
  }
  codeVerifier() {
    return this.verifier
  }
}

/** Runs the SDK's whole flow: 401, discovery, registration, authorization, token, then tools/list and a call. */
async function connectThroughOAuth(provider: TestProvider) {
  // Every request the SDK sends, for its transport and its OAuth steps, and what came back.
  const seen: { url: string; status: number; challenge: string | null }[] = []
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init)
    const url = input instanceof Request ? input.url : String(input)
    seen.push({ url, status: res.status, challenge: res.headers.get('www-authenticate') })
    return res
  }
  const transport = () =>
    new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recording })
  const first = new Client({ name: 'sdk-client', version: '1.0.0' })
  await expect(first.connect(transport())).rejects.toThrow(UnauthorizedError)
  const authorizationUrl = provider.authorizationUrl!
  const res = await fetch(authorizationUrl, { redirect: 'manual' })
  expect(res.status).toBe(302)
  const callback = new URL(res.headers.get('location')!)
  expect(callback.searchParams.get('error_description')).toBeNull()
  expect(callback.searchParams.get('iss')).toBe(issuer)
  const second = transport()
  await second.finishAuth(callback.searchParams.get('code')!)
  const client = new Client({ name: 'sdk-client', version: '1.0.0' })
  await client.connect(second)
  const tools = await client.listTools()
  const called = await client.callTool({ name: 'whoami', arguments: {} })
  await client.close()

  // Discovery went the RFC 9728 way: the 401 named the resource metadata, the SDK read it and
  // went on to the authorization server it lists.
  const metadataUrl = `${new URL(mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`
  expect(seen[0]).toMatchObject({ url: mcpUrl, status: 401 })
  expect(seen[0]?.challenge).toContain(`resource_metadata="${metadataUrl}"`)
  expect(seen[1]).toMatchObject({ url: metadataUrl, status: 200 })
  expect(seen[2]).toMatchObject({ url: `${issuer}/.well-known/oauth-authorization-server`, status: 200 })
  // RFC 8707: asked for this resource, and the token is for it alone.
  expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl)
  const token = provider.saved!.access_token
  expect([decodeJwt(token).aud].flat()).toEqual([mcpUrl])
  const elsewhere = await fetch(otherUrl, { headers: { authorization: `Bearer ${token}` } })
  expect(elsewhere.status).toBe(401)
  expect(elsewhere.headers.get('www-authenticate')).toContain('error="invalid_token"')
  return { authorizationUrl, tools, called }
}

describe('MCP SDK client → MCP server protected by authspec, authspec authorization server', () => {
  it('registers with a Client ID Metadata Document and lists tools', async () => {
    expect(as.metadata()).toMatchObject({ client_id_metadata_document_supported: true })
    const provider = new TestProvider(clientMetadataUrl)
    const { authorizationUrl, tools, called } = await connectThroughOAuth(provider)
    expect(authorizationUrl.searchParams.get('client_id')).toBe(clientMetadataUrl)
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(provider.client?.client_id).toBe(clientMetadataUrl)
    expect(tools.tools.map((t) => t.name)).toEqual(['whoami'])
    expect(called.content).toEqual([{ type: 'text', text: 'alice' }])
  })

  it('falls back to dynamic registration (RFC 7591) without a metadata URL', async () => {
    const provider = new TestProvider()
    const { authorizationUrl, tools } = await connectThroughOAuth(provider)
    const clientId = authorizationUrl.searchParams.get('client_id')!
    expect(clientId).not.toMatch(/^https?:/)
    expect(await store.getClient(clientId)).toMatchObject({
      tokenEndpointAuthMethod: 'none',
      redirectUris: [REDIRECT],
    })
    expect(tools.tools.map((t) => t.name)).toEqual(['whoami'])
  })

  it('refuses the MCP request without a token, and with a token the server does not know', async () => {
    const ping = (authorization?: string) =>
      fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      })
    const none = await ping()
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /)
    const unknown = await ping('Bearer not-a-token')
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })
})
