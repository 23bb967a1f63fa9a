import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import { authorizationCodeGrant } from '../../runtime/oauth2/authorization-code.js'
import { buildAuthorizationUrl } from '../../runtime/oauth2/authorization-url.js'
import { validateCallback } from '../../runtime/oauth2/callback.js'
import { clientCredentialsGrant } from '../../runtime/oauth2/client-credentials.js'
import { extensionGrant } from '../../runtime/oauth2/extension-grant.js'
import { passwordGrant } from '../../runtime/oauth2/password.js'
import { refreshTokenGrant } from '../../runtime/oauth2/refresh.js'
import { tokenRequest } from '../../runtime/oauth2/token-request.js'
import type { ClientConfig, ServerMetadata } from '../../runtime/oauth2/types.js'
import { type FakeServer, startFakeServer, tokenBody } from './fixtures/fake-server.js'

let as: FakeServer
let metadata: ServerMetadata
const client: ClientConfig = { clientId: 'app', clientSecret: 'secret' }

beforeAll(async () => {
  as = await startFakeServer()
  metadata = {
    issuer: as.origin,
    authorization_endpoint: `${as.origin}/authorize`,
    token_endpoint: `${as.origin}/token`,
  }
})
afterAll(() => as.close())
beforeEach(() => as.reset())

function lastForm(): Record<string, string> {
  return Object.fromEntries(as.requests.at(-1)!.form)
}

async function tokenError(promise: Promise<unknown>): Promise<OAuthError> {
  const err = await promise.catch((e: unknown) => e)
  expect(err).toBeInstanceOf(OAuthError)
  return err as OAuthError
}

describe('authorization_code grant', () => {
  it('sends code, redirect_uri, code_verifier and echoed callback params', async () => {
    as.route('POST', '/token', () => tokenBody({ refresh_token: 'rt-1', id_token: 'x.y.z' }))
    const { url, transaction } = await buildAuthorizationUrl({
      metadata,
      client,
      redirectUri: 'http://127.0.0.1/cb',
      scope: ['openid'],
    })
    const callbackUrl = `http://127.0.0.1/cb?code=the-code&state=${url.searchParams.get('state')}&device_id=dev7`
    const callback = validateCallback(callbackUrl, transaction, {
      metadata,
      callbackParamsToEcho: ['device_id'],
    })
    const tokens = await authorizationCodeGrant({ metadata, client, transaction, callback })
    expect(tokens).toMatchObject({
      access_token: 'at-1',
      refresh_token: 'rt-1',
      id_token: 'x.y.z',
      expires_in: 3600,
    })
    expect(lastForm()).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://127.0.0.1/cb',
      code_verifier: transaction.codeVerifier,
      device_id: 'dev7',
    })
    const req = as.requests[0]!
    expect(req.headers.accept).toBe('application/json')
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
  })

  it('refuses a transaction of another client and echoed params that replace the code', async () => {
    const { transaction } = await buildAuthorizationUrl({
      metadata,
      client,
      redirectUri: 'http://127.0.0.1/cb',
    })
    await expect(
      authorizationCodeGrant({
        metadata,
        client: { clientId: 'other' },
        transaction,
        callback: { code: 'c' },
      }),
    ).rejects.toThrow(ArgumentError)
    await expect(
      authorizationCodeGrant({
        metadata,
        client,
        transaction,
        callback: { code: 'c', params: { code: 'evil' } },
      }),
    ).rejects.toThrow(/must not set "code"/)
    expect(as.requests).toHaveLength(0)
  })
})

describe('refresh_token grant', () => {
  it('returns the rotated refresh token', async () => {
    as.route('POST', '/token', () => tokenBody({ refresh_token: 'rt-new' }))
    const tokens = await refreshTokenGrant({ metadata, client, refreshToken: 'rt-old', scope: ['read'] })
    expect(tokens.refresh_token).toBe('rt-new')
    expect(lastForm()).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-old', scope: 'read' })
  })

  it('keeps the old refresh token when the response has none', async () => {
    as.route('POST', '/token', () => tokenBody())
    const tokens = await refreshTokenGrant({ metadata, client, refreshToken: 'rt-old' })
    expect(tokens.refresh_token).toBe('rt-old')
    expect(lastForm()).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-old' })
  })

  it('surfaces invalid_grant as OAUTH_RESPONSE_ERROR with status', async () => {
    as.route('POST', '/token', () => ({
      status: 400,
      json: { error: 'invalid_grant', error_description: 'refresh token reused' },
    }))
    const err = await tokenError(refreshTokenGrant({ metadata, client, refreshToken: 'rt' }))
    expect(err).toMatchObject({
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_grant',
      error_description: 'refresh token reused',
      status: 400,
    })
  })
})

describe('other grants', () => {
  it('client_credentials with scope and resource', async () => {
    as.route('POST', '/token', () => tokenBody())
    await clientCredentialsGrant({
      metadata,
      client,
      scope: ['a', 'b'],
      extraParams: { resource: 'https://api' },
    })
    expect(lastForm()).toEqual({ grant_type: 'client_credentials', scope: 'a b', resource: 'https://api' })
  })

  it('password grant', async () => {
    as.route('POST', '/token', () => tokenBody())
    await passwordGrant({ metadata, client, username: 'alice', password: 'p w:%' })
    expect(lastForm()).toEqual({ grant_type: 'password', username: 'alice', password: 'p w:%' })
  })

  it('extension grant by URI', async () => {
    as.route('POST', '/token', () =>
      tokenBody({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' }),
    )
    const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange'
    const tokens = await extensionGrant({ metadata, client, grantType, params: { subject_token: 'st' } })
    expect(tokens['issued_token_type']).toBe('urn:ietf:params:oauth:token-type:access_token')
    expect(lastForm()).toEqual({ grant_type: grantType, subject_token: 'st' })
    await expect(extensionGrant({ metadata, client, grantType: 'custom' })).rejects.toThrow(ArgumentError)
  })

  it('tokenRequest refuses params that set grant_type or client credentials', async () => {
    for (const name of ['grant_type', 'client_secret', 'client_assertion']) {
      await expect(
        tokenRequest({ metadata, client, grantType: 'x', params: { [name]: 'v' } }),
      ).rejects.toThrow(ArgumentError)
    }
    expect(as.requests).toHaveLength(0)
  })

  it('sends the caller headers and uses an explicit endpoint over metadata', async () => {
    as.route('POST', '/other-token', () => tokenBody())
    await clientCredentialsGrant(
      { endpoint: `${as.origin}/other-token`, metadata, client },
      { headers: { 'user-agent': 'authspec-test/1' } },
    )
    expect(as.requests[0]!.url.pathname).toBe('/other-token')
    expect(as.requests[0]!.headers['user-agent']).toBe('authspec-test/1')
  })
})

describe('token endpoint answers', () => {
  it('accepts a form-encoded token response', async () => {
    as.route('POST', '/token', () => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'access_token=gho_abc&token_type=bearer&scope=repo%2Cuser&expires_in=28800',
    }))
    const tokens = await clientCredentialsGrant({ metadata, client })
    expect(tokens).toMatchObject({
      access_token: 'gho_abc',
      token_type: 'bearer',
      scope: 'repo,user',
      expires_in: 28800,
    })
  })

  it('an error sent with HTTP 200 is OAUTH_RESPONSE_ERROR', async () => {
    as.route('POST', '/token', () => ({
      json: { error: 'bad_verification_code', error_description: 'expired' },
    }))
    const err = await tokenError(clientCredentialsGrant({ metadata, client }))
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'bad_verification_code', status: 200 })
  })

  it.each([
    ['HTML with 200', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }],
    [
      'HTML with 502',
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' },
    ],
    ['broken JSON', { headers: { 'content-type': 'application/json' }, body: '{"access_token":' }],
    ['JSON without access_token', { json: { token_type: 'Bearer' } }],
    ['a 500 JSON body without error', { status: 500, json: { message: 'oops' } }],
  ])('%s is INVALID_RESPONSE', async (_name, answer) => {
    as.route('POST', '/token', () => answer)
    const err = await tokenError(clientCredentialsGrant({ metadata, client }))
    expect(err.code).toBe('INVALID_RESPONSE')
  })

  it.each([
    ['with Content-Length', {}],
    ['streamed chunked', { 'transfer-encoding': 'chunked' }],
  ])('a 5 MB body %s is RESPONSE_TOO_LARGE', async (_name, extraHeaders) => {
    const big = JSON.stringify({ access_token: 'a'.repeat(5 * 1024 * 1024), token_type: 'Bearer' })
    as.route('POST', '/token', () => ({
      headers: { 'content-type': 'application/json', ...extraHeaders },
      body: big,
    }))
    const err = await tokenError(clientCredentialsGrant({ metadata, client }))
    expect(err.code).toBe('RESPONSE_TOO_LARGE')
  })

  it('a 5 MB body is accepted when the limit is raised explicitly', async () => {
    const big = JSON.stringify({ access_token: 'a'.repeat(5 * 1024 * 1024), token_type: 'Bearer' })
    as.route('POST', '/token', () => ({ headers: { 'content-type': 'application/json' }, body: big }))
    const tokens = await clientCredentialsGrant({ metadata, client }, { maxResponseBytes: 6 * 1024 * 1024 })
    expect(tokens.access_token).toHaveLength(5 * 1024 * 1024)
  })

  it('a server that never answers is REQUEST_TIMEOUT', async () => {
    as.route('POST', '/token', () => ({ hang: true }))
    const started = Date.now()
    const err = await tokenError(clientCredentialsGrant({ metadata, client }, { timeout: 200 }))
    expect(err.code).toBe('REQUEST_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('uses the injected fetch', async () => {
    const seen: string[] = []
    as.route('POST', '/token', () => tokenBody())
    await clientCredentialsGrant(
      { metadata, client },
      {
        fetch: (url, init) => {
          seen.push(String(url))
          return fetch(url, init)
        },
      },
    )
    expect(seen).toEqual([`${as.origin}/token`])
  })

  it('refuses a plain-http token endpoint off loopback', async () => {
    await expect(clientCredentialsGrant({ endpoint: 'http://as.example/token', client })).rejects.toThrow(
      /"endpoint" must be an absolute https URL/,
    )
  })
})
