import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { line } from '../../generated/providers/line.js'
import { rejection } from '../helpers/rejection.js'
import { followAuthorize } from './lib/client.js'
import { tamperPayload } from './lib/keys.js'
import { LINE_API, LINE_ISSUER, type LineEmulator, startLineEmulator } from './line.js'

/** The generated `line` client against the LINE Login emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/line'
let emu: LineEmulator
const client = (clientSecret = 'channel-secret-1') =>
  line({
    clientId: '1234567890',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [LINE_ISSUER]: emu.url, [LINE_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startLineEmulator({
    users: [
      {
        userId: 'U4af4980629',
        displayName: 'Brown',
        pictureUrl: 'https://profile.line-scdn.net/abc',
        email: 'brown@example.com',
      },
    ],
    clients: [{ clientId: '1234567890', channelSecret: 'channel-secret-1', callbackUrls: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

async function start(c = client(), scopes?: ('openid' | 'profile' | 'email')[]) {
  const { url, session } = await c.authorizationUrl(scopes ? { scopes } : {})
  return { callback: await followAuthorize(url), session }
}

describe('line emulator with the generated client', () => {
  it('full login: PKCE, HS256 ID token, profile, refresh, revoke', async () => {
    const c = client()
    const { callback, session } = await start(c, ['openid', 'profile', 'email'])
    const tokens = await c.callback(callback, session)
    expect(tokens.claims).toMatchObject({
      iss: LINE_ISSUER,
      aud: '1234567890',
      sub: 'U4af4980629',
      email: 'brown@example.com',
    })
    const authorize = emu.state.requests.find((r) => r.path === '/oauth2/v2.1/authorize')!
    expect(authorize.query['code_challenge_method']).toBe('S256')
    expect(await c.profile(tokens)).toMatchObject({
      id: 'U4af4980629',
      name: 'Brown',
      email: 'brown@example.com',
    })
    const refreshed = await c.refresh(tokens)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    await c.revoke(refreshed.accessToken)
    expect(emu.state.revoked).toContain(refreshed.accessToken)
  })

  it('a tampered HS256 ID token is refused', async () => {
    emu.tamperIdToken = (jwt) => tamperPayload(jwt, { sub: 'Uattacker' })
    try {
      const c = client()
      const { callback, session } = await start(c)
      const err = await rejection(c.callback(callback, session))
      expect(err.code).toMatch(/JWS|SIGNATURE|ID_TOKEN/)
    } finally {
      emu.tamperIdToken = undefined
    }
  })

  it('a wrong channel secret is refused as invalid_client', async () => {
    const c = client('wrong')
    const { callback, session } = await start(c)
    expect(await rejection(c.callback(callback, session))).toMatchObject({ error: 'invalid_client' })
  })

  it('the profile API needs the profile scope', async () => {
    const c = client()
    const { callback, session } = await start(c, ['openid'])
    const tokens = await c.callback(callback, session)
    const res = await fetch(`${emu.url}/v2/profile`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(res.status).toBe(403)
  })
})
