import { afterAll, describe, expect, it } from 'vitest'
import { apple, appleLogin } from '../../generated/providers/apple.js'
import { microsoftEntraId } from '../../generated/providers/microsoft-entra-id.js'
import { approve, createMockProvider, type MockProvider } from '../../mock/index.js'
import appleSpec from '../../providers/apple.js'
import entraSpec from '../../providers/microsoft-entra-id.js'

/** Sign in with Apple and Microsoft Entra ID through their generated clients, against the mock. */
const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

async function mockOf(spec: Parameters<typeof createMockProvider>[0], options = {}) {
  const mock = await createMockProvider(spec, options)
  mocks.push(mock)
  return mock
}

const redirectUri = 'https://app.example/callback'

describe('apple', () => {
  it('signs in with a signed client secret and a form_post callback carrying the user', async () => {
    const mock = await mockOf(appleSpec)
    const { teamId, keyId, privateKey } = mock.credentials as {
      teamId: string
      keyId: string
      privateKey: string
    }
    const client = apple({
      clientId: 'com.example.app',
      teamId,
      keyId,
      privateKey,
      redirectUri,
      hostMap: mock.hostMap,
    })
    const { url, session } = await client.authorizationUrl()
    expect(url.searchParams.get('response_mode')).toBe('form_post')
    const posted = await approve(url)
    expect(posted).toBeInstanceOf(URLSearchParams)
    const tokens = await client.callback(posted, session)
    const first: string | undefined = tokens.fields.user?.name?.firstName
    expect(first).toBe('mock-firstName')
    expect(tokens.claims?.iss).toBe('https://appleid.apple.com')
    const profile = await client.profile(tokens)
    expect(profile).toMatchObject({ name: 'mock-firstName mock-lastName', email: 'mock.user@example.com' })
    await client.revoke(await client.refresh(tokens))
  })

  it('the sign-in client takes the user as a JSON object, without its schema', async () => {
    const mock = await mockOf(appleSpec)
    const key = mock.credentials as { teamId: string; keyId: string; privateKey: string }
    const login = appleLogin({ clientId: 'c', redirectUri, hostMap: mock.hostMap, ...key })
    const { url, session } = await login.authorizationUrl()
    const posted = (await approve(url)) as URLSearchParams
    posted.set('user', '"a string"')
    await expect(login.callback(posted, session)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      claim: 'user',
    })
  })

  it('takes the signing key instead of a client secret', () => {
    // @ts-expect-error teamId, keyId and privateKey are required; a clientSecret is not the way
    expect(() => apple({ clientId: 'c', clientSecret: 's', redirectUri })).toThrow('"teamId" is required')
  })
})

describe('microsoft-entra-id', () => {
  it.each([
    { given: {}, host: 'common' },
    { given: { tenant: 'contoso.onmicrosoft.com' }, host: 'contoso.onmicrosoft.com' },
  ])(
    'tenant $host: endpoints on the tenant, the ID token checked against its own tid',
    async ({ given, host }) => {
      const mock = await mockOf(entraSpec, { hosts: { tenant: host } })
      const client = microsoftEntraId({
        clientId: 'client-1',
        clientSecret: 's',
        redirectUri,
        hostMap: mock.hostMap,
        ...given,
      })
      const { url, session } = await client.authorizationUrl()
      expect(mock.requests.length).toBe(0)
      const tokens = await client.callback(await approve(url), session)
      expect(tokens.claims).toMatchObject({
        tid: 'mock-tid',
        iss: 'https://login.microsoftonline.com/mock-tid/v2.0',
      })
      expect(mock.requests.map((r) => r.path)).toContain(`/${host}/oauth2/v2.0/token`)
      expect((await client.profile(tokens)).id).not.toBe('')
    },
  )
})
