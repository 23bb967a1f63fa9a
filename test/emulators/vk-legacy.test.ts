import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, followAuthorize, formPost } from './lib/client.js'
import {
  parseVkScope,
  startVkLegacyEmulator,
  VK_SCOPE_BITS,
  VK_TOKEN_TTL,
  type VkLegacyEmulator,
} from './vk-legacy.js'

const CB = 'http://127.0.0.1:9999/vk-legacy/cb'
type Json = Record<string, unknown>

let vk: VkLegacyEmulator
beforeAll(async () => {
  vk = await startVkLegacyEmulator({
    users: [
      {
        id: 66748,
        first_name: 'Pavel',
        last_name: 'D',
        photo_200: 'https://sun.userapi.example/p200.jpg',
        email: 'pd@vk.example',
        screen_name: 'pd',
      },
      { id: 2, first_name: 'Alexandra', last_name: 'V' },
    ],
    clients: [{ clientId: '7654321', clientSecret: 'Q1w2E3', redirectUris: [CB] }],
  })
})
afterAll(() => vk.close())

async function code(scope: string): Promise<string> {
  const q = new URLSearchParams({
    client_id: '7654321',
    redirect_uri: CB,
    scope,
    response_type: 'code',
    state: 'abc',
    v: '5.131',
    display: 'page',
  })
  const cb = await followAuthorize(`${vk.url}/authorize?${q}`)
  expect(cb.searchParams.get('state')).toBe('abc')
  return cb.searchParams.get('code')!
}

async function token(scope = 'email,friends'): Promise<Json> {
  const q = new URLSearchParams({
    client_id: '7654321',
    client_secret: 'Q1w2E3',
    redirect_uri: CB,
    code: await code(scope),
  })
  const res = await fetch(`${vk.url}/access_token?${q}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

const call = (q: Record<string, string>) => fetch(`${vk.url}/method/users.get?${new URLSearchParams(q)}`)

describe('vk legacy emulator: oauth', () => {
  it.each([
    ['comma names', 'email,friends', ['friends', 'email']],
    ['bit mask', String(VK_SCOPE_BITS['email']! + VK_SCOPE_BITS['offline']!), ['offline', 'email']],
    ['unknown dropped', 'email,nonsense', ['email']],
  ])('scope as %s', (_n, scope, want) => {
    expect(parseVkScope(scope).sort()).toEqual([...want].sort())
  })

  it('GET /access_token: access_token, expires_in, user_id and email with the email scope', async () => {
    const t = await token()
    expect(t).toMatchObject({ expires_in: VK_TOKEN_TTL, user_id: 66748, email: 'pd@vk.example' })
    expect(t['access_token']).toEqual(expect.any(String))
    expect(t['token_type']).toBeUndefined()
  })

  it('POST form works as well; no email without the email scope; offline gives expires_in 0', async () => {
    const res = await formPost(`${vk.url}/access_token`, {
      client_id: '7654321',
      client_secret: 'Q1w2E3',
      redirect_uri: CB,
      code: await code('friends,offline'),
    })
    const t = (await res.json()) as Json
    expect(t['expires_in']).toBe(0)
    expect('email' in t).toBe(false)
  })

  it.each([
    ['wrong secret', { client_secret: 'nope' }, 'invalid_client'],
    ['bad code', { code: 'nope' }, 'invalid_grant'],
    ['other redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/x' }, 'invalid_grant'],
  ])('%s -> 401 %s', async (_n, override, error) => {
    const q = new URLSearchParams({
      client_id: '7654321',
      client_secret: 'Q1w2E3',
      redirect_uri: CB,
      code: await code('email'),
      ...override,
    })
    const res = await fetch(`${vk.url}/access_token?${q}`)
    expect(res.status).toBe(401)
    expect(((await res.json()) as Json)['error']).toBe(error)
  })

  it('client_secret_basic is not accepted', async () => {
    const res = await formPost(
      `${vk.url}/access_token`,
      { client_id: '7654321', redirect_uri: CB, code: await code('email') },
      { authorization: basic('7654321', 'Q1w2E3') },
    )
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client_secret is incorrect',
    })
  })

  it('denied: access_denied with error_reason', async () => {
    vk.login.decision = 'deny'
    const cb = await followAuthorize(
      `${vk.url}/authorize?client_id=7654321&redirect_uri=${encodeURIComponent(CB)}&response_type=code&state=s`,
    )
    vk.login.decision = 'approve'
    expect(cb.searchParams.get('error')).toBe('access_denied')
    expect(cb.searchParams.get('error_reason')).toBe('user_denied')
  })
})

describe('vk legacy emulator: API', () => {
  it('users.get wraps the result in {"response": [...]}', async () => {
    const t = await token()
    const res = await call({ v: '5.131', access_token: String(t['access_token']), fields: 'photo_200' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      response: [
        {
          id: 66748,
          first_name: 'Pavel',
          last_name: 'D',
          can_access_closed: true,
          is_closed: false,
          photo_200: 'https://sun.userapi.example/p200.jpg',
        },
      ],
    })
  })

  it('accepts the token as a Bearer header and POST form', async () => {
    const t = await token()
    const res = await formPost(
      `${vk.url}/method/users.get`,
      { v: '5.131', user_ids: '2' },
      { authorization: `Bearer ${t['access_token']}` },
    )
    expect(((await res.json()) as { response: Json[] }).response[0]).toMatchObject({
      id: 2,
      first_name: 'Alexandra',
    })
  })

  it.each([
    ['missing v', { fields: 'photo_200' }, 8, 'Invalid request: v is required'],
    ['old v', { v: '5.80' }, 8, 'Invalid request: versions below 5.81'],
    ['garbage v', { v: 'x' }, 8, 'Invalid request: versions below 5.81'],
    [
      'invalid token',
      { v: '5.131', access_token: 'bogus' },
      5,
      'User authorization failed: invalid access_token',
    ],
    ['no token', { v: '5.131', noToken: '1' }, 5, 'no access_token passed'],
  ])('%s -> HTTP 200 with error_code %d', async (_n, q, errorCode, msg) => {
    const t = await token()
    const params: Record<string, string> = { access_token: String(t['access_token']), ...q }
    if ('noToken' in params) {
      delete params['noToken']
      delete params['access_token']
    }
    const res = await call(params)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      error: { error_code: number; error_msg: string; request_params: Array<{ key: string; value: string }> }
    }
    expect(body.error.error_code).toBe(errorCode)
    expect(body.error.error_msg).toContain(msg)
    expect(body.error.request_params).toContainEqual({ key: 'method', value: 'users.get' })
    expect(body.error.request_params.some((p) => p.key === 'access_token')).toBe(false)
  })

  it('tokens expire after a day unless offline (injected clock)', async () => {
    const start = Date.now()
    vk.setNow(start)
    const t = await token('email')
    vk.setNow(start + VK_TOKEN_TTL * 1000)
    const body = (await (await call({ v: '5.131', access_token: String(t['access_token']) })).json()) as Json
    vk.clock.reset()
    expect(body).toMatchObject({ error: { error_code: 5 } })
  })

  it('unknown method: error_code 3', async () => {
    const res = await fetch(`${vk.url}/method/users.nope?v=5.131`)
    expect(await res.json()).toMatchObject({ error: { error_code: 3 } })
  })
})
