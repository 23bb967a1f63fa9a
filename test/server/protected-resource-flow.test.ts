import { createServer, type RequestListener } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { expressProtect, expressResourceMetadata } from '../../runtime/http/express.js'
import { fastifyProtect, fastifyResourceMetadata, fastifyToken } from '../../runtime/http/fastify.js'
import { type AuthspecVariables, honoProtect, honoResourceMetadata } from '../../runtime/http/hono.js'
import { nodeProtect, toNodeListener } from '../../runtime/http/node.js'
import { createResourceAuthorizer } from '../../runtime/oauth2/authorize-resource.js'
import { parseResourceChallenge } from '../../runtime/oauth2/resource-challenge.js'
import {
  type AccessTokenInfo,
  createAuthorizationServer,
  type ResourceProtector,
} from '../../runtime/server/index.js'
import type { Store } from '../../runtime/storage/store.js'
import { closeServer, listenLocal } from '../helpers/raw-http.js'
import { storeTargets } from '../helpers/store-targets.js'
import { testKeys } from './fixtures.js'

// End to end over HTTP on 127.0.0.1: the runtime's own resource client starts from a resource
// URL, gets its 401, follows resource_metadata (RFC 9728) to the authorization server, registers
// (RFC 7591) and runs the PKCE flow with `resource` (RFC 8707); the token (aud = that resource) is
// accepted by the resource's protector, served through each framework adapter, and a token for
// another resource of the same authorization server is refused.

const SCOPE = 'mcp:tools'
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A loopback server whose listener is set once the origin (and so the URLs) are known. */
async function lateServer() {
  let listener: RequestListener = (_req, res) => res.writeHead(503).end()
  const http = createServer((req, res) => listener(req, res))
  const port = await listenLocal(http)
  cleanups.push(() => closeServer(http))
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (l: RequestListener) => {
      listener = l
    },
  }
}

/** How each adapter mounts a protector: its metadata route, and GET /mcp answering the token's `sub`. */
const adapters: Record<string, (p: ResourceProtector) => Promise<RequestListener>> = {
  'node:http': async (p) =>
    nodeProtect(
      p,
      (_req, res, token) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: token.sub }))
      },
      { scopes: [SCOPE] },
    ),
  express: async (p) => {
    const app = express()
    app.use(expressResourceMetadata(p))
    app.get('/mcp', expressProtect(p, { scopes: [SCOPE] }), (_req, res) => {
      res.json({ sub: (res.locals['token'] as AccessTokenInfo).sub })
    })
    return app
  },
  fastify: async (p) => {
    let handler: RequestListener | undefined
    const app = Fastify({
      serverFactory: (h) => {
        handler = h
        return createServer()
      },
    })
    await app.register(fastifyResourceMetadata(p))
    app.get('/mcp', { preHandler: fastifyProtect(p, { scopes: [SCOPE] }) }, async (req) => ({
      sub: fastifyToken(req)?.sub,
    }))
    await app.ready()
    cleanups.push(() => app.close())
    if (!handler) throw new Error('fastify built no handler')
    return handler
  },
  hono: async (p) => {
    const app = new Hono<{ Variables: AuthspecVariables }>()
    app.use(honoResourceMetadata(p))
    app.get('/mcp', honoProtect(p, { scopes: [SCOPE] }), (c) => c.json({ sub: c.get('token').sub }))
    return getRequestListener(app.fetch)
  },
}

const stores = storeTargets('prm', (close) => cleanups.push(close))

/** An authorization server and two resources it issues for, each behind `adapter`. */
async function deployment(adapter: string, store: Store, accessTokenFormat: 'opaque' | 'jwt') {
  const as = await lateServer()
  const [mcp, other] = [await lateServer(), await lateServer()]
  const resource = `${mcp.origin}/mcp`
  const otherResource = `${other.origin}/mcp`
  const server = createAuthorizationServer({
    issuer: as.origin,
    store,
    keys: await testKeys(),
    accessTokenFormat,
    registration: { open: true },
    resources: { [resource]: {}, [otherResource]: {} },
    scopesSupported: ['openid', SCOPE],
    // The end-user approves at once: this flow is about discovery and audiences, not the login page.
    authorize: async () => ({ approved: true, user: { sub: 'alice' } }),
  })
  as.set(toNodeListener(server.handler))
  const mount = adapters[adapter]!
  for (const [rs, id] of [
    [mcp, resource],
    [other, otherResource],
  ] as const) {
    const protector = server.resourceProtector({
      resource: id,
      authorizationServers: [as.origin],
      scopesSupported: [SCOPE],
      resourceName: 'Test MCP',
    })
    rs.set(await mount(protector))
  }
  return { issuer: as.origin, resource, otherResource }
}

/** The runtime's resource client, from the resource URL to its tokens. */
async function tokensFor(resource: string, authorizer: ReturnType<typeof createResourceAuthorizer>) {
  const { url, session } = await authorizer.start({ resource })
  expect(url.searchParams.getAll('resource')).toEqual([resource])
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return (await authorizer.complete(res.headers.get('location') ?? '', session)).tokens
}

/** The failures over HTTP: an unknown resource at /authorize, a refresh beyond the grant. */
async function refusals(
  d: { issuer: string; otherResource: string },
  clientId: string,
  refreshToken: string,
) {
  const authorize = new URL(`${d.issuer}/authorize`)
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:8765/callback',
    response_type: 'code',
    scope: SCOPE,
    state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    resource: 'https://unknown.example/mcp',
  }).toString()
  const redirect = await fetch(authorize, { redirect: 'manual' })
  expect(redirect.status).toBe(302)
  expect(new URL(redirect.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_target')
  const refresh = await fetch(`${d.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      resource: d.otherResource,
    }),
  })
  expect(refresh.status).toBe(400)
  expect(await refresh.json()).toMatchObject({ error: 'invalid_target' })
}

const get = (url: string, token?: string) =>
  fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })

async function flow(adapter: string, store: Store, format: 'opaque' | 'jwt') {
  const d = await deployment(adapter, store, format)
  const probe = await get(d.resource)
  expect(probe.status).toBe(401)
  const challenge = parseResourceChallenge(probe)
  const metadataUrl = `${new URL(d.resource).origin}/.well-known/oauth-protected-resource/mcp`
  expect(challenge?.resourceMetadata).toBe(metadataUrl)
  expect(await (await get(metadataUrl)).json()).toEqual({
    resource: d.resource,
    authorization_servers: [d.issuer],
    scopes_supported: [SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'Test MCP',
  })

  const authorizer = createResourceAuthorizer({
    redirectUri: 'http://127.0.0.1:8765/callback',
    clientMetadata: { client_name: 'flow test' },
  })
  const tokens = await tokensFor(d.resource, authorizer)
  const ok = await get(d.resource, tokens.access_token)
  expect(ok.status).toBe(200)
  expect(await ok.json()).toEqual({ sub: 'alice' })

  // The same client and server, another resource: its token is valid there and refused here.
  const foreign = (await tokensFor(d.otherResource, authorizer)).access_token
  expect((await get(d.otherResource, foreign)).status).toBe(200)
  const refused = await get(d.resource, foreign)
  expect(refused.status).toBe(401)
  expect(parseResourceChallenge(refused)).toMatchObject({
    error: 'invalid_token',
    resourceMetadata: metadataUrl,
  })

  const client = await authorizer.credentials.get(d.issuer)
  if (!client || !tokens.refresh_token) throw new Error('the flow left no client or refresh token')
  await refusals(d, client.clientId, tokens.refresh_token)
}

describe('a resource client against authspec on both sides (RFC 9728, RFC 8707)', () => {
  it.each(Object.keys(adapters))('through the %s adapter (memory store, opaque tokens)', async (adapter) => {
    await flow(adapter, await stores['memory']!(), 'opaque')
  })

  it('with JWT access tokens (RFC 9068 aud)', async () => {
    await flow('express', await stores['memory']!(), 'jwt')
  })

  it.each(Object.keys(stores).filter((s) => s !== 'memory'))('on %s', async (name) => {
    await flow('node:http', await stores[name]!(), 'opaque')
  })
})
