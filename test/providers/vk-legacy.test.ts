import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type VkLegacyClient, vkLegacy } from '../../generated/providers/vk-legacy.js'
import { followAuthorize, startVkLegacyEmulator, type VkLegacyEmulator } from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'

/** The generated VK legacy client against the oauth.vk.com / api.vk.com emulator. */
const REDIRECT = 'http://127.0.0.1/auth/vk-legacy'
let emu: VkLegacyEmulator

const users = [
  {
    id: 210700286,
    first_name: 'Lindsey',
    last_name: 'Stirling',
    photo_200: 'https://sun9-1.userapi.com/lindsey_200.jpg',
    screen_name: 'lindseystirling',
    email: 'lindsey@example.com',
  },
  { id: 1, first_name: 'Pavel', last_name: 'Durov', screen_name: 'durov' },
]
const clients = [{ clientId: '7654321', clientSecret: 'vk-secret', redirectUris: [REDIRECT] }]

beforeAll(async () => {
  emu = await startVkLegacyEmulator({ users, clients })
})
afterAll(() => emu.close())

function client(secret = 'vk-secret', extra: Partial<Parameters<typeof vkLegacy>[0]> = {}): VkLegacyClient {
  return vkLegacy({
    clientId: '7654321',
    clientSecret: secret,
    redirectUri: REDIRECT,
    endpointOverrides: {
      authorization: `${emu.url}/authorize`,
      token: `${emu.url}/access_token`,
      api: `${emu.url}/method`,
    },
    ...extra,
  })
}

async function login(userId = '210700286') {
  emu.login.userId = userId
  const c = client()
  const { url, session } = await c.authorizationUrl({ scopes: ['email', 'friends'] })
  return { c, url, session, tokens: await c.callback(await followAuthorize(url), session) }
}

describe('VK legacy: login', () => {
  it('comma scopes, no PKCE, client_secret_post; user_id and email from the token response', async () => {
    const { url, tokens } = await login()
    expect(url.searchParams.get('scope')).toBe('email,friends')
    expect(url.searchParams.has('code_challenge')).toBe(false)
    const req = emu.state.requests.filter((r) => r.path === '/access_token').at(-1)
    const form = new URLSearchParams(req?.body)
    expect(form.get('client_secret')).toBe('vk-secret')
    expect(req?.headers['authorization']).toBeUndefined()
    expect(tokens.fields).toEqual({ user_id: 210700286, email: 'lindsey@example.com' })
    expect(tokens.tokenSet.tokenType.toLowerCase()).toBe('bearer')
    // VK does not echo the scopes: the requested ones stand in.
    expect(tokens.scopes).toEqual(['email', 'friends'])
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(86390)
  })

  it('with offline the token never expires (expires_in 0 is not "already expired")', async () => {
    emu.login.userId = '210700286'
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['offline'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    // The emulator answered expires_in 0 for this never-expiring token.
    expect(emu.state.tokens.get(tokens.accessToken)?.expiresAt).toBeUndefined()
    expect(tokens.expiresAt).toBeUndefined()
    expect(tokens.tokenSet.isExpired()).toBe(false)
    expect(tokens.fields.email).toBeUndefined()
  })

  it('token errors (HTTP 401 {error, error_description}) are typed', async () => {
    emu.login.userId = '210700286'
    const bad = client('wrong')
    const { url, session } = await bad.authorizationUrl()
    const err = await rejection(bad.callback(await followAuthorize(url), session))
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_client', status: 401 })
    expect(err.error_description).toMatch(/client_secret/)
  })

  it('a denied login is access_denied', async () => {
    emu.login.decision = 'deny'
    try {
      const c = client()
      const { url, session } = await c.authorizationUrl()
      const err = await rejection(c.callback(await followAuthorize(url), session))
      expect(err).toMatchObject({ code: 'OAUTH_AUTHORIZATION_ERROR', error: 'access_denied' })
    } finally {
      emu.login.decision = 'approve'
    }
  })

  it('refresh and revocation are not offered: absent from the type, refused at run time', async () => {
    const { c, tokens } = await login()
    // @ts-expect-error the spec says VK legacy has no refresh
    await expect(c.refresh(tokens)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /no refresh\(\)/,
    })
    // @ts-expect-error the spec names no revocation endpoint
    await expect(c.revoke(tokens)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /no revoke\(\)/,
    })
  })
})

describe('VK legacy: API and profile', () => {
  it('usersGet sends v and the token, unwraps {response}', async () => {
    const { c, tokens } = await login()
    const list = await c.api.usersGet(tokens, { user_ids: 'durov,lindseystirling', fields: 'screen_name' })
    expect(list.map((u) => u.id)).toEqual([1, 210700286])
    expect(list[0]).toMatchObject({ first_name: 'Pavel', screen_name: 'durov' })
    const req = emu.state.requests.filter((r) => r.path === '/method/users.get').at(-1)
    expect(req?.query).toMatchObject({ v: '5.131', user_ids: 'durov,lindseystirling' })
  })

  it('profile: users.get for name and photo, email from the token response', async () => {
    const { c, tokens } = await login()
    expect(await c.profile(tokens)).toMatchObject({
      id: '210700286',
      name: 'Lindsey Stirling',
      email: 'lindsey@example.com',
      emailVerified: true,
      avatarUrl: 'https://sun9-1.userapi.com/lindsey_200.jpg',
    })
  })

  it('without the email scope the profile type has no email', async () => {
    emu.login.userId = '1'
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['friends'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const profile = await c.profile(tokens)
    // @ts-expect-error email is not in the profile type without the email scope
    void profile.email
    expect(profile).toMatchObject({ id: '1', name: 'Pavel Durov', email: null })
  })

  it.each([
    {
      name: 'an unknown user id (113)',
      code: '113',
      message: /Invalid user id/,
      params: { user_ids: 'nobody-here' },
      fetch: undefined,
    },
    {
      name: 'an old API version (8)',
      code: '8',
      message: /versions below/,
      params: {},
      // A proxy pinning an old version: VK refuses it with error_code 8 and HTTP 200.
      fetch: ((input, init) => fetch(String(input).replace('v=5.131', 'v=5.0'), init)) as typeof fetch,
    },
  ])('{error:{error_code,error_msg}} with HTTP 200 for $name is a typed error naming the code', async (t) => {
    const { tokens } = await login()
    const c = client('vk-secret', t.fetch ? { fetch: t.fetch } : {})
    const err = await rejection(c.api.usersGet(tokens, t.params))
    expect(err).toMatchObject({ code: 'API_ERROR', error: t.code, status: 200 })
    expect(err.message).toMatch(t.message)
  })

  it('an invalid token is error_code 5', async () => {
    const c = client()
    const err = await rejection(c.api.usersGet('vk1.a.not-a-token'))
    expect(err).toMatchObject({ code: 'API_ERROR', error: '5' })
    expect(err.message).toMatch(/User authorization failed/)
  })

  it('a changed response shape names the field', async () => {
    const { c, tokens } = await login()
    const u = emu.users.get('210700286')!
    u.last_name = undefined as unknown as string
    try {
      const err = await rejection(c.api.usersGet(tokens))
      expect(err.code).toBe('INVALID_RESPONSE')
      expect(err.claim).toBe('0.last_name')
      expect(err.message).toMatch(/usersGet .*"0\.last_name"/)
    } finally {
      u.last_name = 'Stirling'
    }
  })
})
