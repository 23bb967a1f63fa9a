import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tiktok } from '../../generated/providers/tiktok.js'
import { rejection } from '../helpers/rejection.js'
import { followAuthorize, formPost } from './lib/client.js'
import { startTiktokEmulator, TIKTOK_API, TIKTOK_WEB, type TiktokEmulator } from './tiktok.js'

/** The generated `tiktok` client against the TikTok Login Kit emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/tiktok'
let emu: TiktokEmulator
const client = (clientSecret = 'tt-secret') =>
  tiktok({
    clientId: 'awkey123',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [TIKTOK_WEB]: emu.url, [TIKTOK_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startTiktokEmulator({
    users: [
      {
        open_id: 'oid-1',
        union_id: 'uid-1',
        display_name: 'Tik',
        avatar_url: 'https://p16.tiktokcdn.com/a.jpeg',
        username: 'tik',
      },
    ],
    clients: [{ clientKey: 'awkey123', clientSecret: 'tt-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

describe('tiktok emulator with the generated client', () => {
  it('full login: client_key, comma-separated scopes, open_id, user info with fields, refresh, revoke', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['user.info.basic', 'user.info.profile'] })
    expect(url.searchParams.get('client_key')).toBe('awkey123')
    expect(url.searchParams.has('client_id')).toBe(false)
    expect(url.searchParams.get('scope')).toBe('user.info.basic,user.info.profile')
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.fields).toMatchObject({ open_id: 'oid-1', refresh_expires_in: 31536000 })
    const sent = new URLSearchParams(emu.state.requests.find((r) => r.path === '/v2/oauth/token/')!.body)
    expect([sent.get('client_key'), sent.has('client_id')]).toEqual(['awkey123', false])
    expect(await c.profile(tokens)).toMatchObject({
      id: 'oid-1',
      name: 'Tik',
      avatarUrl: 'https://p16.tiktokcdn.com/a.jpeg',
    })
    expect(emu.state.requests.at(-1)!.query['fields']).toBe('open_id,union_id,avatar_url,display_name')
    const refreshed = await c.refresh(tokens)
    await c.revoke(refreshed.accessToken)
    expect(emu.state.revoked).toEqual(expect.arrayContaining([tokens.accessToken, refreshed.accessToken]))
  })

  it('client_id in place of client_key is refused at both endpoints', async () => {
    const page = await fetch(
      `${emu.url}/v2/auth/authorize/?client_id=awkey123&scope=user.info.basic&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    )
    expect(page.status).toBe(400)
    const res = await formPost(`${emu.url}/v2/oauth/token/`, {
      client_id: 'awkey123',
      client_secret: 'tt-secret',
      grant_type: 'authorization_code',
      code: 'x',
    })
    expect(await res.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('space-separated scopes are an unknown scope', async () => {
    const cb = await followAuthorize(
      `${emu.url}/v2/auth/authorize/?client_key=awkey123&scope=${encodeURIComponent('user.info.basic user.info.profile')}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    )
    expect(cb.searchParams.get('error')).toBe('invalid_scope')
  })

  it('a wrong secret is invalid_client; user info needs fields and their scopes', async () => {
    const bad = client('wrong')
    const start = await bad.authorizationUrl()
    expect(await rejection(bad.callback(await followAuthorize(start.url), start.session))).toMatchObject({
      error: 'invalid_client',
    })
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['user.info.basic'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    const get = (q: string) =>
      fetch(`${emu.url}/v2/user/info/${q}`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      }).then(async (r) => ((await r.json()) as { error: { code: string } }).error.code)
    expect(await get('')).toBe('invalid_params')
    expect(await get('?fields=username')).toBe('scope_not_authorized')
  })
})
