import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressProtect, toExpressHandler } from '../../runtime/http/express.js'
import { fastifyPlugin, fastifyProtect } from '../../runtime/http/fastify.js'
import { honoHandler } from '../../runtime/http/hono.js'
import { nodeProtect, toNodeListener } from '../../runtime/http/node.js'
import { closeServer, listenLocal, rawHttp, rawRequest } from '../helpers/raw-http.js'
import { ISSUER, setup } from './fixtures.js'

// Methods the Fetch standard forbids (`new Request` throws on them): every adapter must answer
// them without a 500, on every path. Adapters over the server's core never build a Web Request:
// its endpoints answer them (405 with Allow, 404 on an unknown path); a plain Fetch handler's
// adapter refuses them with 405 before the handler runs; the protectors read only the headers.
const METHODS = ['TRACE', 'TRACK', 'CONNECT']
const PATHS = [
  '/token',
  '/authorize',
  '/introspect',
  '/register',
  '/.well-known/openid-configuration',
  '/nope',
]

const ports = new Map<string, number>()
const servers: Server[] = []
let fastify: FastifyInstance
let fastifyApi: FastifyInstance

beforeAll(async () => {
  const f = await setup({ registration: { open: true } })
  const protector = f.server.resourceProtector()
  const node: Record<string, Server> = {
    'node:http (core)': createServer(toNodeListener(f.server.handler, { origin: ISSUER })),
    'node:http (Web handler)': createServer(toNodeListener((r) => f.server.handler(r), { origin: ISSUER })),
    nodeProtect: createServer(
      nodeProtect(protector, (_req, res) => {
        res.end('ok')
      }),
    ),
    express: createServer(express().use(toExpressHandler(f.server.handler, { origin: ISSUER }))),
    expressProtect: createServer(
      express().use(expressProtect(protector), (_req, res) => {
        res.end('ok')
      }),
    ),
  }
  for (const [name, http] of Object.entries(node)) {
    servers.push(http)
    ports.set(name, await listenLocal(http))
  }
  fastify = Fastify()
  await fastify.register(fastifyPlugin(f.server.handler, { origin: ISSUER }))
  await fastify.listen({ port: 0, host: '127.0.0.1' })
  ports.set('fastify', (fastify.server.address() as AddressInfo).port)
  fastifyApi = Fastify()
  fastifyApi.all('/*', { preHandler: fastifyProtect(protector) }, async () => 'ok')
  await fastifyApi.listen({ port: 0, host: '127.0.0.1' })
  ports.set('fastifyProtect', (fastifyApi.server.address() as AddressInfo).port)
  const hono = new Hono().all('*', honoHandler(f.server.handler))
  const honoServer = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server))
  })
  servers.push(honoServer)
  ports.set('hono', (honoServer.address() as AddressInfo).port)
})

afterAll(async () => {
  await Promise.all(servers.map(closeServer))
  await fastify.close()
  await fastifyApi.close()
})

const ADAPTERS = [
  'node:http (core)',
  'node:http (Web handler)',
  'nodeProtect',
  'express',
  'expressProtect',
  'fastify',
  'fastifyProtect',
  'hono',
]

describe.each(ADAPTERS)('%s: methods a Web Request cannot carry', (adapter) => {
  it.each(PATHS)('TRACE %s: 405 with Allow, never 500', async (path) => {
    const answer = await rawHttp(ports.get(adapter)!, rawRequest('TRACE', path, []))
    if (adapter.endsWith('Protect')) {
      // The protector never builds a Web Request: no token, so its RFC 6750 challenge.
      expect(answer.status).toBe(401)
      return
    }
    if (path === '/nope' && adapter !== 'node:http (Web handler)') {
      expect(answer.status).toBe(404)
      return
    }
    expect(answer.status).toBe(405)
    expect(answer.head).toMatch(/\r\nallow: [A-Z, ]+/i)
  })

  it.each(METHODS)('%s on every path: answered or closed at once, never 5xx', async (method) => {
    for (const path of PATHS) {
      const answer = await rawHttp(ports.get(adapter)!, rawRequest(method, path, []))
      expect(answer.timedOut).toBe(false)
      expect(answer.status).toBeLessThan(500)
    }
  })
})
