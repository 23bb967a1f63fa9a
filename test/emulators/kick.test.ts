import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kick } from '../../generated/providers/kick.js'
import { rejection } from '../helpers/rejection.js'
import { KICK_API, KICK_ID, type KickEmulator, startKickEmulator } from './kick.js'
import { followAuthorize } from './lib/client.js'

/** The generated `kick` client against the Kick emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/kick'
let emu: KickEmulator
const client = (clientSecret = 'k-secret') =>
  kick({
    clientId: 'k-1',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [KICK_ID]: emu.url, [KICK_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startKickEmulator({
    users: [
      {
        user_id: 4242,
        name: 'streamer',
        email: 's@example.com',
        profile_picture: 'https://files.kick.com/p.png',
      },
    ],
    clients: [{ clientId: 'k-1', clientSecret: 'k-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

describe('kick emulator with the generated client', () => {
  it('full login: PKCE S256, profile from data[0], refresh, revoke with the token in the query', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(await c.profile(tokens)).toMatchObject({ id: '4242', name: 'streamer', email: 's@example.com' })
    const refreshed = await c.refresh(tokens)
    await c.revoke(refreshed.accessToken)
    const revoke = emu.state.requests.find((r) => r.path === '/oauth/revoke')!
    expect(revoke.query['token']).toBe(refreshed.accessToken)
    expect(emu.state.revoked).toContain(refreshed.accessToken)
  })

  it('PKCE plain or none is refused; a wrong secret is invalid_client', async () => {
    const q = (extra: Record<string, string>) =>
      `${emu.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'k-1', redirect_uri: REDIRECT, state: 's', ...extra })}`
    expect((await followAuthorize(q({}))).searchParams.get('error')).toBe('invalid_request')
    const plain = await followAuthorize(q({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }))
    expect(plain.searchParams.get('error')).toBe('invalid_request')
    const bad = client('wrong')
    const { url, session } = await bad.authorizationUrl()
    expect(await rejection(bad.callback(await followAuthorize(url), session))).toMatchObject({
      error: 'invalid_client',
    })
  })
})
