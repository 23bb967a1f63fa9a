import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressProtect, toExpressHandler } from '../../runtime/http/express.js'
import { fastifyPlugin, fastifyProtect, fastifyToken } from '../../runtime/http/fastify.js'
import { type AuthspecVariables, honoHandler, honoProtect } from '../../runtime/http/hono.js'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { type AuthorizationServer, createAuthorizationServer } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { basic, testKeys } from './fixtures.js'

interface Running {
  base: string
  close(): Promise<void>
}

/** Makes an authorization server for an issuer only known once the port is. */
async function makeServer(issuer: string): Promise<AuthorizationServer> {
  const store = new MemoryStore()
  await store.saveClient({
    clientId: 'svc',
    clientSecretHash: await sha256Base64url('svc-secret'),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api',
  })
  return createAuthorizationServer({
    issuer,
    store,
    keys: await testKeys(),
    scopesSupported: ['openid', 'api'],
    maxBodyBytes: MAX,
  })
}

const MAX = 8 * 1024

const adapters: Record<string, () => Promise<Running>> = {
  'node:http': async () => {
    let server: AuthorizationServer | undefined
    const http = createServer((req, res) => {
      const protectedRoute = server!
        .resourceProtector()
        .protect(async (_r, t) => Response.json({ client: t.clientId }), { scopes: ['api'] })
      const handler = req.url?.startsWith('/api') ? protectedRoute : server!.handler
      toNodeListener(handler, { maxBodyBytes: MAX })(req, res)
    })
    const base = await listen(http)
    server = await makeServer(`${base}/oauth`)
    return { base, close: () => close(http) }
  },
  express: async () => {
    const app = express()
    let server: AuthorizationServer | undefined
    app.get(
      '/api/me',
      (req, res, next) => expressProtect(server!.resourceProtector(), { scopes: ['api'] })(req, res, next),
      (_req, res) => {
        res.json({ client: res.locals['token'].clientId })
      },
    )
    // A body parser mounted first must not hide repeated parameters.
    app.use('/oauth/token', express.urlencoded({ extended: false }))
    app.use('/oauth', (req, res, next) =>
      toExpressHandler(server!.handler, { maxBodyBytes: MAX })(req, res, next),
    )
    const http = createServer(app)
    const base = await listen(http)
    server = await makeServer(`${base}/oauth`)
    return { base, close: () => close(http) }
  },
  fastify: async () => {
    const app = Fastify()
    let server: AuthorizationServer | undefined
    app.get(
      '/api/me',
      {
        preHandler: (req, reply) =>
          fastifyProtect(server!.resourceProtector(), { scopes: ['api'] })(req, reply),
      },
      async (req) => ({
        client: fastifyToken(req)?.clientId,
      }),
    )
    await app.register(
      fastifyPlugin((r) => server!.handler(r), { maxBodyBytes: MAX }),
      { prefix: '/oauth' },
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    server = await makeServer(`${base}/oauth`)
    return { base, close: () => app.close() }
  },
  hono: async () => {
    const app = new Hono<{ Variables: AuthspecVariables }>()
    let server: AuthorizationServer | undefined
    app.get(
      '/api/me',
      (c, next) => honoProtect(server!.resourceProtector(), { scopes: ['api'] })(c, next),
      (c) => c.json({ client: c.get('token').clientId }),
    )
    app.all('/oauth/*', (c) => honoHandler(server!.handler)(c))
    const http = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server))
    })
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
    server = await makeServer(`${base}/oauth`)
    return { base, close: () => close(http) }
  },
}

function listen(http: Server): Promise<string> {
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}`)),
  )
}
function close(http: Server): Promise<void> {
  return new Promise((resolve) => http.close(() => resolve()))
}

const form = {
  'content-type': 'application/x-www-form-urlencoded',
  authorization: basic('svc', 'svc-secret'),
}

describe.each(Object.keys(adapters))('%s adapter over HTTP on 127.0.0.1', (name) => {
  let running: Running
  beforeAll(async () => {
    running = await adapters[name]!()
  })
  afterAll(() => running.close())

  it('serves discovery under the issuer path', async () => {
    const res = await fetch(`${running.base}/oauth/.well-known/openid-configuration`)
    expect(res.status).toBe(200)
    expect((await res.json()).token_endpoint).toBe(`${running.base}/oauth/token`)
  })

  it('issues a token with no-store, and the protected route accepts it', async () => {
    const res = await fetch(`${running.base}/oauth/token`, {
      method: 'POST',
      headers: form,
      body: 'grant_type=client_credentials&scope=api',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { access_token } = await res.json()
    const api = await fetch(`${running.base}/api/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    })
    expect(api.status).toBe(200)
    expect(await api.json()).toEqual({ client: 'svc' })
  })

  it('the protected route answers RFC 6750 errors', async () => {
    const none = await fetch(`${running.base}/api/me`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="authspec"')
    const bad = await fetch(`${running.base}/api/me`, { headers: { authorization: 'Bearer nope' } })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })

  it('refuses GET, repeated parameters and wrong secrets exactly as the core does', async () => {
    const get = await fetch(`${running.base}/oauth/token`)
    expect([get.status, (await get.json()).error]).toEqual([405, 'invalid_request'])
    const repeated = await fetch(`${running.base}/oauth/token`, {
      method: 'POST',
      headers: form,
      body: 'grant_type=client_credentials&scope=api&scope=api',
    })
    expect(await repeated.json()).toEqual({
      error: 'invalid_request',
      error_description: 'repeated parameter: scope',
    })
    const wrong = await fetch(`${running.base}/oauth/token`, {
      method: 'POST',
      headers: { ...form, authorization: basic('svc', 'nope') },
      body: 'grant_type=client_credentials',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="authspec"')
  })

  it('refuses oversized bodies with 413 in the RFC 6749 shape', async () => {
    const res = await fetch(`${running.base}/oauth/revoke`, {
      method: 'POST',
      headers: form,
      body: `token=${'x'.repeat(MAX + 10)}`,
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error).toBe('invalid_request')
  })
})
