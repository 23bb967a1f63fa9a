import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { type ClientMetadata, registerClient } from '../../runtime/oauth2/register-client.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeServer, startFakeServer } from './fixtures/fake-server.js'

let as: FakeServer

beforeAll(async () => {
  as = await startFakeServer()
})
afterAll(() => as.close())
beforeEach(() => as.reset())

function echo(extra: Record<string, unknown> = {}, status = 201) {
  return (req: { body: string }) => ({
    status,
    json: { ...JSON.parse(req.body), client_id: 'c-1', client_id_issued_at: 1700000000, ...extra },
  })
}

describe('registerClient (RFC 7591)', () => {
  it('POSTs the metadata as JSON and returns the client information', async () => {
    as.route('POST', '/register', echo({ client_secret: 's3cret', client_secret_expires_at: 0 }))
    const registered = await registerClient(
      {
        metadata: { issuer: as.origin, registration_endpoint: `${as.origin}/register` },
        client: {
          redirect_uris: ['https://app.example/cb'],
          client_name: 'App',
          logo_uri: 'https://app.example/l.png',
        },
        initialAccessToken: 'iat-1',
      },
      { headers: { 'user-agent': 'authspec-test' } },
    )
    expect(registered).toMatchObject({
      client_id: 'c-1',
      client_secret: 's3cret',
      client_secret_expires_at: 0,
    })
    const req = as.requests[0]!
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers.accept).toBe('application/json')
    expect(req.headers.authorization).toBe('Bearer iat-1')
    expect(req.headers['user-agent']).toBe('authspec-test')
    expect(JSON.parse(req.body)).toEqual({
      redirect_uris: ['https://app.example/cb'],
      client_name: 'App',
      logo_uri: 'https://app.example/l.png',
      application_type: 'web',
    })
  })

  it.each([
    ['loopback http', ['http://127.0.0.1:8765/cb'], 'native'],
    ['a private-use scheme', ['com.example.app:/cb'], 'native'],
    ['https', ['https://app.example/cb'], 'web'],
    ['https and loopback', ['https://app.example/cb', 'http://127.0.0.1/cb'], 'web'],
  ])('sends application_type from the redirect URIs: %s', async (_name, uris, want) => {
    as.route('POST', '/register', echo())
    await registerClient({ endpoint: `${as.origin}/register`, client: { redirect_uris: uris } })
    expect(JSON.parse(as.requests[0]!.body).application_type).toBe(want)
  })

  it('keeps an application_type the caller gives', async () => {
    as.route('POST', '/register', echo())
    await registerClient({
      endpoint: `${as.origin}/register`,
      client: { redirect_uris: ['https://app.example/cb'], application_type: 'native' },
    })
    expect(JSON.parse(as.requests[0]!.body).application_type).toBe('native')
  })

  it('accepts 200 from servers that answer so', async () => {
    as.route('POST', '/register', echo({}, 200))
    const registered = await registerClient({
      endpoint: `${as.origin}/register`,
      client: { redirect_uris: ['https://a.example/cb'] },
    })
    expect(registered.client_id).toBe('c-1')
  })

  it('turns an RFC 7591 §3.2.2 error into OAUTH_RESPONSE_ERROR', async () => {
    as.route('POST', '/register', () => ({
      status: 400,
      json: { error: 'invalid_redirect_uri', error_description: 'not allowed' },
    }))
    const err = await rejection(
      registerClient({
        endpoint: `${as.origin}/register`,
        client: { redirect_uris: ['https://a.example/cb'] },
      }),
    )
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_redirect_uri', status: 400 })
  })

  it('refuses an answer without client_id', async () => {
    as.route('POST', '/register', () => ({ status: 201, json: { client_secret: 'x' } }))
    const err = await rejection(
      registerClient({
        endpoint: `${as.origin}/register`,
        client: { redirect_uris: ['https://a.example/cb'] },
      }),
    )
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'client_id' })
  })

  it.each([
    ['no endpoint', { client: { redirect_uris: ['https://a.example/cb'] } }],
    ['no redirect URIs', { endpoint: 'https://as.example/register', client: { redirect_uris: [] } }],
    [
      'a plain-http endpoint',
      { endpoint: 'http://as.example/register', client: { redirect_uris: ['https://a.example/cb'] } },
    ],
  ])('refuses %s', async (_name, input) => {
    await expect(registerClient(input as { client: ClientMetadata })).rejects.toThrow(ArgumentError)
  })
})
