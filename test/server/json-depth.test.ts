import { createServer, type Server } from 'node:http'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { CLIENT_JSON_LIMITS, parseBoundedJson } from '../../runtime/server/lib/bounded-json.js'
import { JWT_BEARER_ASSERTION } from '../../runtime/server/lib/client-assertion.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import type { ClientRecord } from '../../runtime/storage/store.js'
import { closeServer, listenLocal } from '../helpers/raw-http.js'
import { type Fixture, ISSUER, setup, webAuthorizeParams } from './fixtures.js'

/** `depth` nested arrays as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** `depth` nested arrays as a value, built without recursion. */
function nestedValue(depth: number): unknown[] {
  const root: unknown[] = []
  let inner = root
  for (let i = 1; i < depth; i++) {
    const next: unknown[] = []
    inner.push(next)
    inner = next
  }
  return root
}

/**
 * A store that hands records back as they were saved, as a store holding what an older release
 * accepted would: a key nested far too deep to import.
 */
class KeepAsSavedStore extends MemoryStore {
  readonly #raw = new Map<string, ClientRecord>()
  override async getClient(clientId: string): Promise<ClientRecord | undefined> {
    return this.#raw.get(clientId) ?? super.getClient(clientId)
  }
  keep(client: ClientRecord): void {
    this.#raw.set(client.clientId, client)
  }
}

let f: Fixture
let http: Server
let base = ''
let key: CryptoKey
let jwk: JWK

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  key = pair.privateKey
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }
  const store = new KeepAsSavedStore()
  f = await setup({ store, registration: { open: true } })
  // The fixture saved its clients in its own store; this server reads `store`.
  await store.saveClient((await f.store.getClient('web'))!)
  const deepKey = { ...jwk, deep: nestedValue(100_000) }
  store.keep({
    clientId: 'deep',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [deepKey] },
    redirectUris: [],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api:read',
  })
  await store.saveClient({
    clientId: 'flat',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [jwk] },
    redirectUris: [],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api:read',
  })
  http = createServer(toNodeListener(f.server.handler, { origin: ISSUER }))
  base = `http://127.0.0.1:${await listenLocal(http)}`
})

afterAll(() => closeServer(http))

function registration(jwksMember: string) {
  const text = JSON.stringify(jwk).slice(0, -1)
  return `{"token_endpoint_auth_method":"private_key_jwt","grant_types":["client_credentials"],"jwks":{"keys":[${text},"deep":${jwksMember}}]}}`
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers, body })

describe('client metadata nested past the limit: 400 invalid_client_metadata at registration', () => {
  it.each([
    ['just past the limit', CLIENT_JSON_LIMITS.maxDepth],
    ['a few thousand levels', 5000],
  ])('%s', async (_name, depth) => {
    const res = await post('/register', registration(nested(depth)), { 'content-type': 'application/json' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'the body is nested too deeply',
    })
  })

  it('a key member within the limit still registers', async () => {
    const res = await post('/register', registration(nested(3)), { 'content-type': 'application/json' })
    expect(res.status).toBe(201)
  })

  it('the same at an RFC 7592 update', async () => {
    const created = await post('/register', registration('1'), { 'content-type': 'application/json' })
    const { client_id, registration_access_token } = await created.json()
    const body = registration(nested(5000)).replace('{', `{"client_id":"${client_id}",`)
    const res = await fetch(`${base}/register/${client_id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registration_access_token}` },
      body,
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBe('invalid_client_metadata')
  })
})

describe('client assertions: any failure is 401 invalid_client, never 500', () => {
  const sign = (clientId: string, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(f.clock.now / 1000)
    return new SignJWT({
      iss: clientId,
      sub: clientId,
      aud: ISSUER,
      jti: crypto.randomUUID(),
      exp: now + 60,
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(key)
  }
  const form = (assertion: string, extra: Record<string, string>) =>
    new URLSearchParams({
      client_assertion_type: JWT_BEARER_ASSERTION,
      client_assertion: assertion,
      ...extra,
    }).toString()
  const type = { 'content-type': 'application/x-www-form-urlencoded' }
  const endpoints: [string, Record<string, string>][] = [
    ['/token', { grant_type: 'client_credentials' }],
    ['/introspect', { token: 'anything' }],
  ]

  it.each(endpoints)('a stored key too deep to import, at %s', async (path, extra) => {
    const res = await post(path, form(await sign('deep'), extra), type)
    expect(res.status).toBe(401)
    expect((await res.json()).error).toBe('invalid_client')
  })

  it.each(endpoints)('an assertion payload nested past the limit, at %s', async (path, extra) => {
    const res = await post(path, form(await sign('flat', { deep: JSON.parse(nested(30)) }), extra), type)
    expect(res.status).toBe(401)
    expect((await res.json()).error).toBe('invalid_client')
  })

  it('a good assertion from a client with flat keys still authenticates', async () => {
    const res = await post('/token', form(await sign('flat'), { grant_type: 'client_credentials' }), type)
    expect(res.status).toBe(200)
  })
})

describe('the claims parameter nested past the limit', () => {
  it('is invalid_request, redirected to the client', async () => {
    const claims = `{"userinfo":{"email":{"values":${nested(30)}}}}`
    const query = new URLSearchParams({ ...webAuthorizeParams, claims })
    const res = await fetch(`${base}/authorize?${query}`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location') ?? '')
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.get('error_description')).toBe('claims: nested too deeply')
  })
})

describe('parseBoundedJson', () => {
  const limits = { maxDepth: 3, maxBytes: 32 }
  it.each([
    ['at the depth limit', '[[[]]]', [[[]]]],
    ['brackets inside strings do not count', '["[[[[[[", "\\"[[[["]', ['[[[[[[', '"[[[[']],
    ['a scalar', '"x"', 'x'],
  ])('%s', (_name, text, want) => {
    expect(parseBoundedJson(text, limits)).toEqual(want)
  })
  it.each([
    ['one level too deep', '[[[[]]]]', 'nested too deeply'],
    ['too many bytes', `"${'x'.repeat(40)}"`, 'too large'],
    ['too many UTF-8 bytes in few characters', `"${'é'.repeat(16)}"`, 'too large'],
    ['not JSON', '{', 'not valid JSON'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseBoundedJson(text, limits)).toThrow(new SyntaxError(message))
  })
})
