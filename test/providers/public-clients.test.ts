// A spec whose clientAuth lists `none` (Discord) admits public clients: PKCE and no secret, against
// the Discord emulator with its "Public Client" setting; a confidential client still sends Basic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { discord } from '../../generated/providers/discord.js'
import { github } from '../../generated/providers/github.js'
import { type DiscordEmulator, followAuthorize, startDiscordEmulator } from '../emulators/index.js'

const REDIRECT = 'http://127.0.0.1/auth/discord'
let dc: DiscordEmulator
beforeAll(async () => {
  dc = await startDiscordEmulator({
    users: [
      {
        id: '80351110224678912',
        username: 'nelly',
        global_name: null,
        avatar: null,
        email: 'n@example.com',
        verified: true,
      },
    ],
    clients: [
      { clientId: 'public-app', clientSecret: 'unused', redirectUris: [REDIRECT], publicClient: true },
      { clientId: 'private-app', clientSecret: 'hush', redirectUris: [REDIRECT] },
    ],
  })
})
afterAll(() => dc.close())

function client(clientId: string, clientSecret?: string) {
  return discord({
    clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    redirectUri: REDIRECT,
    endpointOverrides: {
      authorization: `${dc.url}/oauth2/authorize`,
      token: `${dc.apiUrl}/oauth2/token`,
      revocation: `${dc.apiUrl}/oauth2/token/revoke`,
      api: `${dc.apiUrl}/v10`,
    },
  })
}

const lastTokenRequest = () => dc.state.requests.filter((r) => r.path.endsWith('/oauth2/token')).at(-1)

describe('public clients', () => {
  it('Discord without a secret: PKCE, client_id in the body, no secret anywhere; refresh works', async () => {
    const c = client('public-app')
    const { url, session } = await c.authorizationUrl({ scopes: ['identify'] })
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const tokens = await c.callback(await followAuthorize(url), session)
    const sent = lastTokenRequest()!
    const body = new URLSearchParams(sent.body)
    expect(body.get('client_id')).toBe('public-app')
    expect(body.has('client_secret')).toBe(false)
    expect(sent.headers['authorization']).toBeUndefined()
    expect((await c.profile(tokens)).id).toBe('80351110224678912')
    expect((await c.refresh(tokens)).accessToken).not.toBe(tokens.accessToken)
  })

  it('Discord with a secret stays confidential: HTTP Basic', async () => {
    const c = client('private-app', 'hush')
    const { url, session } = await c.authorizationUrl({ scopes: ['identify'] })
    await c.callback(await followAuthorize(url), session)
    expect(lastTokenRequest()!.headers['authorization']).toMatch(/^Basic /)
  })

  it('the factory of a spec without public clients requires clientSecret (type only)', () => {
    const typeOnly = () => {
      // @ts-expect-error GitHub lists no `none`: clientSecret is required
      github({ clientId: 'x', redirectUri: REDIRECT })
      discord({ clientId: 'x', redirectUri: REDIRECT })
    }
    expect(typeOnly).toBeTypeOf('function')
  })
})
