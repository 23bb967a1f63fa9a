import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DiscordClient, discord } from '../../generated/providers/discord.js'
import {
  type DiscordEmulator,
  discordAvatarUrl,
  followAuthorize,
  startDiscordEmulator,
} from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'

/** The generated Discord client against the Discord emulator over real HTTP. */
const REDIRECT = 'http://127.0.0.1/auth/discord'
let dc: DiscordEmulator

const guild = {
  id: '613425648685547541',
  name: 'Authspec Guild',
  icon: null,
  banner: null,
  owner: true,
  permissions: '2147483647',
  features: [],
  approximate_member_count: 12,
}
const users = [
  {
    id: '80351110224678912',
    username: 'nelly',
    global_name: 'Nelly',
    avatar: '8342729096ea3675442027381ff50dfe',
    email: 'nelly@example.com',
    verified: true,
    guilds: [guild],
  },
  {
    id: '80351110224678913',
    username: 'animated',
    global_name: null,
    avatar: 'a_1269e74af4df7417b13759eae50c83dc',
    email: 'anim@example.com',
    verified: false,
  },
  {
    id: '1066123456789012345',
    username: 'plain',
    global_name: null,
    avatar: null,
    email: null,
    verified: false,
  },
]
const clients = [{ clientId: '1234567890', clientSecret: 'discord-secret', redirectUris: [REDIRECT] }]

beforeAll(async () => {
  dc = await startDiscordEmulator({ users, clients })
})
afterAll(() => dc.close())

function client(secret = 'discord-secret'): DiscordClient {
  return discord({
    clientId: '1234567890',
    clientSecret: secret,
    redirectUri: REDIRECT,
    endpointOverrides: {
      authorization: `${dc.url}/oauth2/authorize`,
      token: `${dc.apiUrl}/oauth2/token`,
      revocation: `${dc.apiUrl}/oauth2/token/revoke`,
      api: `${dc.apiUrl}/v10`,
    },
  })
}

async function defaultLogin(userId: string) {
  dc.login.userId = userId
  const c = client()
  const { url, session } = await c.authorizationUrl()
  return { c, url, tokens: await c.callback(await followAuthorize(url), session) }
}

describe('Discord: login, refresh, revocation', () => {
  it('logs in with form-encoded requests only; tokens last 7 days and carry a refresh token', async () => {
    const { url, tokens } = await defaultLogin(users[0]!.id)
    expect(url.searchParams.get('scope')).toBe('identify email')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(tokens.scopes).toEqual(['identify', 'email'])
    expect(tokens.refreshToken).toBeTruthy()
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(604790)
    const req = dc.state.requests.filter((r) => r.path === '/api/oauth2/token').at(-1)
    expect(req?.contentType).toMatch(/application\/x-www-form-urlencoded/)
    expect(req?.headers['authorization']).toMatch(/^Basic /)
  })

  it('refresh rotates both tokens; the old refresh token is then invalid_grant', async () => {
    const { c, tokens } = await defaultLogin(users[0]!.id)
    const renewed = await c.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken)
    expect(renewed.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(604790)
    expect((await c.api.getCurrentUser(renewed)).id).toBe(users[0]!.id)
    const err = await rejection(c.refresh(tokens))
    expect(err.error).toBe('invalid_grant')
    expect(err.status).toBe(400)
  })

  it('revocation (form body) ends the access and refresh tokens', async () => {
    const { c, tokens } = await defaultLogin(users[0]!.id)
    await c.revoke(tokens)
    const req = dc.state.requests.filter((r) => r.path === '/api/oauth2/token/revoke').at(-1)
    expect(req?.contentType).toMatch(/application\/x-www-form-urlencoded/)
    const err = await rejection(c.api.getCurrentUser(tokens))
    expect(err.code).toBe('API_ERROR')
    expect(err.status).toBe(401)
    expect(err.error).toBe('0')
    expect(err.message).toMatch(/401: Unauthorized/)
    expect((await rejection(c.refresh(tokens))).error).toBe('invalid_grant')
  })

  it('a wrong client secret is invalid_client; a denied login is access_denied', async () => {
    dc.login.userId = users[0]!.id
    const bad = client('nope')
    const first = await bad.authorizationUrl()
    expect((await rejection(bad.callback(await followAuthorize(first.url), first.session))).error).toBe(
      'invalid_client',
    )
    dc.login.decision = 'deny'
    try {
      const c = client()
      const { url, session } = await c.authorizationUrl()
      const err = await rejection(c.callback(await followAuthorize(url), session))
      expect(err.code).toBe('OAUTH_AUTHORIZATION_ERROR')
      expect(err.error).toBe('access_denied')
    } finally {
      dc.login.decision = 'approve'
    }
  })
})

describe('Discord: profile and API', () => {
  it.each(users.map((u) => [u.username, u] as const))(
    'avatar URL of %s follows the hash rules',
    async (_n, u) => {
      const { c, tokens } = await defaultLogin(u.id)
      const profile = await c.profile(tokens)
      expect(profile.avatarUrl).toBe(discordAvatarUrl(u))
    },
  )

  it('animated hashes give a .gif, missing ones the default avatar by id', async () => {
    const anim = await defaultLogin(users[1]!.id)
    expect((await anim.c.profile(anim.tokens)).avatarUrl).toMatch(/\/avatars\/80351110224678913\/a_.*\.gif$/)
    const plain = await defaultLogin(users[2]!.id)
    const index = Number((BigInt(users[2]!.id) >> 22n) % 6n)
    expect((await plain.c.profile(plain.tokens)).avatarUrl).toBe(
      `https://cdn.discordapp.com/embed/avatars/${index}.png`,
    )
  })

  it('with the email scope: email and verified in the profile', async () => {
    const { c, tokens } = await defaultLogin(users[0]!.id)
    expect(await c.profile(tokens)).toMatchObject({
      id: users[0]!.id,
      name: 'Nelly',
      email: 'nelly@example.com',
      emailVerified: true,
    })
    const anim = await defaultLogin(users[1]!.id)
    expect(await anim.c.profile(anim.tokens)).toMatchObject({ name: 'animated', emailVerified: false })
  })

  it('without the email scope: no email in the type, none on the wire', async () => {
    dc.login.userId = users[0]!.id
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['identify'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const profile = await c.profile(tokens)
    // @ts-expect-error email is not in the profile type without the email scope
    void profile.email
    const raw = await c.api.getCurrentUser(tokens)
    expect(raw.email).toBeUndefined()
    expect(raw.verified).toBeUndefined()
    expect(profile).toMatchObject({ id: users[0]!.id, email: null, emailVerified: false })
  })

  it('listCurrentUserGuilds with typed query parameters; without the guilds scope a typed 401', async () => {
    dc.login.userId = users[0]!.id
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['identify', 'guilds'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const list = await c.api.listCurrentUserGuilds(tokens, { limit: 10, with_counts: true })
    expect(list).toEqual([expect.objectContaining({ id: guild.id, name: guild.name, owner: true })])
    const last = dc.state.requests.filter((r) => r.path.endsWith('/users/@me/guilds')).at(-1)
    expect(last?.path).toBe('/api/v10/users/@me/guilds')
    expect(last?.query).toMatchObject({ limit: '10', with_counts: 'true' })
    const bad = await rejection(c.api.listCurrentUserGuilds(tokens, { limit: 500 }))
    expect(bad).toMatchObject({ code: 'API_ERROR', error: '50035', status: 400 })
    expect(bad.message).toMatch(/Invalid Form Body/)
    const other = await defaultLogin(users[0]!.id)
    expect((await rejection(c.api.listCurrentUserGuilds(other.tokens))).status).toBe(401)
  })

  it('a changed response shape names the field', async () => {
    const { c, tokens } = await defaultLogin(users[0]!.id)
    const u = dc.users.get(users[0]!.id)!
    u.username = null as unknown as string
    try {
      const err = await rejection(c.api.getCurrentUser(tokens))
      expect(err.code).toBe('INVALID_RESPONSE')
      expect(err.claim).toBe('username')
    } finally {
      u.username = 'nelly'
    }
  })
})
