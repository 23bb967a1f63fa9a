import { afterAll, describe, expect, it } from 'vitest'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import { SpecError } from '../../runtime/errors.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import { everySupport } from '../../runtime/provider/support.js'
import { validateSpec } from '../../runtime/provider/validate-spec.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/** `authorizationParams.*.default`: a parameter the provider requires on every authorization request. */
const spec = minimalSpec({
  authorizationParams: {
    duration: {
      type: 'enum',
      values: ['temporary', 'permanent'],
      default: 'permanent',
      description: 'Token lifetime',
    },
    audience: { type: 'string', default: 'api.example', description: 'API the token is for' },
  },
})

const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

function clientOf(
  overrides: MockProvider['endpointOverrides'] | undefined = undefined,
): GenericProviderClient {
  return createClient(
    spec,
    {
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUri: 'http://127.0.0.1/callback',
      ...(overrides ? { endpointOverrides: overrides } : {}),
    },
    everySupport,
  ) as GenericProviderClient
}

describe('authorizationParams.*.default', () => {
  it('client: the default is sent when the caller gives none; a given value wins', async () => {
    const c = clientOf()
    const { url } = await c.authorizationUrl()
    expect(url.searchParams.get('duration')).toBe('permanent')
    expect(url.searchParams.get('audience')).toBe('api.example')
    const own = await c.authorizationUrl({ params: { duration: 'temporary' } })
    expect(own.url.searchParams.get('duration')).toBe('temporary')
  })

  it('mock: an authorization request without the parameter is refused; with it a code is issued', async () => {
    const mock = await createMockProvider(spec)
    mocks.push(mock)
    const bare = await fetch(`${mock.url}/authorize?client_id=a&redirect_uri=http://127.0.0.1/cb&state=s`, {
      redirect: 'manual',
    })
    const refused = new URL(bare.headers.get('location') ?? '')
    expect(refused.searchParams.get('error')).toBe('invalid_request')
    expect(refused.searchParams.get('error_description')).toBe('duration is required')
    const { url } = await clientOf(mock.endpointOverrides).authorizationUrl()
    const ok = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '')
    expect(ok.searchParams.get('code')).toBeTruthy()
  })

  it('validate: an enum default outside its values is refused, naming the field', () => {
    const bad = minimalSpec({
      authorizationParams: { duration: { type: 'enum', values: ['a'], default: 'b', description: 'x' } },
    })
    expect(() => validateSpec(bad, 'providers/quirky.ts')).toThrow(SpecError)
    expect(() => validateSpec(bad, 'providers/quirky.ts')).toThrow(/authorizationParams\.duration\.default/)
  })
})
