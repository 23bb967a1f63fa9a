import { afterAll, describe, expect, it } from 'vitest'
import { google } from '../../generated/providers/google.js'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import googleSpec from '../../providers/google.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import { everySupport } from '../../runtime/provider/support.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/** The spec-driven mock follows the quirks added to the spec language: checkClaim and expiresIn. */
const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

async function mockOf(spec: Parameters<typeof createMockProvider>[0]) {
  const mock = await createMockProvider(spec)
  mocks.push(mock)
  return mock
}

async function follow(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}

describe('mock: checkClaim parameters', () => {
  it.each([
    { hd: 'corp.example', claim: 'corp.example' },
    { hd: '*', claim: 'mock.example' },
  ])('the Google mock answers hd=$hd with an ID token whose hd is $claim', async ({ hd, claim }) => {
    const mock = await mockOf(googleSpec)
    const c = google({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUri: 'http://127.0.0.1/callback',
      endpointOverrides: mock.endpointOverrides,
    })
    const { url, session } = await c.authorizationUrl({ params: { hd } })
    const tokens = await c.callback(await follow(url), session)
    expect(tokens.claims?.['hd']).toBe(claim)
  })
})

describe('mock: tokenResponse.expiresIn', () => {
  it.each([
    { asString: true, wire: 'string' },
    { asString: false, wire: 'number' },
  ])('asString: $asString sends expires_in as a $wire the client accepts', async ({ asString, wire }) => {
    const spec = minimalSpec({ tokenResponse: { expiresIn: { asString } } })
    const mock = await mockOf(spec)
    const c = createClient<GenericProviderClient>(
      spec,
      {
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: 'http://127.0.0.1/callback',
        endpointOverrides: mock.endpointOverrides,
      },
      everySupport,
    )
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await follow(url), session)
    expect(typeof tokens.tokenSet.raw['expires_in']).toBe('number')
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590)
    const res = await fetch(`${mock.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken!,
        client_id: 'client-1',
      }),
    })
    expect(typeof ((await res.json()) as Record<string, unknown>)['expires_in']).toBe(wire)
  })
})
