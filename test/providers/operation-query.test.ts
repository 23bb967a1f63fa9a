import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import patreonSpec from '../../providers/patreon.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { everySupport } from '../../runtime/provider/support.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/**
 * An operation path may end with a fixed query the provider requires (Patreon's JSON:API
 * `fields[user]`, a name no parameter can spell): the client sends it beside the spec's other query
 * parameters, and the mock refuses a call without it.
 */
let server: Server
let base: string
const seen: URL[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(new URL(req.url ?? '/', 'http://127.0.0.1'))
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ id: '1' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
const mocks: MockProvider[] = []
afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()))
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('an operation path with a fixed query', () => {
  it('is sent together with api.query and the query parameters of the call', async () => {
    const spec = minimalSpec({
      api: {
        baseUrl: 'https://quirky.example/v1',
        query: { v: '5' },
        operations: {
          getMe: {
            method: 'GET',
            path: '/me?fields%5Buser%5D=name,email',
            description: 'me',
            params: { page: { in: 'query', type: 'number', description: 'page' } },
            response: z.object({ id: z.string() }),
          },
        },
      },
    })
    const client = createClient<GenericProviderClient>(
      spec,
      {
        clientId: 'id',
        clientSecret: 'secret',
        redirectUri: 'http://127.0.0.1/cb',
        allowInsecureRequests: true,
        endpointOverrides: { api: base },
      },
      everySupport,
    )
    await client.api['getMe']!('token', { page: 2 })
    const url = seen.at(-1)!
    expect(url.pathname).toBe('/me')
    expect(Object.fromEntries(url.searchParams)).toEqual({ 'fields[user]': 'name,email', v: '5', page: '2' })
  })

  it("Patreon's mock refuses /identity without fields[user], which the client always sends", async () => {
    const mock = await createMockProvider(patreonSpec as ProviderSpec)
    mocks.push(mock)
    const bare = await fetch(`${mock.url}/api/identity`, { headers: { authorization: 'Bearer x' } })
    expect(bare.status).toBe(400)
    expect(await bare.text()).toContain('fields[user] is required')
  })
})
