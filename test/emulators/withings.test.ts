import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withings } from '../../generated/providers/withings.js'
import { rejection } from '../helpers/rejection.js'
import { followAuthorize, formPost } from './lib/client.js'
import { startWithingsEmulator, WITHINGS_ACCOUNT, WITHINGS_API, type WithingsEmulator } from './withings.js'

/** The generated `withings` client against the Withings emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/withings'
let emu: WithingsEmulator
const client = (clientSecret = 'w-secret') =>
  withings({
    clientId: 'w-1',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [WITHINGS_ACCOUNT]: emu.url, [WITHINGS_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startWithingsEmulator({
    users: [
      {
        userid: '363',
        devices: [{ type: 'Scale', model: 'Body Cardio', model_id: 6, deviceid: 'dev-1', battery: 'high' }],
      },
    ],
    clients: [{ clientId: 'w-1', clientSecret: 'w-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

async function signIn(c = client()) {
  const { url, session } = await c.authorizationUrl()
  return c.callback(await followAuthorize(url), session)
}

describe('withings emulator with the generated client', () => {
  it('full login: action=requesttoken, the { status, body } envelope unwrapped, userid, devices, refresh', async () => {
    const c = client()
    const tokens = await signIn(c)
    expect(
      new URLSearchParams(emu.state.requests.find((r) => r.path === '/v2/oauth2')!.body).get('action'),
    ).toBe('requesttoken')
    expect(tokens.fields).toMatchObject({ userid: '363' })
    expect((await c.profile(tokens)).id).toBe('363')
    expect((await c.api.getDevices(tokens)).devices).toEqual([
      expect.objectContaining({ deviceid: 'dev-1', model: 'Body Cardio' }),
    ])
    const refreshed = await c.refresh(tokens)
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
  })

  it('errors come as HTTP 200 with a non-zero status, and the client throws them', async () => {
    const bad = client('wrong')
    const { url, session } = await bad.authorizationUrl()
    const cb = await followAuthorize(url)
    const raw = await formPost(`${emu.url}/v2/oauth2`, {
      action: 'requesttoken',
      grant_type: 'authorization_code',
      client_id: 'w-1',
      client_secret: 'wrong',
      code: cb.searchParams.get('code')!,
      redirect_uri: REDIRECT,
    })
    expect(raw.status).toBe(200)
    expect(await raw.json()).toMatchObject({ status: 401 })
    await rejection(bad.callback(cb, session))
  })

  it('an API error under HTTP 200 (expired token, status 401) is thrown by the client', async () => {
    const c = client()
    const tokens = await signIn(c)
    emu.clock.advance(10800 * 1000 + 1000)
    try {
      await expect(c.api.getDevices(tokens)).rejects.toThrow(/invalid_token|401/)
    } finally {
      emu.clock.reset()
    }
  })

  it('a token request without action=requesttoken is refused (status 503)', async () => {
    const res = await formPost(`${emu.url}/v2/oauth2`, {
      grant_type: 'authorization_code',
      client_id: 'w-1',
      client_secret: 'w-secret',
      code: 'x',
    })
    expect([res.status, ((await res.json()) as { status: number }).status]).toEqual([200, 503])
  })
})
