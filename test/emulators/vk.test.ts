import { decodeJwt, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followAuthorize, formPost, pkcePair } from './lib/client.js'
import { startVkIdEmulator, VK_ID_TOKEN_TTL, type VkIdEmulator } from './vk.js'

const CB = 'http://127.0.0.1:9999/vk/cb'
type Json = Record<string, unknown>

let vk: VkIdEmulator
beforeAll(async () => {
  vk = await startVkIdEmulator({
    users: [
      {
        user_id: 1234567890,
        first_name: 'Ivan',
        last_name: 'Ivanov',
        avatar: 'https://sun.userapi.example/a.jpg',
        email: 'ivan@vk.example',
        phone: '79991234567',
        sex: 2,
      },
    ],
    clients: [{ clientId: '51234567', redirectUris: [CB] }],
  })
})
afterAll(() => vk.close())

async function authorize(extra: Record<string, string> = {}, drop: string[] = []) {
  const { verifier, challenge } = pkcePair()
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: '51234567',
    redirect_uri: CB,
    state: 'state-0123456789abcdef0123456789ab',
    code_challenge: challenge,
    code_challenge_method: 's256',
    scope: 'email',
    ...extra,
  }
  for (const k of drop) delete params[k]
  const cb = await followAuthorize(`${vk.url}/authorize?${new URLSearchParams(params)}`)
  return { cb, verifier }
}

function exchangeParams(cb: URL, verifier: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code: cb.searchParams.get('code')!,
    code_verifier: verifier,
    client_id: '51234567',
    device_id: cb.searchParams.get('device_id')!,
    redirect_uri: CB,
    state: 'st-token',
  }
}

async function tokens(scope = 'email'): Promise<Json> {
  const { cb, verifier } = await authorize({ scope })
  const res = await formPost(`${vk.url}/oauth2/auth`, exchangeParams(cb, verifier))
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

describe('vk id emulator: authorize', () => {
  it('redirects with code, state, device_id, type=code_v2 and expires_in', async () => {
    const { cb } = await authorize()
    expect(cb.searchParams.get('state')).toBe('state-0123456789abcdef0123456789ab')
    expect(cb.searchParams.get('type')).toBe('code_v2')
    expect(cb.searchParams.get('expires_in')).toBe('600')
    expect(cb.searchParams.get('device_id')).toMatch(/^[\w-]{20,}$/)
    expect(cb.searchParams.get('code')).toBeTruthy()
  })

  it.each([
    ['no code_challenge', {}, ['code_challenge']],
    ['plain method', { code_challenge_method: 'plain' }, []],
    ['no state', {}, ['state']],
  ] as const)('refuses %s', async (_n, extra, drop) => {
    const { cb } = await authorize({ ...extra }, [...drop])
    expect(cb.searchParams.get('error')).toBe('invalid_request')
    expect(cb.searchParams.get('code')).toBeNull()
  })

  it('unknown redirect_uri: error page, no redirect', async () => {
    const res = await fetch(
      `${vk.url}/authorize?client_id=51234567&redirect_uri=https://evil.example/&response_type=code`,
      { redirect: 'manual' },
    )
    expect(res.status).toBe(400)
  })
})

describe('vk id emulator: /oauth2/auth', () => {
  it('returns access, refresh and id tokens with user_id, state and scope', async () => {
    const t = await tokens()
    expect(t).toMatchObject({
      token_type: 'Bearer',
      expires_in: VK_ID_TOKEN_TTL,
      user_id: 1234567890,
      state: 'st-token',
      scope: 'vkid.personal_info email',
    })
    expect(t['refresh_token']).toEqual(expect.any(String))
    const { payload } = await jwtVerify(String(t['id_token']), vk.key.publicJwk)
    expect(payload.sub).toBe('1234567890')
  })

  it.each(['code_verifier', 'device_id', 'redirect_uri', 'state'])('requires %s', async (param) => {
    const { cb, verifier } = await authorize()
    const p = exchangeParams(cb, verifier)
    delete p[param]
    const res = await formPost(`${vk.url}/oauth2/auth`, p)
    expect(res.status).toBe(400)
    const body = (await res.json()) as Json
    expect(body['error']).toBe('invalid_request')
    expect(String(body['error_description'])).toContain(param)
  })

  it.each([
    ['wrong verifier', { code_verifier: pkcePair().verifier }],
    ['other device_id', { device_id: 'another-device' }],
    ['other redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/other' }],
    ['unknown code', { code: 'nope' }],
  ])('%s -> invalid_grant', async (_n, override) => {
    const { cb, verifier } = await authorize()
    const res = await formPost(`${vk.url}/oauth2/auth`, { ...exchangeParams(cb, verifier), ...override })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Json)['error']).toBe('invalid_grant')
  })

  it('a JSON body is not read', async () => {
    const { cb, verifier } = await authorize()
    const res = await fetch(`${vk.url}/oauth2/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exchangeParams(cb, verifier)),
    })
    expect(res.status).toBe(400)
  })

  it('refresh needs the device_id, rotates the refresh token and has no id_token', async () => {
    const t = await tokens()
    const cbDevice = [...vk.state.tokens.values()].find((x) => x.token === t['refresh_token'])!.extra[
      'device_id'
    ]!
    const base = {
      grant_type: 'refresh_token',
      refresh_token: String(t['refresh_token']),
      client_id: '51234567',
      state: 'r1',
    }
    const missing = await formPost(`${vk.url}/oauth2/auth`, base)
    expect(((await missing.json()) as Json)['error']).toBe('invalid_request')
    const wrong = await formPost(`${vk.url}/oauth2/auth`, { ...base, device_id: 'x' })
    expect(((await wrong.json()) as Json)['error']).toBe('invalid_grant')
    const ok = await formPost(`${vk.url}/oauth2/auth`, { ...base, device_id: cbDevice })
    const r = (await ok.json()) as Json
    expect(r).toMatchObject({ state: 'r1', user_id: 1234567890 })
    expect(r['refresh_token']).not.toBe(t['refresh_token'])
    expect(r['id_token']).toBeUndefined()
    const reuse = await formPost(`${vk.url}/oauth2/auth`, { ...base, device_id: cbDevice })
    expect(((await reuse.json()) as Json)['error']).toBe('invalid_grant')
  })
})

describe('vk id emulator: user info and revocation', () => {
  it('user_info by form POST: email with the email scope, user_id as a string', async () => {
    const t = await tokens('email')
    const res = await formPost(`${vk.url}/oauth2/user_info`, {
      client_id: '51234567',
      access_token: String(t['access_token']),
    })
    expect(await res.json()).toEqual({
      user: {
        user_id: '1234567890',
        first_name: 'Ivan',
        last_name: 'Ivanov',
        avatar: 'https://sun.userapi.example/a.jpg',
        sex: 2,
        verified: false,
        birthday: '',
        email: 'ivan@vk.example',
      },
    })
  })

  it('user_info without the email scope has no email', async () => {
    const t = await tokens('')
    const res = await formPost(`${vk.url}/oauth2/user_info`, {
      client_id: '51234567',
      access_token: String(t['access_token']),
    })
    const u = ((await res.json()) as { user: Json }).user
    expect('email' in u).toBe(false)
  })

  it.each([
    ['bad token', { client_id: '51234567', access_token: 'nope' }, 'invalid_token'],
    ['bad client', { client_id: '1', access_token: 'nope' }, 'invalid_client'],
  ])('user_info %s -> {error, error_description}', async (_n, body, error) => {
    const res = await formPost(`${vk.url}/oauth2/user_info`, body)
    const j = (await res.json()) as Json
    expect(j['error']).toBe(error)
    expect(j['error_description']).toEqual(expect.any(String))
  })

  it('public_info takes the id_token and masks contacts', async () => {
    const t = await tokens()
    const res = await formPost(`${vk.url}/oauth2/public_info`, {
      client_id: '51234567',
      id_token: String(t['id_token']),
    })
    const u = ((await res.json()) as { user: Json }).user
    expect(u['user_id']).toBe('1234567890')
    expect(u['email']).toBe('i***@vk.example')
    expect(decodeJwt(String(t['id_token'])).iss).toBe('VK')
  })

  it('revoke: {"response": 1}, then the tokens are dead', async () => {
    const t = await tokens()
    const res = await formPost(`${vk.url}/oauth2/revoke`, {
      client_id: '51234567',
      access_token: String(t['access_token']),
    })
    expect(await res.json()).toEqual({ response: 1 })
    expect(vk.state.revoked).toEqual(expect.arrayContaining([t['access_token'], t['refresh_token']]))
    const ui = await formPost(`${vk.url}/oauth2/user_info`, {
      client_id: '51234567',
      access_token: String(t['access_token']),
    })
    expect(((await ui.json()) as Json)['error']).toBe('invalid_token')
  })

  it('access tokens expire after an hour (injected clock)', async () => {
    const start = Date.now()
    vk.setNow(start)
    const t = await tokens()
    vk.setNow(start + VK_ID_TOKEN_TTL * 1000)
    const ui = await formPost(`${vk.url}/oauth2/user_info`, {
      client_id: '51234567',
      access_token: String(t['access_token']),
    })
    vk.clock.reset()
    expect(((await ui.json()) as Json)['error']).toBe('invalid_token')
  })
})
