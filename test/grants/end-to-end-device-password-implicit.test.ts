import { mkdtemp } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import { type AuthorizationServer, createAuthorizationServer } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys, USERS } from '../server/fixtures.js'
import { scaffoldAndFill } from './scaffold-fill.js'

const ROOT = new URL('../..', import.meta.url).pathname
const REDIRECT = 'http://127.0.0.1/callback'
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
const DEVICE_TTL = 600
const g = globalThis as { activeChecks?: number; deviceChecks?: number }

/** Small real implementations that replace each scaffolded `throw new NotImplementedError(…)`. */
const FIXTURES: Record<string, Record<string, string>> = {
  device_code: {
    authorizeClient: `const g = globalThis as { deviceChecks?: number }
    g.deviceChecks = (g.deviceChecks ?? 0) + 1
    return input.client.clientId !== 'blocked'`,
  },
  password: {
    authenticateUser:
      "return input.username === 'alice' && input.password === 'wonderland' ? { sub: 'alice' } : undefined",
  },
  implicit: { authorizeRequest: "return !input.scopes.includes('admin')" },
  refresh_token: {
    isGrantActive: `const g = globalThis as { activeChecks?: number }
    g.activeChecks = (g.activeChecks ?? 0) + 1
    return input.sub === 'alice'`,
  },
}

const servers: Server[] = []
let issuer: string
let plainIssuer: string
let server: AuthorizationServer
let config: oidc.Configuration
let metadata: ReturnType<typeof registerDefinedGrants>
/** Seconds added to the server's clock (an injected clock, for expiry). */
let skew = 0
/** `error` of every failed token response, in order. */
const tokenErrors: string[] = []

async function listen(handler: (request: Request) => Promise<Response>): Promise<string> {
  const http = createServer(toNodeListener(handler))
  servers.push(http)
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

async function clients(store: MemoryStore, grantTypes: string[]) {
  for (const clientId of ['rp', 'blocked']) {
    await store.saveClient({
      clientId,
      clientSecretHash: await sha256Base64url(`${clientId}-secret`),
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: [REDIRECT],
      grantTypes,
      responseTypes: ['token'],
      scope: 'openid profile email api admin',
    })
  }
  await store.saveClient({
    clientId: 'spa',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [REDIRECT],
    grantTypes,
    responseTypes: ['token'],
    scope: 'api admin',
  })
}

/** The application's user-code page: GET shows the pending request, POST records the decision. */
async function devicePage(request: Request): Promise<Response> {
  const url = new URL(request.url)
  try {
    if (request.method === 'GET') {
      const pending = await server.validateUserCode(url.searchParams.get('user_code') ?? '')
      return new Response(`<p>${pending.client.clientId} asks for ${pending.scopes.join(' ')}</p>`, {
        headers: { 'content-type': 'text/html' },
      })
    }
    const form = new URLSearchParams(await request.text())
    await server.completeDeviceAuthorization(form.get('user_code') ?? '', {
      approved: form.get('decision') === 'approve',
      user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
    })
    return new Response('done')
  } catch {
    return new Response('unknown or expired code', { status: 400 })
  }
}

beforeAll(async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'authspec-impl-'))
  const grants = [
    await scaffoldAndFill(ROOT, out, 'device_code', FIXTURES['device_code']!),
    await scaffoldAndFill(ROOT, out, 'password', FIXTURES['password']!),
    await scaffoldAndFill(ROOT, out, 'implicit', FIXTURES['implicit']!),
    await scaffoldAndFill(ROOT, out, 'refresh_token', FIXTURES['refresh_token']!),
  ]
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  issuer = await listen(async (request) => {
    if (new URL(request.url).pathname === '/device') return devicePage(request)
    const res = await handler(request)
    if (new URL(request.url).pathname === '/token' && res.status !== 200) {
      tokenErrors.push(((await res.clone().json()) as { error: string }).error)
    }
    return res
  })
  const store = new MemoryStore()
  await clients(store, [DEVICE_GRANT, 'password', 'refresh_token'])
  server = createAuthorizationServer({
    issuer,
    store,
    keys: await testKeys(),
    defaultGrants: false,
    now: () => Date.now() + skew * 1000,
    device: { ttl: DEVICE_TTL, interval: 1 },
    // rp introspects the other clients' tokens as the resource server they are meant for.
    introspection: { resourceServers: ['rp'] },
    scopesSupported: ['openid', 'profile', 'email', 'api', 'admin'],
    findUserClaims: async (sub) => USERS[sub],
    authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
  })
  metadata = registerDefinedGrants(server, grants)
  handler = server.handler
  config = await oidc.discovery(new URL(issuer), 'rp', undefined, oidc.ClientSecretBasic('rp-secret'), {
    execute: [oidc.allowInsecureRequests],
  })

  // The same application without enabling them: defaults only.
  const plainStore = new MemoryStore()
  await clients(plainStore, ['authorization_code', 'password', 'refresh_token'])
  let plain: AuthorizationServer | undefined
  plainIssuer = await listen((r) => plain!.handler(r))
  plain = createAuthorizationServer({
    issuer: plainIssuer,
    store: plainStore,
    keys: await testKeys(),
    scopesSupported: ['api'],
    authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
  })
})

afterAll(async () => {
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()))
})

async function token(form: Record<string, string>, client = 'rp', base = issuer) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (client === 'spa') form = { ...form, client_id: 'spa' }
  else headers['authorization'] = `Basic ${btoa(`${client}:${client}-secret`)}`
  const res = await fetch(`${base}/token`, { method: 'POST', headers, body: new URLSearchParams(form) })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

async function introspect(tokenValue: string): Promise<boolean> {
  const res = await fetch(`${issuer}/introspect`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa('rp:rp-secret')}`,
    },
    body: new URLSearchParams({ token: tokenValue }),
  })
  return ((await res.json()) as { active: boolean }).active
}

async function decide(userCode: string, decision: 'approve' | 'deny') {
  const page = await fetch(`${issuer}/device?user_code=${encodeURIComponent(userCode)}`)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('rp asks for openid api')
  const res = await fetch(`${issuer}/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, decision }),
  })
  expect(res.status).toBe(200)
}

async function until(check: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('device code, password and implicit scaffolded and enabled explicitly, over HTTP', () => {
  it('they are off by default: not in the metadata, and refused', async () => {
    const doc = (await (await fetch(`${plainIssuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string[]
    >
    expect(doc['grant_types_supported']).not.toContain('password')
    expect(doc['grant_types_supported']).not.toContain(DEVICE_GRANT)
    expect(doc['response_types_supported']).toEqual(['code'])
    expect(doc['device_authorization_endpoint']).toBeUndefined()
    const pw = await token(
      { grant_type: 'password', username: 'alice', password: 'wonderland' },
      'rp',
      plainIssuer,
    )
    expect(pw.body['error']).toBe('unsupported_grant_type')
    const res = await fetch(
      `${plainIssuer}/authorize?${new URLSearchParams({ client_id: 'spa', redirect_uri: REDIRECT, response_type: 'token', scope: 'api', state: 's' })}`,
      { redirect: 'manual' },
    )
    const location = new URL(res.headers.get('location')!)
    const params = new URLSearchParams(location.hash.slice(1) || location.search)
    expect(params.get('error')).toBe('unsupported_response_type')
  })

  it('enabled, the metadata lists exactly the registered grants and response types', async () => {
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    expect(doc['grant_types_supported']).toEqual([DEVICE_GRANT, 'password', 'refresh_token', 'implicit'])
    expect(doc['grant_types_supported']).toEqual(metadata.grant_types_supported)
    expect(doc['response_types_supported']).toEqual(['token'])
    expect(doc['device_authorization_endpoint']).toBe(`${issuer}/device_authorization`)
  })

  it('device code through openid-client: authorization_pending while the user decides on the HTTP page, then tokens', async () => {
    tokenErrors.length = 0
    const before = g.deviceChecks ?? 0
    const da = await oidc.initiateDeviceAuthorization(config, { scope: 'openid api' })
    expect(da.interval).toBe(1)
    expect(da.verification_uri_complete).toBe(
      `${issuer}/device?user_code=${encodeURIComponent(da.user_code)}`,
    )
    const polling = oidc.pollDeviceAuthorizationGrant(config, da)
    await until(() => tokenErrors.includes('authorization_pending'))
    await decide(da.user_code, 'approve')
    const tokens = await polling
    expect(tokens.claims()?.sub).toBe('alice')
    expect(tokens.scope).toBe('openid api')
    expect(tokens.refresh_token).toBeTypeOf('string')
    expect(g.deviceChecks! - before).toBeGreaterThanOrEqual(2)
    expect(await introspect(tokens.access_token)).toBe(true)
    // The device code is spent: polling again is invalid_grant.
    expect((await token({ grant_type: DEVICE_GRANT, device_code: da.device_code })).body['error']).toBe(
      'invalid_grant',
    )
  })

  it('device code: polling faster than the interval is slow_down; the hook refuses a blocked client', async () => {
    const da = await oidc.initiateDeviceAuthorization(config, { scope: 'api' })
    const poll = () => token({ grant_type: DEVICE_GRANT, device_code: da.device_code })
    expect((await poll()).body['error']).toBe('authorization_pending')
    expect((await poll()).body).toMatchObject({ error: 'slow_down' })
    const blocked = await token({ grant_type: DEVICE_GRANT, device_code: da.device_code }, 'blocked')
    expect(blocked).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } })
  })

  it.each([
    ['the user denies on the page', 'access_denied'],
    ['the device code expires', 'expired_token'],
  ])('device code through openid-client: %s → %s', async (label, error) => {
    const da = await oidc.initiateDeviceAuthorization(config, { scope: 'openid api' })
    if (label.includes('denies')) await decide(da.user_code, 'deny')
    else skew = DEVICE_TTL + 1
    try {
      await expect(oidc.pollDeviceAuthorizationGrant(config, da)).rejects.toMatchObject({ error })
    } finally {
      skew = 0
    }
  })

  it('refresh tokens rotate through the scaffolded refresh_token hooks; reuse revokes the family', async () => {
    const da = await oidc.initiateDeviceAuthorization(config, { scope: 'openid api' })
    await decide(da.user_code, 'approve')
    const first = await oidc.pollDeviceAuthorizationGrant(config, da)
    const checks = g.activeChecks ?? 0
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!)
    expect(second.refresh_token).toBeTypeOf('string')
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
    const third = await oidc.refreshTokenGrant(config, second.refresh_token!)
    expect(third.refresh_token).not.toBe(second.refresh_token)
    // isGrantActive ran for each rotation.
    expect(g.activeChecks! - checks).toBe(2)
    // Narrowing is allowed; the retired refresh token is a replay that revokes the whole family.
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token! })
    expect(reuse).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'the refresh token was already used; the grant is revoked',
      },
    })
    expect(await introspect(third.access_token)).toBe(false)
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: third.refresh_token! })).body['error'],
    ).toBe('invalid_grant')
    // The reuse was detected by the runtime before asking the hook.
    expect(g.activeChecks! - checks).toBe(2)
  })

  it('password over HTTP: the hook checks the credentials; a refresh token comes with it', async () => {
    const ok = await token({
      grant_type: 'password',
      username: 'alice',
      password: 'wonderland',
      scope: 'api',
    })
    expect(ok).toMatchObject({ status: 200, body: { scope: 'api', token_type: 'Bearer' } })
    expect(ok.body['refresh_token']).toBeTypeOf('string')
    expect(await introspect(ok.body['access_token']!)).toBe(true)
    const cases: [Record<string, string>, string, string][] = [
      [{ username: 'alice', password: 'wrong' }, 'rp', 'invalid_grant'],
      [{ username: 'alice' }, 'rp', 'invalid_request'],
      [{ username: 'alice', password: 'wonderland', scope: 'elsewhere' }, 'rp', 'invalid_scope'],
      // The definition allows no public clients.
      [{ username: 'alice', password: 'wonderland' }, 'spa', 'unauthorized_client'],
    ]
    for (const [form, client, error] of cases) {
      expect((await token({ grant_type: 'password', ...form }, client)).body['error']).toBe(error)
    }
  })

  it('implicit over HTTP: the token comes back in the fragment; the hook refuses admin', async () => {
    const authorize = async (scope: string) => {
      const res = await fetch(
        `${issuer}/authorize?${new URLSearchParams({ client_id: 'spa', redirect_uri: REDIRECT, response_type: 'token', scope, state: 'st', nonce: 'n-1' })}`,
        { redirect: 'manual' },
      )
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('location')!)
      expect(location.search).toBe('')
      return new URLSearchParams(location.hash.slice(1))
    }
    const ok = await authorize('api')
    expect(ok.get('token_type')).toBe('Bearer')
    expect(ok.get('state')).toBe('st')
    expect(ok.get('scope')).toBe('api')
    expect(await introspect(ok.get('access_token')!)).toBe(true)
    const denied = await authorize('api admin')
    expect(denied.get('error')).toBe('access_denied')
    expect(denied.get('access_token')).toBeNull()
  })
})
