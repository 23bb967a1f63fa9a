import { afterAll, describe, expect, it } from 'vitest'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { everySupport } from '../../runtime/provider/support.js'
import { minimalSpec } from '../helpers/minimal-spec.js'
import { rejection } from '../helpers/rejection.js'

/**
 * Each token quirk has an effect on both sides, over HTTP on 127.0.0.1: the mock of a spec answers
 * the provider's way, and a client whose spec lacks the quirk fails where one with it succeeds. A
 * quirk ignored by the client or the mock fails one of these.
 */
const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

const REDIRECT = 'http://127.0.0.1/callback'

async function mockOf(spec: ProviderSpec, expiresIn?: number) {
  const mock = await createMockProvider(spec, expiresIn === undefined ? {} : { expiresIn })
  mocks.push(mock)
  return mock
}

/** Signs in against `mock` with a client of `spec`, recording the token requests' headers. */
async function login(spec: ProviderSpec, mock: MockProvider) {
  const sent: Headers[] = []
  const recording: typeof fetch = (input, init) => {
    if (String(input).endsWith('/token')) sent.push(new Headers(init?.headers))
    return fetch(input, init)
  }
  const c = createClient<GenericProviderClient>(
    spec,
    {
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUri: REDIRECT,
      endpointOverrides: mock.endpointOverrides,
      fetch: recording,
    },
    everySupport,
  )
  const { url, session } = await c.authorizationUrl()
  const res = await fetch(url, { redirect: 'manual' })
  const callback = res.headers.get('location') ?? ''
  return { c, sent, callback, session, tokens: () => c.callback(callback, session) }
}

/** A raw token request to the mock, as a client that knows no quirk would send it. */
async function rawToken(mock: MockProvider, params: Record<string, string>, accept?: string) {
  const res = await fetch(`${mock.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
    body: new URLSearchParams({ client_id: 'client-1', ...params }),
  })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

const spec = (overrides: Partial<ProviderSpec>) => minimalSpec(overrides)

describe('tokenRequest.acceptJson', () => {
  const quirky = spec({ tokenRequest: { acceptJson: true } })

  it('mock: answers form-encoded unless asked for JSON', async () => {
    const mock = await mockOf(quirky)
    expect((await rawToken(mock, { grant_type: 'password' })).type).toMatch(/x-www-form-urlencoded/)
    expect((await rawToken(mock, { grant_type: 'password' }, 'application/json')).type).toMatch(/json/)
  })

  it('client: asks for JSON, so a client without formEncoded reads the answer', async () => {
    const { tokens, sent } = await login(quirky, await mockOf(quirky))
    expect((await tokens()).accessToken).toBeTruthy()
    expect(sent[0]?.get('accept')).toBe('application/json')
  })

  it('client: a spec without it does not send Accept: application/json', async () => {
    const plain = spec({})
    const { tokens, sent } = await login(plain, await mockOf(plain))
    await tokens()
    expect(sent[0]?.get('accept') ?? '').not.toMatch(/json/)
  })
})

describe('tokenResponse.errorsWithStatus200', () => {
  const quirky = spec({ tokenResponse: { errorsWithStatus200: true } })

  it('mock: errors come with HTTP 200 only for a spec that says so', async () => {
    expect((await rawToken(await mockOf(quirky), { grant_type: 'password' })).status).toBe(200)
    expect((await rawToken(await mockOf(spec({})), { grant_type: 'password' })).status).toBe(400)
  })

  it('client: a 200 error is the provider OAuth error with the quirk, an invalid response without', async () => {
    const mock = await mockOf(quirky)
    const first = await login(quirky, mock)
    await first.tokens()
    // The code is single-use: the second exchange is refused, with HTTP 200.
    expect(await rejection(first.tokens())).toMatchObject({
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_grant',
      status: 200,
    })
    const plain = await login(spec({}), mock)
    await plain.tokens()
    const err = await rejection(plain.tokens())
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'error', status: 200 })
    expect(err.error_description).toMatch(/errorsWithStatus200/)
  })

  it('client: an error with HTTP 400 is the provider OAuth error either way', async () => {
    const plain = spec({})
    const { tokens } = await login(plain, await mockOf(plain))
    await tokens()
    expect(await rejection(tokens())).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', status: 400 })
  })
})

describe('tokenRequest.sendState and tokenResponse.echoesState', () => {
  const quirky = spec({ tokenRequest: { sendState: true }, tokenResponse: { echoesState: true } })

  it('mock: refuses a token request without state, echoes the one sent', async () => {
    const mock = await mockOf(quirky)
    const missing = await rawToken(mock, { grant_type: 'refresh_token', refresh_token: 'x' })
    expect(JSON.parse(missing.text)).toMatchObject({ error: 'invalid_request' })
    const { tokens } = await login(quirky, mock)
    const got = await tokens()
    expect(got.tokenSet.raw['state']).toBeTypeOf('string')
    const refreshed = await rawToken(mock, {
      grant_type: 'refresh_token',
      refresh_token: got.refreshToken!,
      state: 'sent',
    })
    expect(JSON.parse(refreshed.text)).toMatchObject({ state: 'sent' })
  })

  it('client: sends the callback state, and a fresh one on refresh', async () => {
    const { tokens, c } = await login(quirky, await mockOf(quirky))
    const got = await tokens()
    expect((await c.refresh(got)).accessToken).not.toBe(got.accessToken)
  })

  it('mock: a spec without sendState echoes nothing', async () => {
    const plain = spec({})
    const { tokens } = await login(plain, await mockOf(plain))
    expect((await tokens()).tokenSet.raw['state']).toBeUndefined()
  })
})

describe('tokenResponse.formEncoded and defaultTokenType', () => {
  it.each([
    { field: 'formEncoded', quirks: { formEncoded: true } },
    { field: 'defaultTokenType', quirks: { defaultTokenType: 'bearer' } },
  ])('$field: the mock answers so; a client without it refuses the answer', async ({ quirks }) => {
    const quirky = spec({ tokenResponse: quirks })
    const mock = await mockOf(quirky)
    expect((await (await login(quirky, mock)).tokens()).accessToken).toBeTruthy()
    const err = await rejection((await login(spec({}), mock)).tokens())
    expect(err.code).toBe('INVALID_RESPONSE')
  })

  it('formEncoded: a form answer carries no token_type member when defaultTokenType is set', async () => {
    const quirky = spec({ tokenResponse: { formEncoded: true, defaultTokenType: 'bearer' } })
    const mock = await mockOf(quirky)
    const { tokens } = await login(quirky, mock)
    const got = await tokens()
    expect(got.tokenSet.raw['token_type']).toBe('bearer')
  })
})

describe('tokenResponse.extraFields', () => {
  it('the mock sends each declared field; the client types them into fields', async () => {
    const quirky = spec({ tokenResponse: { extraFields: { user_id: 'number', email: 'string' } } })
    const { tokens } = await login(quirky, await mockOf(quirky))
    expect((await tokens()).fields).toEqual({ email: 'mock-email', user_id: 1 })
  })
})

describe('tokenResponse.expiresIn.zeroMeansNever', () => {
  it('mock: a token that never expires is written expires_in 0 with the quirk, left out without', async () => {
    const quirky = spec({ tokenResponse: { expiresIn: { zeroMeansNever: true } } })
    const withQuirk = await login(quirky, await mockOf(quirky, 0))
    const got = await withQuirk.tokens()
    expect(got.expiresAt).toBeUndefined()
    const plain = spec({})
    const without = await (await login(plain, await mockOf(plain, 0))).tokens()
    expect(without.tokenSet.raw).not.toHaveProperty('expires_in')
  })

  it('client: expires_in 0 without the quirk is already expired', async () => {
    const quirky = spec({ tokenResponse: { expiresIn: { zeroMeansNever: true } } })
    // The mock of the quirky spec writes 0; a client of a plain spec reads it as RFC 6749 does.
    const got = await (await login(spec({}), await mockOf(quirky, 0))).tokens()
    expect(got.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000))
  })
})
