import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addressKind } from '../../runtime/lib/special-address.js'
import { implicitGrant } from '../../runtime/server/index.js'
import { JWT_BEARER_ASSERTION } from '../../runtime/server/lib/client-assertion.js'
import { closeServer, listenLocal } from '../helpers/raw-http.js'
import { CHALLENGE, type Fixture, formRequest, ISSUER, setup, VERIFIER } from './fixtures.js'

// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document) on the
// authorization server: documents served over real HTTP on 127.0.0.1 (under the server's
// `allowLoopback` test allowance), the mock clock driving the cache.

type Route = (req: IncomingMessage, res: ServerResponse) => void

const routes = new Map<string, Route>()
const hits = new Map<string, number>()
let origin = ''
const docs = createServer((req, res) => {
  const path = req.url ?? ''
  hits.set(path, (hits.get(path) ?? 0) + 1)
  const route = routes.get(path)
  if (route) route(req, res)
  else res.writeHead(404).end()
})

beforeAll(async () => {
  origin = `http://127.0.0.1:${await listenLocal(docs)}`
})
afterAll(() => closeServer(docs))

let next = 0
/** A fresh document path with its route; the client_id is its URL unless `doc` says otherwise. */
function serve(doc: (url: string) => unknown, headers: Record<string, string> = {}, status = 200): string {
  const path = `/clients/${++next}.json`
  const url = `${origin}${path}`
  routes.set(path, (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(typeof doc(url) === 'string' ? (doc(url) as string) : JSON.stringify(doc(url)))
  })
  return url
}

const REDIRECT = 'http://127.0.0.1:9876/callback'
const goodDoc = (url: string) => ({
  client_id: url,
  client_name: 'MCP Client',
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
})

const hitsOf = (url: string) => hits.get(new URL(url).pathname) ?? 0

function cimdServer(extra: Record<string, unknown> = {}) {
  return setup({
    clientIdMetadataDocuments: { allowLoopback: true, timeout: 300, ...extra },
    authorize: async (consent) => ({ user: { sub: 'alice' }, approved: true, scopes: consent.scopes }),
  })
}

function authorize(f: Fixture, clientId: string, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid',
    state: 's1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  })
  for (const [name, value] of [...q]) if (value === '') q.delete(name)
  return f.server.handler(new Request(`${ISSUER}/authorize?${q}`))
}

function exchange(f: Fixture, clientId: string, code: string) {
  return f.server.handler(
    formRequest('/token', {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    }),
  )
}

describe('Client ID Metadata Documents', () => {
  it('is advertised only when on, and off it fetches nothing', async () => {
    const on = await cimdServer()
    expect(on.server.metadata()['client_id_metadata_document_supported']).toBe(true)
    const off = await setup()
    expect(off.server.metadata()).not.toHaveProperty('client_id_metadata_document_supported')
    const url = serve(goodDoc)
    const res = await authorize(off, url)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('the client is unknown')
    expect(hitsOf(url)).toBe(0)
  })

  it('runs the code flow with the document as a public client, PKCE S256 required', async () => {
    const f = await cimdServer()
    const url = serve(goodDoc)
    const res = await authorize(f, url)
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    const token = await exchange(f, url, location.searchParams.get('code')!)
    expect(token.status).toBe(200)
    expect((await token.json()).token_type).toBe('Bearer')

    const noPkce = await authorize(f, url, { code_challenge: '', code_challenge_method: '' })
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request')
    // Exact redirect URIs: another path is refused on a page, never redirected to.
    const other = await authorize(f, url, { redirect_uri: 'http://127.0.0.1:9876/other' })
    expect(other.status).toBe(400)
    expect(other.headers.get('location')).toBeNull()
    expect(await other.text()).toContain('redirect_uri is not registered for this client')
  })

  const refusals: [string, () => string, string][] = [
    ['another client_id', () => serve((x) => ({ ...goodDoc(x), client_id: `${x}x` })), 'must equal the URL'],
    [
      'no redirect_uris',
      () => serve((x) => ({ ...goodDoc(x), redirect_uris: undefined })),
      'redirect_uris is required',
    ],
    [
      'a client secret',
      () => serve((x) => ({ ...goodDoc(x), client_secret: 's' })),
      'must not contain a client secret',
    ],
    [
      'a shared-secret method',
      () => serve((x) => ({ ...goodDoc(x), token_endpoint_auth_method: 'client_secret_basic' })),
      'must be none or private_key_jwt',
    ],
    [
      'private_key_jwt without keys',
      () => serve((x) => ({ ...goodDoc(x), token_endpoint_auth_method: 'private_key_jwt' })),
      'jwks is required',
    ],
    [
      'an http redirect URI',
      () => serve((x) => ({ ...goodDoc(x), redirect_uris: ['http://app.example/cb'] })),
      'redirect URIs must use https',
    ],
    ['HTML', () => serve(goodDoc, { 'content-type': 'text/html' }), 'content type must be application/json'],
    ['a 404', () => serve(goodDoc, {}, 404), 'answered HTTP 404'],
    ['not JSON', () => serve(() => '{"client_id":'), 'the body is'],
    ['not an object', () => serve(() => '[]'), 'must be a JSON object'],
    [
      'over 5 KB',
      () => serve((x) => ({ ...goodDoc(x), client_name: 'x'.repeat(6000) })),
      'exceeds 5120 bytes',
    ],
    [
      'both jwks and jwks_uri',
      () => serve((x) => ({ ...goodDoc(x), jwks: { keys: [{}] }, jwks_uri: `${origin}/jwks` })),
      'jwks and jwks_uri must not both be present',
    ],
    [
      'a jwks_uri for a public client',
      () => serve((x) => ({ ...goodDoc(x), jwks_uri: `${origin}/jwks` })),
      'jwks_uri is for private_key_jwt only',
    ],
    [
      'a jwks_uri on a private address',
      () =>
        serve((x) => ({
          ...goodDoc(x),
          token_endpoint_auth_method: 'private_key_jwt',
          jwks_uri: 'https://192.168.1.1/jwks',
        })),
      'jwks_uri refused to fetch: 192.168.1.1 is a forbidden address',
    ],
    [
      'a redirect (not followed)',
      () => {
        const target = serve(goodDoc)
        return serve(() => '', { location: target }, 302)
      },
      'answered HTTP 302',
    ],
    [
      'a slow server',
      () => {
        const path = `/clients/${++next}.json`
        routes.set(path, () => undefined)
        return `${origin}${path}`
      },
      'within 300 ms',
    ],
  ]

  it.each(refusals)(
    'refuses a document with %s: invalid_client at the token endpoint, a page at /authorize',
    async (_name, make, reason) => {
      const f = await cimdServer()
      const url = make()
      const page = await authorize(f, url)
      expect(page.status).toBe(401)
      expect(page.headers.get('location')).toBeNull()
      expect(page.headers.get('www-authenticate')).toBeNull()
      expect(await page.text()).toContain(reason.replace(/'/g, '&#39;'))
      const token = await exchange(f, url, 'any-code')
      expect(token.status).toBe(401)
      expect(token.headers.get('www-authenticate')).toMatch(/^Basic /)
      const body = await token.json()
      expect(body.error).toBe('invalid_client')
      expect(body.error_description).toContain(reason)
    },
  )

  const badUrls: [string, string, string][] = [
    ['plain http to a public host', 'http://client.example/c.json', 'must be an https URL'],
    ['credentials', 'https://user:pw@client.example/c.json', 'must not contain credentials'],
    ['a fragment', 'https://client.example/c.json#x', 'must not contain a fragment'],
    ['an empty fragment', 'https://client.example/c.json#', 'must not contain a fragment'],
    ['a control character', 'https://client.example/c\t.json', 'must not contain whitespace or control'],
    ['a character outside RFC 3986', 'https://client.example/c{1}.json', 'must be an RFC 3986 URI'],
    ['no path', 'https://client.example', 'must have a path'],
    ['the root path', 'https://client.example/', 'must have a path'],
    ['a dot segment', 'https://client.example/a/../c.json', 'must not contain dot segments'],
    ['an encoded dot segment', 'https://client.example/a/%2e%2E/c.json', 'must not contain dot segments'],
    ['a private address', 'https://10.0.0.1/c.json', 'is a forbidden address'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data', 'is a forbidden address'],
    ['a unique-local IPv6 address', 'https://[fd00:ec2::254]/c.json', 'is a forbidden address'],
    ['an IPv4-mapped private address', 'https://[::ffff:192.168.0.1]/c.json', 'is a forbidden address'],
  ]

  it.each(badUrls)('refuses a client_id URL with %s before sending anything', async (_name, url, reason) => {
    const f = await cimdServer()
    const token = await exchange(f, url, 'any-code')
    expect(token.status).toBe(401)
    expect((await token.json()).error_description).toContain(reason)
  })

  it('refuses loopback, by address or by name, unless allowLoopback is set', async () => {
    const f = await setup({ clientIdMetadataDocuments: true })
    const url = serve(goodDoc)
    const port = new URL(url).port
    const cases: [string, string][] = [
      [url, 'must be an https URL'],
      [url.replace('http:', 'https:'), 'is a forbidden address'],
      [`https://[::ffff:127.0.0.1]:${port}/c.json`, 'is a forbidden address'],
      // Other spellings of 127.0.0.1 are read as the URL parser reads them.
      [`https://2130706433:${port}/c.json`, '127.0.0.1 is a forbidden address'],
      [`https://0x7f.1:${port}/c.json`, '127.0.0.1 is a forbidden address'],
      // A name is checked by the address it resolves to, at connection time.
      [`https://localhost:${port}/c.json`, 'resolves to a forbidden address'],
    ]
    for (const [id, reason] of cases) {
      const token = await exchange(f, id, 'any-code')
      expect((await token.json()).error_description).toContain(reason)
    }
    expect(hitsOf(url)).toBe(0)
  })

  it('caches a document as its Cache-Control says, within minTtl and maxTtl', async () => {
    const f = await cimdServer({ minTtl: 60, maxTtl: 600 })
    const fetches = async (url: string, advance: number[]) => {
      const counts: number[] = []
      for (const seconds of advance) {
        f.clock.now += seconds * 1000
        expect((await authorize(f, url)).status).toBe(302)
        counts.push(hitsOf(url))
      }
      return counts
    }
    // max-age=120: kept 120 s.
    expect(await fetches(serve(goodDoc, { 'cache-control': 'max-age=120' }), [0, 100, 30])).toEqual([1, 1, 2])
    // no-store: kept minTtl anyway.
    expect(await fetches(serve(goodDoc, { 'cache-control': 'no-store' }), [0, 59, 2])).toEqual([1, 1, 2])
    // a year: kept maxTtl.
    expect(await fetches(serve(goodDoc, { 'cache-control': 'max-age=31536000' }), [0, 599, 2])).toEqual([
      1, 1, 2,
    ])
    // Expires, against the server's clock.
    const expires = new Date(f.clock.now + 300_000).toUTCString()
    expect(await fetches(serve(goodDoc, { expires }), [0, 290, 20])).toEqual([1, 1, 2])
  })

  it('takes its limits from the options, checked at construction', async () => {
    const f = await cimdServer({ maxResponseBytes: 300 })
    const small = serve(goodDoc)
    expect((await authorize(f, small)).status).toBe(302)
    const big = serve((x) => ({ ...goodDoc(x), client_name: 'x'.repeat(200) }))
    expect(await (await authorize(f, big)).text()).toContain('exceeds 300 bytes')
    const bad: [Record<string, unknown>, string][] = [
      [{ timeout: 0 }, '"clientIdMetadataDocuments.timeout" must be a positive integer'],
      [{ maxResponseBytes: 1.5 }, '"clientIdMetadataDocuments.maxResponseBytes" must be a positive integer'],
      [{ minTtl: 600, maxTtl: 60 }, '"clientIdMetadataDocuments.minTtl" must not exceed maxTtl'],
      [{ maxEntries: -1 }, '"clientIdMetadataDocuments.maxEntries" must be a positive integer'],
    ]
    for (const [options, message] of bad) {
      await expect(setup({ clientIdMetadataDocuments: options })).rejects.toThrow(message)
    }
  })

  it('fetches once for concurrent requests naming the same document', async () => {
    const f = await cimdServer()
    const url = serve(goodDoc)
    const answers = await Promise.all([authorize(f, url), authorize(f, url), exchange(f, url, 'x')])
    expect(answers.map((r) => r.status)).toEqual([302, 302, 400])
    expect(hitsOf(url)).toBe(1)
  })

  it('keeps at most maxEntries documents and forgets a failed fetch', async () => {
    const f = await cimdServer({ maxEntries: 1 })
    const a = serve(goodDoc, { 'cache-control': 'max-age=600' })
    const b = serve(goodDoc, { 'cache-control': 'max-age=600' })
    for (const url of [a, b, a]) expect((await authorize(f, url)).status).toBe(302)
    expect([hitsOf(a), hitsOf(b)]).toEqual([2, 1])

    let ok = false
    const flaky = serve(goodDoc)
    const path = new URL(flaky).pathname
    const good = routes.get(path)!
    routes.set(path, (req, res) => (ok ? good(req, res) : res.writeHead(503).end()))
    expect((await authorize(f, flaky)).status).toBe(401)
    ok = true
    expect((await authorize(f, flaky)).status).toBe(302)
  })

  it('prefers a stored client, and works beside dynamic registration', async () => {
    const f = await cimdServer()
    const stored = `${origin}/clients/stored.json`
    await f.store.saveClient({
      clientId: stored,
      tokenEndpointAuthMethod: 'none',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      scope: 'openid',
    })
    expect((await authorize(f, stored)).status).toBe(302)
    expect(hitsOf(stored)).toBe(0)

    const both = await setup({
      clientIdMetadataDocuments: { allowLoopback: true },
      registration: { open: true },
    })
    expect(both.server.metadata()).toMatchObject({
      client_id_metadata_document_supported: true,
      registration_endpoint: `${ISSUER}/register`,
    })
  })

  it.each(['jwks', 'jwks_uri'])(
    'authenticates a private_key_jwt client with the keys of its document (%s)',
    async (member) => {
      const f = await cimdServer()
      const pair = await generateKeyPair('ES256', { extractable: true })
      const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }
      const keys =
        member === 'jwks'
          ? { jwks }
          : { jwks_uri: serve(() => jwks, { 'content-type': 'application/jwk-set+json' }) }
      const url = serve((x) => ({ ...goodDoc(x), token_endpoint_auth_method: 'private_key_jwt', ...keys }))
      const code = new URL((await authorize(f, url)).headers.get('location')!).searchParams.get('code')!
      const now = Math.floor(f.clock.now / 1000)
      const assertion = await new SignJWT({
        iss: url,
        sub: url,
        aud: ISSUER,
        jti: crypto.randomUUID(),
        exp: now + 60,
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .sign(pair.privateKey)
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER }
      // Without its assertion the client is not `none`: refused.
      expect((await f.server.handler(formRequest('/token', { ...form, client_id: url }))).status).toBe(401)
      const code2 = new URL((await authorize(f, url)).headers.get('location')!).searchParams.get('code')!
      const res = await f.server.handler(
        formRequest('/token', {
          ...form,
          code: code2,
          client_assertion_type: JWT_BEARER_ASSERTION,
          client_assertion: assertion,
        }),
      )
      expect(res.status).toBe(200)
    },
  )

  it.each([
    ['0.0.0.0', 'special'],
    ['8.8.8.8', 'public'],
    ['100.64.1.1', 'special'],
    ['127.1.2.3', 'loopback'],
    ['172.16.0.1', 'special'],
    ['172.32.0.1', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'special'],
    ['fe80::1', 'special'],
    ['fc00::1', 'special'],
    ['ff02::1', 'special'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'special'],
    ['64:ff9b::a9fe:a9fe', 'special'],
    ['2606:4700::1111', 'public'],
    ['2001:db8::1', 'special'],
    ['client.example', undefined],
    ['01.2.3.4', undefined],
    ['1::2::3', undefined],
  ])('classifies %s as %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind)
  })
})

describe('dynamic registration: application_type (OpenID Connect Registration §2)', () => {
  const register = (f: Fixture, body: Record<string, unknown>) =>
    f.server.handler(
      new Request(`${ISSUER}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token_endpoint_auth_method: 'none', ...body }),
      }),
    )

  it.each([
    ['web by default', { redirect_uris: ['https://app.example/cb'] }, 201, 'web'],
    ['native with loopback', { application_type: 'native', redirect_uris: [REDIRECT] }, 201, 'native'],
    [
      'native with a private-use scheme',
      { application_type: 'native', redirect_uris: ['com.example.app:/cb'] },
      201,
      'native',
    ],
    [
      'an unknown type',
      { application_type: 'desktop', redirect_uris: [REDIRECT] },
      400,
      'invalid application_type',
    ],
  ])('%s', async (_name, body, status, want) => {
    const f = await setup({ registration: { open: true } })
    const res = await register(f, body)
    expect(res.status).toBe(status)
    const json = await res.json()
    if (status === 201) expect(json.application_type).toBe(want)
    else expect(json.error_description).toBe(want)
  })

  it('holds a web client of the implicit flow to https redirect URIs that are not localhost', async () => {
    const f = await setup({ registration: { open: true } })
    f.server.registerGrant(implicitGrant('id_token'))
    const implicit = { response_types: ['id_token'], grant_types: ['implicit'] }
    for (const uri of [REDIRECT, 'http://[::1]/cb']) {
      const res = await register(f, { ...implicit, redirect_uris: [uri] })
      expect(res.status).toBe(400)
      expect((await res.json()).error_description).toContain(
        'must use https redirect URIs that are not localhost',
      )
    }
    expect((await register(f, { ...implicit, redirect_uris: ['https://app.example/cb'] })).status).toBe(201)
    expect(
      (await register(f, { ...implicit, application_type: 'native', redirect_uris: [REDIRECT] })).status,
    ).toBe(201)
  })
})
