import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  fetchProtectedResourceMetadata,
  protectedResourceMetadataUrl,
} from '../../runtime/oauth2/protected-resource-metadata.js'
import { parseResourceChallenge } from '../../runtime/oauth2/resource-challenge.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, startFakeServer } from './fixtures/fake-server.js'

let rs: FakeServer

beforeAll(async () => {
  rs = await startFakeServer()
})
afterAll(() => rs.close())
beforeEach(() => rs.reset())

describe('protectedResourceMetadataUrl', () => {
  it.each([
    ['https://mcp.example', 'https://mcp.example/.well-known/oauth-protected-resource'],
    ['https://mcp.example/', 'https://mcp.example/.well-known/oauth-protected-resource'],
    ['https://mcp.example/mcp', 'https://mcp.example/.well-known/oauth-protected-resource/mcp'],
    ['https://mcp.example/a/b?x=1', 'https://mcp.example/.well-known/oauth-protected-resource/a/b?x=1'],
    ['http://127.0.0.1:3000/mcp', 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp'],
  ])('%s -> %s', (resource, want) => {
    expect(protectedResourceMetadataUrl(resource).href).toBe(want)
  })

  it.each(['http://mcp.example/mcp', 'https://mcp.example/mcp#frag', 'mcp'])('refuses %s', (resource) => {
    expect(() => protectedResourceMetadataUrl(resource)).toThrow(ArgumentError)
  })

  it('allows plain http off loopback only with the escape hatch', () => {
    const url = protectedResourceMetadataUrl('http://mcp.test/mcp', { allowInsecureRequests: true })
    expect(url.href).toBe('http://mcp.test/.well-known/oauth-protected-resource/mcp')
  })
})

describe('fetchProtectedResourceMetadata', () => {
  const prm = (resource: string) => () => ({
    json: { resource, authorization_servers: ['https://auth.example'], scopes_supported: ['mcp:tools'] },
  })

  it('reads the well-known document and checks its resource', async () => {
    rs.route('GET', '/.well-known/oauth-protected-resource/mcp', prm(`${rs.origin}/mcp`))
    const metadata = await fetchProtectedResourceMetadata(`${rs.origin}/mcp`)
    expect(metadata.authorization_servers).toEqual(['https://auth.example'])
    expect(rs.requests[0]!.headers.accept).toBe('application/json')
  })

  it('reads the document a challenge points at, checked against the requested resource', async () => {
    rs.route('GET', '/meta.json', prm(`${rs.origin}/mcp`))
    const metadata = await fetchProtectedResourceMetadata(`${rs.origin}/mcp`, {
      metadataUrl: `${rs.origin}/meta.json`,
    })
    expect(metadata.resource).toBe(`${rs.origin}/mcp`)
  })

  it('forgives only spellings of the same URL (an origin with or without its slash)', async () => {
    rs.route('GET', '/.well-known/oauth-protected-resource', prm(`${rs.origin}/`))
    expect((await fetchProtectedResourceMetadata(rs.origin)).resource).toBe(`${rs.origin}/`)
  })

  it.each([
    ['another path', '/other'],
    ['a prefix of the resource', ''],
    ['a query', '/mcp?tenant=1'],
  ])('refuses a document naming %s (RESOURCE_METADATA_MISMATCH)', async (_name, path) => {
    rs.route('GET', '/.well-known/oauth-protected-resource/mcp', prm(`${rs.origin}${path}`))
    const err = await rejection(fetchProtectedResourceMetadata(`${rs.origin}/mcp`))
    expect(err.code).toBe('RESOURCE_METADATA_MISMATCH')
    expect(err.claim).toBe('resource')
  })

  it('refuses a document without a resource (INVALID_RESPONSE)', async () => {
    rs.route('GET', '/.well-known/oauth-protected-resource/mcp', () => ({
      json: { authorization_servers: [] },
    }))
    const err = await rejection(fetchProtectedResourceMetadata(`${rs.origin}/mcp`))
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'resource' })
  })

  it('refuses a metadata URL off loopback over plain http', async () => {
    await expect(
      fetchProtectedResourceMetadata(`${rs.origin}/mcp`, { metadataUrl: 'http://evil.example/prm' }),
    ).rejects.toThrow(ArgumentError)
  })
})

describe('parseResourceChallenge', () => {
  it.each([
    [
      'RFC 9728 §5.1 example',
      'Bearer resource_metadata="https://rs.example/.well-known/oauth-protected-resource"',
      { scheme: 'bearer', resourceMetadata: 'https://rs.example/.well-known/oauth-protected-resource' },
    ],
    [
      'the MCP SDK form',
      'Bearer error="invalid_token", error_description="Missing Authorization header", scope="mcp:tools files:read", resource_metadata="https://rs.example/prm"',
      {
        scheme: 'bearer',
        error: 'invalid_token',
        errorDescription: 'Missing Authorization header',
        scope: ['mcp:tools', 'files:read'],
        resourceMetadata: 'https://rs.example/prm',
      },
    ],
    [
      'the challenge with resource_metadata among several',
      'Basic realm="x", DPoP algs="ES256", Bearer resource_metadata="https://rs.example/prm"',
      { scheme: 'bearer', resourceMetadata: 'https://rs.example/prm' },
    ],
    ['a Bearer challenge without metadata', 'Basic realm="x", Bearer realm="api"', { scheme: 'bearer' }],
  ])('%s', (_name, header, want) => {
    expect(parseResourceChallenge(header)).toEqual(want)
  })

  it.each([null, undefined, '', 'Basic realm="x"'])('finds nothing in %j', (header) => {
    expect(parseResourceChallenge(header)).toBeUndefined()
  })

  it('reads a Response or its Headers', () => {
    const headers = new Headers({ 'www-authenticate': 'Bearer resource_metadata="https://rs.example/prm"' })
    expect(parseResourceChallenge(headers)?.resourceMetadata).toBe('https://rs.example/prm')
    expect(parseResourceChallenge(new Response(null, { status: 401, headers }))?.scheme).toBe('bearer')
  })
})
