import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISCORD_TOKEN_TTL, type DiscordEmulator, discordAvatarUrl, startDiscordEmulator } from './discord.js'
import { basic, followAuthorize, formPost } from './lib/client.js'

const CB = 'http://127.0.0.1:9999/discord/cb'
type Json = Record<string, unknown>

let d: DiscordEmulator
beforeAll(async () => {
  d = await startDiscordEmulator({
    users: [
      {
        id: '80351110224678912',
        username: 'nelly',
        global_name: 'Nelly',
        avatar: 'a_8342729096ea3675442027381ff50dfe',
        email: 'nelly@discord.example',
        verified: true,
        guilds: [
          {
            id: '197038439483310086',
            name: 'Discord Testers',
            icon: 'f64c482b807da4f539cff778d174971c',
            banner: null,
            owner: false,
            permissions: '36953089',
            features: ['COMMUNITY'],
            approximate_member_count: 3268,
          },
          {
            id: '613425648685547541',
            name: 'DDevs',
            icon: null,
            banner: null,
            owner: true,
            permissions: '2147483647',
            features: [],
          },
        ],
      },
    ],
    clients: [{ clientId: '157730590492196864', clientSecret: 'shh', redirectUris: [CB] }],
  })
})
afterAll(() => d.close())

const CLIENT = basic('157730590492196864', 'shh')

async function code(scope = 'identify email guilds', extra: Record<string, string> = {}): Promise<string> {
  const q = new URLSearchParams({
    client_id: '157730590492196864',
    response_type: 'code',
    redirect_uri: CB,
    scope,
    state: 'xyz',
    ...extra,
  })
  const cb = await followAuthorize(`${d.url}/oauth2/authorize?${q}`)
  expect(cb.searchParams.get('state')).toBe('xyz')
  return cb.searchParams.get('code')!
}

async function tokens(scope?: string): Promise<Json> {
  const res = await formPost(
    `${d.apiUrl}/oauth2/token`,
    { grant_type: 'authorization_code', code: await code(scope), redirect_uri: CB },
    { authorization: CLIENT },
  )
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

const get = (path: string, token: unknown) =>
  fetch(`${d.apiUrl}${path}`, { headers: { authorization: `Bearer ${String(token)}` } })

describe('discord emulator: token endpoint', () => {
  it('exchanges a code: 7 days, refresh token, space-separated scope', async () => {
    const t = await tokens('identify email')
    expect(t).toMatchObject({ token_type: 'Bearer', expires_in: 604800, scope: 'identify email' })
    expect(DISCORD_TOKEN_TTL).toBe(7 * 24 * 3600)
    expect(t['refresh_token']).toEqual(expect.any(String))
  })

  it('accepts client credentials in the form body too, and versioned paths', async () => {
    const res = await formPost(`${d.url}/api/v10/oauth2/token`, {
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: CB,
      client_id: '157730590492196864',
      client_secret: 'shh',
    })
    expect(res.status).toBe(200)
  })

  it('a JSON body is refused as the real API does (unsupported_grant_type)', async () => {
    const res = await fetch(`${d.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: CLIENT },
      body: JSON.stringify({ grant_type: 'authorization_code', code: await code(), redirect_uri: CB }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Invalid "grant_type" in request.',
    })
  })

  it.each([
    ['bad code', { code: 'nope' }, CLIENT, 400, 'invalid_grant'],
    ['other redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/other' }, CLIENT, 400, 'invalid_grant'],
    ['wrong secret', {}, basic('157730590492196864', 'bad'), 401, 'invalid_client'],
    ['missing code', { code: '' }, CLIENT, 400, 'invalid_request'],
  ])('%s -> %i %s', async (_n, override, auth, status, error) => {
    const params: Record<string, string> = {
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: CB,
      ...override,
    }
    if (params['code'] === '') delete params['code']
    const res = await formPost(`${d.apiUrl}/oauth2/token`, params, { authorization: auth })
    expect(res.status).toBe(status)
    expect(((await res.json()) as Json)['error']).toBe(error)
  })

  it('refresh rotates: new pair, old refresh token and old access token dead', async () => {
    const t = await tokens()
    const res = await formPost(
      `${d.apiUrl}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: String(t['refresh_token']) },
      { authorization: CLIENT },
    )
    const t2 = (await res.json()) as Json
    expect(t2).toMatchObject({ expires_in: 604800, scope: 'identify email guilds' })
    expect(t2['refresh_token']).not.toBe(t['refresh_token'])
    expect((await get('/users/@me', t['access_token'])).status).toBe(401)
    const again = await formPost(
      `${d.apiUrl}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: String(t['refresh_token']) },
      { authorization: CLIENT },
    )
    expect(again.status).toBe(400)
    expect(((await again.json()) as Json)['error']).toBe('invalid_grant')
  })

  it('access tokens expire after 7 days (injected clock)', async () => {
    const start = Date.now()
    d.setNow(start)
    const t = await tokens()
    expect((await get('/users/@me', t['access_token'])).status).toBe(200)
    d.setNow(start + DISCORD_TOKEN_TTL * 1000)
    expect((await get('/users/@me', t['access_token'])).status).toBe(401)
    d.clock.reset()
  })
})

describe('discord emulator: revocation', () => {
  it('form + client auth: 200, both tokens dead', async () => {
    const t = await tokens()
    const res = await formPost(
      `${d.apiUrl}/oauth2/token/revoke`,
      { token: String(t['access_token']), token_type_hint: 'access_token' },
      { authorization: CLIENT },
    )
    expect(res.status).toBe(200)
    expect(d.state.revoked).toEqual(expect.arrayContaining([t['access_token'], t['refresh_token']]))
    expect((await get('/users/@me', t['access_token'])).status).toBe(401)
  })

  it('JSON body: refused, token stays alive', async () => {
    const t = await tokens()
    const res = await fetch(`${d.apiUrl}/oauth2/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: CLIENT },
      body: JSON.stringify({ token: t['access_token'] }),
    })
    expect(res.status).toBe(400)
    expect((await get('/users/@me', t['access_token'])).status).toBe(200)
  })

  it('without client auth: 401 invalid_client', async () => {
    const res = await formPost(`${d.apiUrl}/oauth2/token/revoke`, { token: 'x' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'invalid_client' })
  })
})

describe('discord emulator: users', () => {
  it('GET /users/@me with email scope has email and verified, discriminator "0"', async () => {
    const t = await tokens('identify email')
    const u = (await (await get('/users/@me', t['access_token'])).json()) as Json
    expect(u).toMatchObject({
      id: '80351110224678912',
      username: 'nelly',
      global_name: 'Nelly',
      discriminator: '0',
      avatar: 'a_8342729096ea3675442027381ff50dfe',
      email: 'nelly@discord.example',
      verified: true,
    })
  })

  it('without the email scope there is no email and no verified key at all', async () => {
    const t = await tokens('identify')
    const u = (await (await get('/users/@me', t['access_token'])).json()) as Json
    expect('email' in u).toBe(false)
    expect('verified' in u).toBe(false)
  })

  it('guilds need the guilds scope; 401 shape otherwise', async () => {
    const without = await tokens('identify')
    const res = await get('/users/@me/guilds', without['access_token'])
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 })
    const withG = await tokens('identify guilds')
    const list = (await (
      await get('/users/@me/guilds?with_counts=true', withG['access_token'])
    ).json()) as Json[]
    expect(list.map((g) => g['id'])).toEqual(['197038439483310086', '613425648685547541'])
    expect(list[0]).toMatchObject({ permissions: '36953089', approximate_member_count: 3268 })
    const plain = (await (await get('/users/@me/guilds?limit=1', withG['access_token'])).json()) as Json[]
    expect(plain).toHaveLength(1)
    expect('approximate_member_count' in plain[0]!).toBe(false)
  })

  it('a bad token gets {"message": "401: Unauthorized", "code": 0}', async () => {
    const res = await get('/users/@me', 'nope')
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 })
  })

  it.each([
    [
      { id: '80351110224678912', avatar: 'a_1' },
      'https://cdn.discordapp.com/avatars/80351110224678912/a_1.gif',
    ],
    [
      { id: '80351110224678912', avatar: 'abc' },
      'https://cdn.discordapp.com/avatars/80351110224678912/abc.png',
    ],
    [
      { id: '80351110224678912', avatar: null },
      `https://cdn.discordapp.com/embed/avatars/${Number((80351110224678912n >> 22n) % 6n)}.png`,
    ],
  ])('avatar URL helper %#', (user, want) => {
    expect(discordAvatarUrl(user)).toBe(want)
  })
})

describe('discord emulator: authorization errors', () => {
  it.each([
    ['unknown scope', { scope: 'identify nonsense' }, 'invalid_scope'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
  ])('%s -> redirect with %s', async (_n, override, error) => {
    const q = new URLSearchParams({
      client_id: '157730590492196864',
      response_type: 'code',
      redirect_uri: CB,
      scope: 'identify',
      state: 's',
      ...override,
    })
    const cb = await followAuthorize(`${d.url}/oauth2/authorize?${q}`)
    expect(cb.searchParams.get('error')).toBe(error)
    expect(cb.searchParams.get('state')).toBe('s')
  })

  it('unregistered redirect_uri: 400 page, no redirect', async () => {
    const q = new URLSearchParams({
      client_id: '157730590492196864',
      response_type: 'code',
      redirect_uri: 'https://evil.example/',
      scope: 'identify',
    })
    const res = await fetch(`${d.url}/oauth2/authorize?${q}`, { redirect: 'manual' })
    expect(res.status).toBe(400)
  })

  it('denied: access_denied', async () => {
    d.login.decision = 'deny'
    const q = new URLSearchParams({
      client_id: '157730590492196864',
      response_type: 'code',
      redirect_uri: CB,
      scope: 'identify',
    })
    const cb = await followAuthorize(`${d.url}/oauth2/authorize?${q}`)
    d.login.decision = 'approve'
    expect(cb.searchParams.get('error')).toBe('access_denied')
  })
})
