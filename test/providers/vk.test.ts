import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type VkClient, vk } from '../../generated/providers/vk.js'
import { followAuthorize, startVkIdEmulator, type VkIdEmulator } from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'

/** The generated VK ID client against the VK ID emulator over real HTTP. */
const REDIRECT = 'http://127.0.0.1/auth/vk'
let emu: VkIdEmulator

const users = [
  {
    user_id: 1234567,
    first_name: 'Иван',
    last_name: 'Петров',
    avatar: 'https://sun1-1.userapi.com/ivan.jpg',
    email: 'ivan@example.ru',
    phone: '79991234567',
    sex: 2 as const,
    verified: true,
  },
  { user_id: 7654321, first_name: 'Anna', last_name: '', avatar: 'https://sun1-1.userapi.com/anna.jpg' },
]
const clients = [{ clientId: '51234567', redirectUris: [REDIRECT] }]

beforeAll(async () => {
  emu = await startVkIdEmulator({ users, clients })
})
afterAll(() => emu.close())

function config(clientId = '51234567') {
  return {
    clientId,
    redirectUri: REDIRECT,
    endpointOverrides: {
      authorization: `${emu.url}/authorize`,
      token: `${emu.url}/oauth2/auth`,
      revocation: `${emu.url}/oauth2/revoke`,
      api: emu.url,
    },
  }
}

function client(clientId = '51234567'): VkClient {
  return vk(config(clientId))
}

async function login(userId = '1234567') {
  emu.login.userId = userId
  const c = client()
  const { url, session } = await c.authorizationUrl()
  const cb = await followAuthorize(url)
  return { c, url, cb, session, tokens: await c.callback(cb, session) }
}

describe('VK ID: login', () => {
  it('PKCE S256, device_id echoed to the token request, state sent, user_id and id_token returned', async () => {
    const { url, cb, session, tokens } = await login()
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('scope')).toBe('vkid.personal_info email')
    const deviceId = cb.searchParams.get('device_id')
    expect(deviceId).toBeTruthy()
    expect(tokens.echoed).toEqual({ device_id: deviceId })
    const form = new URLSearchParams(emu.state.requests.filter((r) => r.path === '/oauth2/auth').at(-1)?.body)
    expect(form.get('device_id')).toBe(deviceId)
    expect(form.get('code_verifier')).toBe(session.transaction.codeVerifier)
    expect(form.get('state')).toBe(session.transaction.state)
    expect(form.get('client_id')).toBe('51234567')
    expect(form.has('client_secret')).toBe(false)
    expect(tokens.fields.user_id).toBe(1234567)
    expect(tokens.scopes).toEqual(['vkid.personal_info', 'email'])
    expect(tokens.expiresAt! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590)
    const idToken = tokens.tokenSet.raw['id_token']
    expect(typeof idToken).toBe('string')
    expect(decodeJwt(idToken as string)).toMatchObject({ iss: 'VK', sub: '1234567', aud: '51234567' })
  })

  it.each([
    { name: 'the code exchange', refresh: false },
    { name: 'a refresh', refresh: true },
  ])('a token response echoing another state is refused in $name (STATE_MISMATCH)', async ({ refresh }) => {
    // A token answer for another request: the emulator's echo is swapped on the way back.
    const swap: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (!String(input).endsWith('/oauth2/auth') || !res.ok) return res
      const body = (await res.json()) as Record<string, unknown>
      return new Response(JSON.stringify({ ...body, state: 'someone-elses-state-value' }), res)
    }
    emu.login.userId = '1234567'
    const plain = client()
    const swapping = vk({ ...config(), fetch: swap })
    const c = refresh ? plain : swapping
    const { url, session } = await c.authorizationUrl()
    const callback = c.callback(await followAuthorize(url), session)
    const err = await rejection(refresh ? callback.then((t) => swapping.refresh(t)) : callback)
    expect(err).toMatchObject({ code: 'STATE_MISMATCH', claim: 'state' })
  })

  it('a callback whose device_id was tampered with is refused by the token endpoint (typed)', async () => {
    emu.login.userId = '1234567'
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const cb = await followAuthorize(url)
    cb.searchParams.set('device_id', 'another-device')
    const err = await rejection(c.callback(cb, session))
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_grant', status: 400 })
    expect(err.error_description).toMatch(/device_id/)
  })

  it('an unknown app is invalid_client (401); a denied login is access_denied', async () => {
    emu.clients.set('999', { clientId: '999', redirectUris: [REDIRECT] })
    const c = client('999')
    const { url, session } = await c.authorizationUrl()
    const cb = await followAuthorize(url)
    emu.clients.delete('999')
    expect(await rejection(c.callback(cb, session))).toMatchObject({ error: 'invalid_client', status: 401 })
    emu.login.decision = 'deny'
    try {
      const d = client()
      const second = await d.authorizationUrl()
      const denied = await rejection(d.callback(await followAuthorize(second.url), second.session))
      expect(denied).toMatchObject({ code: 'OAUTH_AUTHORIZATION_ERROR', error: 'access_denied' })
    } finally {
      emu.login.decision = 'approve'
    }
  })
})

describe('VK ID: refresh, revocation', () => {
  it('refresh sends the device_id, rotates both tokens; the old refresh token is invalid_grant', async () => {
    const { c, tokens } = await login()
    const renewed = await c.refresh(tokens)
    const form = new URLSearchParams(emu.state.requests.filter((r) => r.path === '/oauth2/auth').at(-1)?.body)
    expect(form.get('grant_type')).toBe('refresh_token')
    expect(form.get('device_id')).toBe(tokens.echoed['device_id'])
    expect(form.get('state')?.length).toBeGreaterThanOrEqual(32)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken)
    expect(renewed.echoed).toEqual(tokens.echoed)
    expect((await c.api.getUserInfo(renewed)).user.user_id).toBe('1234567')
    expect(await rejection(c.refresh(tokens))).toMatchObject({ error: 'invalid_grant' })
  })

  it('restored tokens keep the device_id, so they can still refresh', async () => {
    const { c, tokens } = await login()
    const back = c.restore(JSON.parse(JSON.stringify(tokens)))
    expect(back.echoed).toEqual(tokens.echoed)
    expect((await c.refresh(back)).accessToken).not.toBe(tokens.accessToken)
  })

  it('revokes with client_id and access_token in a form body; the token stops working', async () => {
    const { c, tokens } = await login()
    await c.revoke(tokens)
    const req = emu.state.requests.filter((r) => r.path === '/oauth2/revoke').at(-1)
    expect(req?.contentType).toMatch(/application\/x-www-form-urlencoded/)
    expect(new URLSearchParams(req?.body).get('client_id')).toBe('51234567')
    const err = await rejection(c.api.getUserInfo(tokens))
    expect(err).toMatchObject({ code: 'API_ERROR', error: 'invalid_token', status: 401 })
  })
})

describe('VK ID: profile and user_info', () => {
  it('user_info by form POST (client_id + access_token); email only with the email scope', async () => {
    const { c, tokens } = await login()
    const info = await c.api.getUserInfo(tokens)
    expect(info.user).toMatchObject({ user_id: '1234567', first_name: 'Иван', email: 'ivan@example.ru' })
    const req = emu.state.requests.filter((r) => r.path === '/oauth2/user_info').at(-1)
    expect(req?.method).toBe('POST')
    expect(req?.contentType).toMatch(/application\/x-www-form-urlencoded/)
    const form = new URLSearchParams(req?.body)
    expect(form.get('client_id')).toBe('51234567')
    expect(form.get('access_token')).toBe(tokens.accessToken)
    expect(req?.headers['authorization']).toBeUndefined()
    expect(await c.profile(tokens)).toMatchObject({
      id: '1234567',
      name: 'Иван Петров',
      email: 'ivan@example.ru',
      avatarUrl: 'https://sun1-1.userapi.com/ivan.jpg',
    })
  })

  it('user_info fields are the documented ones: verified, sex, birthday, and phone with the phone scope', async () => {
    emu.login.userId = '1234567'
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['vkid.personal_info', 'phone'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const { user } = await c.api.getUserInfo(tokens)
    expect(user).toMatchObject({ user_id: '1234567', verified: true, sex: 2, phone: '79991234567' })
    expect(user.email).toBeUndefined()
  })

  it('without the email scope the profile type has no email and none is sent', async () => {
    emu.login.userId = '1234567'
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['vkid.personal_info'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const profile = await c.profile(tokens)
    // @ts-expect-error email is not in the profile type without the email scope
    void profile.email
    expect((await c.api.getUserInfo(tokens)).user.email).toBeUndefined()
    expect(profile).toMatchObject({ id: '1234567', email: null })
  })

  it('a user_info answer of a changed shape names the field', async () => {
    const { c, tokens } = await login('7654321')
    const u = emu.users.get('7654321')!
    const saved = u.first_name
    u.first_name = 42 as unknown as string
    try {
      const err = await rejection(c.api.getUserInfo(tokens))
      expect(err.code).toBe('INVALID_RESPONSE')
      expect(err.claim).toBe('user.first_name')
    } finally {
      u.first_name = saved
    }
  })
})
