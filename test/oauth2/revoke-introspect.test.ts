import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { introspectToken } from '../../runtime/oauth2/introspect.js'
import { revokeToken } from '../../runtime/oauth2/revoke.js'
import type { ClientConfig, ServerMetadata } from '../../runtime/oauth2/types.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, startFakeServer } from './fixtures/fake-server.js'

let as: FakeServer
let metadata: ServerMetadata
const client: ClientConfig = { clientId: 'rs', clientSecret: 'rs-secret', authMethod: 'client_secret_post' }

beforeAll(async () => {
  as = await startFakeServer()
  metadata = {
    issuer: as.origin,
    revocation_endpoint: `${as.origin}/revoke`,
    introspection_endpoint: `${as.origin}/introspect`,
  }
})
afterAll(() => as.close())
beforeEach(() => as.reset())

describe('revokeToken (RFC 7009)', () => {
  it('posts token and hint with client auth; 200 with an empty body is success', async () => {
    as.route('POST', '/revoke', () => ({ status: 200 }))
    await expect(
      revokeToken({ metadata, client, token: 'rt-1', tokenTypeHint: 'refresh_token' }),
    ).resolves.toBeUndefined()
    expect(Object.fromEntries(as.requests[0]!.form)).toEqual({
      token: 'rt-1',
      token_type_hint: 'refresh_token',
      client_id: 'rs',
      client_secret: 'rs-secret',
    })
  })

  it('200 with a non-JSON body is still success', async () => {
    as.route('POST', '/revoke', () => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'ok',
    }))
    await expect(revokeToken({ metadata, client, token: 't' })).resolves.toBeUndefined()
    expect(as.requests[0]!.form.has('token_type_hint')).toBe(false)
  })

  it.each([
    ['unsupported_token_type', 400, { error: 'unsupported_token_type' }, 'OAUTH_RESPONSE_ERROR'],
    ['invalid_client', 401, { error: 'invalid_client' }, 'OAUTH_RESPONSE_ERROR'],
    ['an HTML 503', 503, undefined, 'INVALID_RESPONSE'],
  ])('%s is an error', async (_name, status, json, code) => {
    as.route('POST', '/revoke', () =>
      json ? { status, json } : { status, headers: { 'content-type': 'text/html' }, body: '<h1>down</h1>' },
    )
    const err = await rejection(revokeToken({ metadata, client, token: 't' }))
    expect(err.code).toBe(code)
    expect(err.status).toBe(status)
  })

  it('needs a token and an endpoint', async () => {
    await expect(revokeToken({ metadata, client, token: '' })).rejects.toThrow(ArgumentError)
    await expect(revokeToken({ metadata: { issuer: as.origin }, client, token: 't' })).rejects.toThrow(
      /revocation_endpoint/,
    )
  })
})

describe('introspectToken (RFC 7662)', () => {
  it('returns the checked response and keeps extra members', async () => {
    const now = Math.floor(Date.now() / 1000)
    as.route('POST', '/introspect', () => ({
      json: {
        active: true,
        scope: 'read write',
        client_id: 'app',
        username: 'alice',
        token_type: 'Bearer',
        exp: now + 60,
        iat: now,
        sub: 'u1',
        aud: ['api'],
        iss: as.origin,
        jti: 'j1',
        tenant: 't9',
      },
    }))
    const info = await introspectToken({ metadata, client, token: 'at', tokenTypeHint: 'access_token' })
    expect(info).toMatchObject({ active: true, scope: 'read write', sub: 'u1', aud: ['api'], tenant: 't9' })
    expect(as.requests[0]!.form.get('token')).toBe('at')
    expect(as.requests[0]!.form.get('token_type_hint')).toBe('access_token')
    expect(as.requests[0]!.headers.accept).toBe('application/json')
  })

  it('an inactive token is a result, not an error', async () => {
    as.route('POST', '/introspect', () => ({ json: { active: false } }))
    expect(await introspectToken({ metadata, client, token: 'revoked' })).toEqual({ active: false })
  })

  it.each([
    ['no active member', { scope: 'x' }, 'active'],
    ['active as a string', { active: 'true' }, 'active'],
    ['exp as a string', { active: true, exp: 'soon' }, 'exp'],
  ])('a response with %s is INVALID_RESPONSE', async (_name, json, field) => {
    as.route('POST', '/introspect', () => ({ json }))
    const err = await rejection(introspectToken({ metadata, client, token: 't' }))
    expect(err.code).toBe('INVALID_RESPONSE')
    expect(err.claim).toBe(field)
  })

  it('an error body is OAUTH_RESPONSE_ERROR', async () => {
    as.route('POST', '/introspect', () => ({ status: 401, json: { error: 'invalid_client' } }))
    const err = await rejection(introspectToken({ metadata, client, token: 't' }))
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_client', status: 401 })
  })
})
