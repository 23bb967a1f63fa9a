import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { vkLegacy } from '../../generated/providers/vk-legacy.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { rejection } from '../helpers/rejection.js'

/**
 * Token endpoints that changed their answer's shape: the emulators cannot be made to do this, so a
 * tiny local server stands in for the token endpoint. Each error must name the field.
 */
let server: Server
let base: string
let answer: { type: string; body: string } = { type: 'application/json', body: '{}' }

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': answer.type })
      res.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function callbackWith(body: Record<string, unknown> | string, type = 'application/json') {
  answer = { type, body: typeof body === 'string' ? body : JSON.stringify(body) }
  const clients = {
    github: github({
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { authorization: `${base}/authorize`, token: `${base}/token` },
    }),
    vkLegacy: vkLegacy({
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { authorization: `${base}/authorize`, token: `${base}/token` },
    }),
  }
  return clients
}

async function exchange(client: ReturnType<typeof github> | ReturnType<typeof vkLegacy>) {
  // Either client through the untyped interface they share.
  const c = client as unknown as GenericProviderClient
  const { url, session } = await c.authorizationUrl()
  const cb = new URL('http://127.0.0.1/cb')
  cb.searchParams.set('code', 'c')
  cb.searchParams.set('state', url.searchParams.get('state')!)
  return c.callback(cb, session)
}

describe('token responses of a changed shape', () => {
  it.each([
    {
      name: 'GitHub without access_token (JSON)',
      provider: 'github' as const,
      body: { token_type: 'bearer', scope: 'read:user' },
      type: 'application/json',
      field: /access_token/,
    },
    {
      name: 'GitHub without access_token (form)',
      provider: 'github' as const,
      body: 'token_type=bearer&scope=read%3Auser',
      type: 'application/x-www-form-urlencoded',
      field: /access_token/,
    },
    {
      name: 'GitHub refresh_token_expires_in as a word',
      provider: 'github' as const,
      body: { access_token: 'a', token_type: 'bearer', refresh_token_expires_in: 'soon' },
      type: 'application/json',
      field: /refresh_token_expires_in/,
    },
    {
      name: 'VK user_id as an object',
      provider: 'vkLegacy' as const,
      body: { access_token: 'a', expires_in: 86400, user_id: { id: 1 } },
      type: 'application/json',
      field: /user_id/,
    },
  ])('$name: the error names the field', async (t) => {
    const clients = await callbackWith(t.body, t.type)
    const err = await rejection(exchange(clients[t.provider]))
    expect(err.code).toBe('INVALID_RESPONSE')
    expect(`${err.message} ${err.claim ?? ''}`).toMatch(t.field)
  })
})
