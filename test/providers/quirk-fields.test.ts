import { exportPKCS8, generateKeyPair } from 'jose'
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { bungie, bungieLogin } from '../../generated/providers/bungie.js'
import {
  approve,
  approvedParams,
  createMockProvider,
  fixtureFor,
  type MockProvider,
} from '../../mock/index.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { everySupport } from '../../runtime/provider/support.js'
import { findSpecProblems } from '../../runtime/provider/validate-spec.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/**
 * The quirk fields of issue 16 item 2, each against the spec-driven mock over HTTP on 127.0.0.1:
 * the client's owner makes the login succeed, and the mock's owner refuses what the provider would.
 */
const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

async function mockOf(spec: ProviderSpec) {
  const mock = await createMockProvider(spec)
  mocks.push(mock)
  return mock
}

function clientOf(spec: ProviderSpec, mock: MockProvider, extra: Record<string, unknown> = {}) {
  return createClient<GenericProviderClient>(
    spec,
    {
      clientId: 'client-1',
      redirectUri: 'http://127.0.0.1/callback',
      endpointOverrides: mock.endpointOverrides,
      ...mock.credentials,
      ...extra,
    },
    everySupport,
  )
}

async function login(spec: ProviderSpec, extra: Record<string, unknown> = {}) {
  const mock = await mockOf(spec)
  const client = clientOf(spec, mock, extra)
  const { url, session } = await client.authorizationUrl()
  const approved = await approve(url)
  return { mock, client, url, approved, tokens: await client.callback(approved, session) }
}

const postToken = (mock: MockProvider, body: string, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })

const OIDC = {
  protocol: 'oidc',
  issuer: 'https://quirky.example',
  scopes: {
    supported: { openid: { description: 'Sign in' } },
    defaults: ['openid'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
} as const satisfies Partial<ProviderSpec>

describe('clientIdParam (TikTok client_key)', () => {
  const spec = minimalSpec({ clientIdParam: 'client_key' })

  it('names the client client_key in the authorization URL and token requests', async () => {
    const { url, client, tokens } = await login(spec)
    expect(url.searchParams.get('client_key')).toBe('client-1')
    expect(url.searchParams.has('client_id')).toBe(false)
    expect((await client.refresh(tokens)).accessToken).not.toBe(tokens.accessToken)
  })

  it('the mock refuses client_id where the provider wants client_key', async () => {
    const mock = await mockOf(spec)
    const res = await fetch(`${mock.url}/authorize?client_id=client-1&redirect_uri=http://127.0.0.1/cb`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'invalid_request' })
  })
})

describe('tokenRequest.jsonBody (Notion)', () => {
  const spec = minimalSpec({ clientAuth: 'client_secret_basic', tokenRequest: { jsonBody: true } })

  it('sends the token request as JSON with Basic authentication', async () => {
    const { tokens } = await login(spec)
    expect(tokens.accessToken).toMatch(/^[\w-]{20,}$/)
  })

  it('the mock refuses a form body', async () => {
    const mock = await mockOf(spec)
    const res = await postToken(mock, 'grant_type=refresh_token&refresh_token=x', {
      authorization: `Basic ${btoa('client-1:s')}`,
    })
    expect(await res.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'the body must be JSON',
    })
  })
})

describe('pkceMethod (MyAnimeList plain)', () => {
  it('plain: the challenge is the verifier, and the mock accepts it', async () => {
    const { url, tokens } = await login(minimalSpec({ pkce: 'required', pkceMethod: 'plain' }))
    expect(url.searchParams.get('code_challenge_method')).toBe('plain')
    expect(tokens.accessToken).toMatch(/^[\w-]{20,}$/)
  })

  it.each([
    { spec: 'plain', sent: 'S256' },
    { spec: 'S256', sent: 'plain' },
  ] as const)('a $spec provider refuses a $sent challenge', async ({ spec, sent }) => {
    const mock = await mockOf(minimalSpec({ pkce: 'required', pkceMethod: spec }))
    const q = new URLSearchParams({
      client_id: 'c',
      redirect_uri: 'http://127.0.0.1/cb',
      state: 's',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: sent,
    })
    const params = approvedParams(await approve(new URL(`${mock.url}/authorize?${q}`)))
    expect(params.get('error_description')).toBe(`code_challenge_method must be ${spec}`)
  })
})

describe('tokenResponse.unwrap and tokenRequest.extraParams (Withings)', () => {
  const spec = minimalSpec({
    tokenRequest: { extraParams: { action: 'requesttoken' } },
    tokenResponse: { unwrap: 'body', errorsWithStatus200: true, extraFields: { userid: 'string' } },
  })

  it('sends action=requesttoken and reads the tokens inside body', async () => {
    const { client, tokens } = await login(spec)
    expect(tokens.fields).toEqual({ userid: 'mock-userid' })
    expect((await client.refresh(tokens)).accessToken).not.toBe(tokens.accessToken)
  })

  it('the mock refuses a token request without action, in its envelope with HTTP 200', async () => {
    const mock = await mockOf(spec)
    const res = await postToken(mock, 'grant_type=refresh_token&refresh_token=x&client_id=c')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 503, body: {}, error: 'invalid_request' })
  })

  it('an envelope error is the provider OAuth error', async () => {
    const { client, tokens } = await login(spec)
    await expect(client.refresh({ ...tokens, refreshToken: 'unknown' })).rejects.toMatchObject({
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_grant',
    })
  })

  it('an answer without the envelope member is an invalid response', async () => {
    const bare = minimalSpec({ tokenRequest: { extraParams: { action: 'requesttoken' } } })
    const other = await mockOf(bare)
    const unwrapping = clientOf(spec, other)
    const { url, session } = await unwrapping.authorizationUrl()
    await expect(unwrapping.callback(await approve(url), session)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      claim: 'body',
    })
  })
})

describe('idToken.algorithms (LINE HS256)', () => {
  const spec = minimalSpec({ ...OIDC, idToken: { algorithms: ['HS256'] } })

  it('verifies an HS256 ID token with the client secret', async () => {
    const { tokens } = await login(spec)
    expect(tokens.claims?.sub).toBe('mock-user')
  })

  it('refuses an HS256 ID token signed with another secret', async () => {
    await expect(login(spec, { clientSecret: 'not-the-secret' })).rejects.toMatchObject({
      error: 'jwt_signature_invalid',
    })
  })

  it('refuses HS256 where the allow-list does not name it', async () => {
    const mock = await mockOf(spec)
    const client = clientOf(minimalSpec({ ...OIDC, idToken: { algorithms: ['RS256'] } }), mock)
    const { url, session } = await client.authorizationUrl()
    await expect(client.callback(await approve(url), session)).rejects.toMatchObject({
      error: 'jwt_alg_not_allowed',
    })
  })
})

describe('idToken.issuerTemplate (Microsoft Entra {tid})', () => {
  const template = 'https://login.quirky.example/{tid}/v2.0'

  it("checks iss against the template filled with the token's tid", async () => {
    const { tokens } = await login(minimalSpec({ ...OIDC, idToken: { issuerTemplate: template } }))
    expect(tokens.claims).toMatchObject({
      tid: 'mock-tid',
      iss: 'https://login.quirky.example/mock-tid/v2.0',
    })
  })

  it('refuses a token whose iss is not the template filled with its tid', async () => {
    const mock = await mockOf(
      minimalSpec({ ...OIDC, idToken: { issuerTemplate: 'https://other.example/{tid}' } }),
    )
    const client = clientOf(minimalSpec({ ...OIDC, idToken: { issuerTemplate: template } }), mock)
    const { url, session } = await client.authorizationUrl()
    await expect(client.callback(await approve(url), session)).rejects.toMatchObject({ claim: 'iss' })
  })
})

describe('signedClientSecret (Sign in with Apple)', () => {
  const spec = minimalSpec({
    signedClientSecret: { alg: 'ES256', audience: 'https://quirky.example', lifetime: 300 },
  })

  it('signs a client secret per request that the mock verifies', async () => {
    const { mock, client, tokens } = await login(spec)
    expect(mock.credentials).toMatchObject({ teamId: 'MOCKTEAM01', keyId: 'MOCKKEY001' })
    expect((await client.refresh(tokens)).accessToken).not.toBe(tokens.accessToken)
  })

  it('the mock refuses a secret signed with another key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    await expect(login(spec, { privateKey: await exportPKCS8(privateKey) })).rejects.toMatchObject({
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_client',
    })
  })

  it.each([
    ['teamId', { teamId: '' }, '"teamId" is required'],
    ['keyId', { keyId: undefined }, '"keyId" is required'],
    ['privateKey', { privateKey: 42 }, '"privateKey" must be a PKCS#8 PEM string or a CryptoKey'],
  ] as const)('a missing or wrong %s fails at once, naming it', async (_name, given, message) => {
    const mock = await mockOf(spec)
    expect(() => clientOf(spec, mock, given)).toThrow(message)
  })

  it('a PEM that is not an ES256 key fails naming privateKey', async () => {
    const mock = await mockOf(spec)
    const client = clientOf(spec, mock, { privateKey: 'not a key' })
    const { url, session } = await client.authorizationUrl()
    await expect(client.callback(await approve(url), session)).rejects.toThrow('"privateKey" must be')
  })
})

describe('callback.responseMode form_post and callback.data (Apple user)', () => {
  const User = z.object({
    name: z.object({ firstName: z.string(), lastName: z.string() }),
    email: z.string(),
  })
  const spec = minimalSpec({ callback: { responseMode: 'form_post', data: { user: User } } })

  it('asks for form_post and returns the POSTed user, typed by its schema, in fields', async () => {
    const { url, approved, tokens } = await login(spec)
    expect(url.searchParams.get('response_mode')).toBe('form_post')
    expect(approved).toBeInstanceOf(URLSearchParams)
    expect(tokens.fields['user']).toEqual(fixtureFor(User, 'user'))
  })

  it.each([
    ['is not JSON', '{', 'callback parameter "user" is not JSON'],
    ['fails its schema', '{"name":1}', 'callback parameter "user" field "name" is invalid'],
  ])('a user that %s is an invalid response', async (_case, user, message) => {
    const mock = await mockOf(spec)
    const client = clientOf(spec, mock)
    const { url, session } = await client.authorizationUrl()
    const posted = approvedParams(await approve(url))
    posted.set('user', user)
    const sent = mock.requests.length
    await expect(client.callback(posted, session)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      error_description: expect.stringContaining(message),
    })
    // Refused before the code is spent: no token request.
    expect(mock.requests.length).toBe(sent)
  })

  it('the mock refuses an authorization request without response_mode=form_post', async () => {
    const mock = await mockOf(spec)
    const q = new URLSearchParams({ client_id: 'c', redirect_uri: 'http://127.0.0.1/cb', state: 's' })
    const params = approvedParams(await approve(new URL(`${mock.url}/authorize?${q}`)))
    expect(params.get('error_description')).toBe('response_mode must be form_post')
  })
})

describe('api.clientIdHeader (Twitch Client-Id)', () => {
  const spec = minimalSpec({
    api: {
      baseUrl: 'https://quirky.example/api',
      clientIdHeader: 'Client-Id',
      operations: {
        me: { method: 'GET', path: '/me', description: 'Me', response: z.object({ id: z.string() }) },
      },
    },
  })

  it('sends the client id in the header on API calls', async () => {
    const { client, tokens } = await login(spec)
    expect(await client.api['me']!(tokens)).toEqual({ id: 'mock-id' })
  })

  it('the mock refuses an API call without it', async () => {
    const { mock, tokens } = await login(spec)
    const res = await fetch(`${mock.url}/api/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(res.status).toBe(401)
  })
})

describe('endpoints.refresh (Figma /v1/oauth/refresh)', () => {
  const spec = minimalSpec({
    endpoints: {
      authorization: 'https://quirky.example/authorize',
      token: 'https://quirky.example/token',
      refresh: 'https://quirky.example/refresh',
    },
  })

  it('refreshes at the refresh endpoint', async () => {
    const { mock, client, tokens } = await login(spec)
    const renewed = await client.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(mock.requests.at(-1)?.path).toBe('/refresh')
  })

  it('the mock refuses a refresh at the token endpoint, and a code at the refresh endpoint', async () => {
    const { mock, tokens } = await login(spec)
    const body = `grant_type=refresh_token&refresh_token=${tokens.refreshToken}&client_id=client-1&client_secret=${mock.credentials['clientSecret']}`
    const atToken = await postToken(mock, body)
    expect(atToken.status).toBe(400)
    expect(await atToken.json()).toMatchObject({ error: 'unsupported_grant_type' })
    const code = await fetch(`${mock.url}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x&client_id=client-1',
    })
    expect(await code.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })

  it('validate refuses it beside refresh: unsupported', () => {
    const problems = findSpecProblems({ ...spec, refresh: 'unsupported' }, 'providers/quirky.ts')
    expect(problems.map((p) => p.message).join('\n')).toContain('endpoints.refresh')
  })
})

describe('tokenRequest.sendScope (start.gg)', () => {
  const spec = minimalSpec({
    scopes: {
      supported: { read: { description: 'Read' }, write: { description: 'Write' } },
      defaults: ['read', 'write'],
      requestDelimiter: ' ',
      responseDelimiter: ' ',
    },
    tokenRequest: { sendScope: true },
    docs: { tokenRequest: 'https://quirky.example/docs' },
  })

  it('code exchange and refresh carry the requested scopes', async () => {
    const { client, tokens } = await login(spec)
    expect([...tokens.scopes].sort()).toEqual(['read', 'write'])
    expect((await client.refresh(tokens)).accessToken).not.toBe(tokens.accessToken)
  })

  it('the mock refuses a token request without scope', async () => {
    const { mock, tokens } = await login(spec)
    const body = `grant_type=refresh_token&refresh_token=${tokens.refreshToken}&client_id=client-1&client_secret=${mock.credentials['clientSecret']}`
    const res = await postToken(mock, body)
    expect(await res.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'scope is required',
    })
  })
})

describe('api.keyHeader (Bungie X-API-Key)', () => {
  const spec = minimalSpec({
    api: {
      baseUrl: 'https://quirky.example/api',
      keyHeader: { name: 'X-API-Key', option: 'apiKey', description: 'The app key' },
      operations: {
        me: { method: 'GET', path: '/me', description: 'Me', response: z.object({ id: z.string() }) },
      },
    },
    docs: { 'api.keyHeader': 'https://quirky.example/docs' },
  })

  it('sends the config key in the header on API calls', async () => {
    const { client, tokens } = await login(spec)
    expect(await client.api['me']!(tokens)).toEqual({ id: 'mock-id' })
  })

  it('refuses a client without the key, and the mock refuses a wrong one', async () => {
    const { mock, tokens } = await login(spec)
    const keyless = clientOf(spec, mock, { apiKey: undefined })
    await expect(keyless.api['me']!(tokens)).rejects.toThrow('"apiKey" is required')
    const wrong = clientOf(spec, mock, { apiKey: 'other' })
    await expect(wrong.api['me']!(tokens)).rejects.toMatchObject({ code: 'API_ERROR' })
  })

  it('the generated factory requires the option; the sign-in factory, which calls no API, lacks it', () => {
    expectTypeOf<Parameters<typeof bungie>[0]>().toHaveProperty('apiKey').toEqualTypeOf<string>()
    expectTypeOf<Parameters<typeof bungieLogin>[0]>().not.toHaveProperty('apiKey')
    const config = { clientId: 'c', clientSecret: 's', redirectUri: 'http://127.0.0.1/cb' }
    // @ts-expect-error apiKey is required
    expectTypeOf(config).toExtend<Parameters<typeof bungie>[0]>()
  })

  it.each(['clientSecret', 'fetch', 'now'])('validate refuses %s, already a config option', (option) => {
    const key = { name: 'X-API-Key', option, description: 'x' }
    const bad = { ...spec, api: { ...spec.api!, keyHeader: key } }
    expect(
      findSpecProblems(bad, 'providers/quirky.ts')
        .map((p) => p.message)
        .join('\n'),
    ).toContain('api.keyHeader.option')
  })
})

describe("revocation.body: 'query' (Kick)", () => {
  const spec = minimalSpec({
    revocation: {
      method: 'POST',
      url: 'https://quirky.example/revoke',
      auth: 'none',
      body: 'query',
      tokenParam: 'token',
    },
    api: {
      baseUrl: 'https://quirky.example/api',
      operations: {
        me: { method: 'GET', path: '/me', description: 'Me', response: z.object({ id: z.string() }) },
      },
    },
  })

  it('sends the token in the query string, without a body, and the mock revokes it', async () => {
    const sent: { url: string; body: unknown }[] = []
    const record = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), body: init?.body })
      return fetch(input, init)
    }
    const { client, tokens } = await login(spec, { fetch: record })
    await client.revoke(tokens)
    const revoke = sent.find((r) => new URL(r.url).pathname === '/revoke')
    expect(new URL(revoke!.url).searchParams.get('token')).toBe(tokens.accessToken)
    expect(revoke!.body).toBeUndefined()
    await expect(client.api['me']!(tokens)).rejects.toMatchObject({ code: 'API_ERROR', status: 401 })
  })
})

describe('validate: quirk fields that need another field', () => {
  it.each([
    [{ pkce: 'unsupported', pkceMethod: 'plain' }, 'pkceMethod'],
    [
      {
        clientAuth: 'none',
        pkce: 'required',
        signedClientSecret: { alg: 'ES256', audience: 'https://quirky.example', lifetime: 300 },
      },
      'signedClientSecret',
    ],
    [{ idToken: { algorithms: ['HS256'] } }, 'idToken'],
  ] as const)('%o is refused at %s', (fields, path) => {
    const spec = {
      ...minimalSpec(),
      ...fields,
      docs: { ...minimalSpec().docs, [path]: 'https://quirky.example/docs' },
    }
    expect(findSpecProblems(spec, 'providers/quirky.ts').map((p) => p.path)).toEqual([path])
  })
})
