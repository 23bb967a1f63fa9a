import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { figma } from '../../generated/providers/figma.js'
import { rejection } from '../helpers/rejection.js'
import { FIGMA_API, FIGMA_WWW, type FigmaEmulator, startFigmaEmulator } from './figma.js'
import { basic, followAuthorize, formPost } from './lib/client.js'

/** The generated `figma` client against the Figma emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/figma'
let emu: FigmaEmulator
const client = (clientSecret = 'f-secret') =>
  figma({
    clientId: 'f-1',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [FIGMA_WWW]: emu.url, [FIGMA_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startFigmaEmulator({
    users: [
      { id: '1337', handle: 'designer', img_url: 'https://s3.figma.com/p.png', email: 'd@example.com' },
    ],
    clients: [{ clientId: 'f-1', clientSecret: 'f-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

describe('figma emulator with the generated client', () => {
  it('full login: Basic auth, profile from /v1/me, refresh at /v1/oauth/refresh keeping the refresh token', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(await c.profile(tokens)).toMatchObject({ id: '1337', name: 'designer', email: 'd@example.com' })
    const refreshed = await c.refresh(tokens)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    expect(refreshed.refreshToken).toBe(tokens.refreshToken)
    expect(emu.state.requests.filter((r) => r.path === '/v1/oauth/refresh')).toHaveLength(1)
    expect(await c.profile(refreshed)).toMatchObject({ id: '1337' })
  })

  it('refresh at the token endpoint is refused; credentials in the body or a wrong secret are invalid_client', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    const at = (path: string, params: Record<string, string>, auth = basic('f-1', 'f-secret')) =>
      formPost(`${emu.url}${path}`, params, auth ? { authorization: auth } : {})
    const rt = { grant_type: 'refresh_token', refresh_token: tokens.refreshToken! }
    expect(await (await at('/v1/oauth/token', rt)).json()).toMatchObject({ error: 'unsupported_grant_type' })
    const inBody = await at('/v1/oauth/refresh', { ...rt, client_id: 'f-1', client_secret: 'f-secret' }, '')
    expect(inBody.status).toBe(401)
    expect((await at('/v1/oauth/refresh', rt)).status).toBe(200)
    const bad = client('wrong')
    const second = await bad.authorizationUrl()
    expect(await rejection(bad.callback(await followAuthorize(second.url), second.session))).toMatchObject({
      error: 'invalid_client',
    })
  })
})
