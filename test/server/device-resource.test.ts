import { createServer } from 'node:http'
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import {
  type AuthorizationServer,
  createAuthorizationServer,
  DEVICE_CODE_GRANT,
  deviceCodeGrant,
} from '../../runtime/server/index.js'
import type { Store } from '../../runtime/storage/store.js'
import { closeServer, listenLocal } from '../helpers/raw-http.js'
import { storeTargets } from '../helpers/store-targets.js'
import { testKeys } from './fixtures.js'

// RFC 8707 resource indicators in the device flow (RFC 8628), over HTTP on 127.0.0.1: `resource`
// at the device authorization endpoint is checked as at /authorize and kept with the device code
// in every store; the token request may narrow to those resources only, and the refresh token
// keeps them all.

const API = 'https://api.example/'
const MCP = 'https://mcp.example/mcp'
const OTHER = 'https://other.example/'
const resources = {
  [API]: { accessTokenFormat: 'jwt' as const },
  [MCP]: { accessTokenFormat: 'jwt' as const },
  [OTHER]: { accessTokenFormat: 'jwt' as const },
  'https://elsewhere.example/': { accessTokenFormat: 'jwt' as const, clients: ['another-client'] },
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const stores = storeTargets('device-resource', (close) => cleanups.push(close))

type Reply = { status: number; body: Record<string, string> }

/** The authorization server on a loopback port, with a public `tv` client for the device flow. */
async function deployment(store: Store) {
  const clock = { now: Date.UTC(2026, 0, 1) }
  const http = createServer()
  const origin = `http://127.0.0.1:${await listenLocal(http)}`
  cleanups.push(() => closeServer(http))
  const server: AuthorizationServer = createAuthorizationServer({
    issuer: origin,
    store,
    keys: await testKeys(),
    now: () => clock.now,
    resources,
    scopesSupported: ['api:read', 'offline_access'],
  })
  server.registerGrant(deviceCodeGrant())
  http.on('request', toNodeListener(server.handler))
  await store.saveClient({
    clientId: 'tv',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [],
    grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
    responseTypes: [],
    scope: 'api:read offline_access',
  })

  /** A form POST as a client sends it, `resource` repeated once per value. */
  const post = async (path: string, form: Record<string, string>, resource: readonly string[] = []) => {
    const body = new URLSearchParams({ client_id: 'tv', ...form })
    for (const r of resource) body.append('resource', r)
    const res = await fetch(`${origin}${path}`, { method: 'POST', body })
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    return { status: res.status, body: (await res.json()) as Record<string, string> } satisfies Reply
  }
  const poll = (deviceCode: string, resource: readonly string[] = []) => {
    clock.now += 5000 // one interval, so no poll is answered slow_down
    return post('/token', { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode }, resource)
  }
  /** Starts a device authorization for `resource` and has alice approve it; returns its device code. */
  const approved = async (resource: readonly string[]) => {
    const started = await post('/device_authorization', { scope: 'api:read offline_access' }, resource)
    expect(started.status).toBe(200)
    const { device_code, user_code } = started.body
    await server.completeDeviceAuthorization(user_code!, { user: { sub: 'alice' }, approved: true })
    return device_code!
  }
  return { server, post, poll, approved }
}

const aud = (reply: Reply) => decodeJwt(reply.body['access_token']!).aud

describe.each(Object.keys(stores))('device flow with resource indicators on the %s store', (name) => {
  const start = async () => deployment(await stores[name]!())

  it('keeps the resources with the device code, names them to the verification page, and binds the tokens', async () => {
    const d = await start()
    const started = await d.post('/device_authorization', { scope: 'api:read' }, [
      API,
      'https://mcp.example/mcp',
    ])
    expect(started.status).toBe(200)
    const consent = await d.server.validateUserCode(started.body['user_code']!)
    expect(consent.resources).toEqual([API, MCP])
    await d.server.completeDeviceAuthorization(started.body['user_code']!, {
      user: { sub: 'alice' },
      approved: true,
    })
    const tokens = await d.poll(started.body['device_code']!)
    expect(tokens.status).toBe(200)
    expect(aud(tokens)).toEqual([API, MCP])
  })

  it('narrows the token request to some of the resources; the refresh token keeps them all', async () => {
    const d = await start()
    const tokens = await d.poll(await d.approved([API, MCP]), [MCP])
    expect(tokens.status).toBe(200)
    expect(aud(tokens)).toBe(MCP)
    const refreshed = await d.post(
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.body['refresh_token']! },
      [API],
    )
    expect(refreshed.status).toBe(200)
    expect(aud(refreshed)).toBe(API)
    const beyond = await d.post(
      '/token',
      { grant_type: 'refresh_token', refresh_token: refreshed.body['refresh_token']! },
      [OTHER],
    )
    expect(beyond).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
  })

  it('refuses a resource the device did not ask for, before the poll, so the approved code still works', async () => {
    const d = await start()
    const deviceCode = await d.approved([API])
    expect(await d.poll(deviceCode, [OTHER])).toEqual({
      status: 400,
      body: { error: 'invalid_target', error_description: 'the resource was not granted to this grant' },
    })
    const tokens = await d.poll(deviceCode)
    expect(tokens.status).toBe(200)
    expect(aud(tokens)).toBe(API)
    expect(await d.poll(deviceCode)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
  })

  it('answers invalid_target rather than authorization_pending while the user has not decided', async () => {
    const d = await start()
    const started = await d.post('/device_authorization', { scope: 'api:read' }, [API])
    const deviceCode = started.body['device_code']!
    expect(await d.poll(deviceCode, [MCP])).toMatchObject({ status: 400, body: { error: 'invalid_target' } })
    expect(await d.poll(deviceCode)).toMatchObject({ status: 400, body: { error: 'authorization_pending' } })
  })

  it('lets the token request choose the resources of a device code asked for without any', async () => {
    const d = await start()
    const tokens = await d.poll(await d.approved([]), [OTHER])
    expect(tokens.status).toBe(200)
    expect(aud(tokens)).toBe(OTHER)
  })

  it.each([
    ['an unknown resource', ['https://unknown.example/']],
    ['a resource reserved for other clients', ['https://elsewhere.example/']],
    ['a relative URI', ['/api']],
    ['a URI with a fragment', [`${API}#x`]],
    ['one known and one unknown resource', [API, 'https://unknown.example/']],
  ])('refuses %s at the device authorization endpoint with invalid_target', async (_case, resource) => {
    const d = await start()
    const res = await d.post('/device_authorization', { scope: 'api:read' }, resource)
    expect(res.status).toBe(400)
    expect(res.body['error']).toBe('invalid_target')
    expect(res.body).not.toHaveProperty('device_code')
  })
})
