import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startgg } from '../../generated/providers/startgg.js'
import { followAuthorize, formPost } from './lib/client.js'
import { STARTGG_API, STARTGG_WWW, type StartggEmulator, startStartggEmulator } from './startgg.js'

/** The generated `startgg` client against the start.gg emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/startgg'
let emu: StartggEmulator
const client = () =>
  startgg({
    clientId: 's-1',
    clientSecret: 's-secret',
    redirectUri: REDIRECT,
    hostMap: { [STARTGG_WWW]: emu.url, [STARTGG_API]: emu.url },
  })
const login = async () => {
  const c = client()
  const { url, session } = await c.authorizationUrl()
  return { c, tokens: await c.callback(await followAuthorize(url), session) }
}

beforeAll(async () => {
  emu = await startStartggEmulator({
    users: [
      {
        id: 77,
        slug: 'user/abc123',
        name: 'Sam',
        email: 'sam@example.com',
        player: { gamerTag: 'Sammy' },
        images: [{ type: 'profile', url: 'https://images.start.gg/p.png' }],
      },
    ],
    clients: [{ clientId: 's-1', clientSecret: 's-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

describe('start.gg emulator with the generated client', () => {
  it('full login: scope repeated at the token URL, GraphQL currentUser, refresh at /oauth/refresh', async () => {
    const { c, tokens } = await login()
    const exchange = emu.state.requests.findLast((r) => r.path === '/oauth/access_token')!
    expect(new URLSearchParams(exchange.body).get('scope') ?? JSON.parse(exchange.body).scope).toBe(
      'user.identity user.email',
    )
    expect(await c.profile(tokens)).toMatchObject({
      id: '77',
      name: 'Sammy',
      email: 'sam@example.com',
      avatarUrl: 'https://images.start.gg/p.png',
    })
    const refreshed = await c.refresh(tokens)
    expect(emu.state.requests.filter((r) => r.path === '/oauth/refresh')).toHaveLength(1)
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    expect(await c.profile(refreshed)).toMatchObject({ id: '77' })
  })

  it('a token or refresh request without scope is refused; refresh at the token URL too', async () => {
    const { url } = await client().authorizationUrl()
    const code = (await followAuthorize(url)).searchParams.get('code')!
    const base = { client_id: 's-1', client_secret: 's-secret', redirect_uri: REDIRECT }
    const noScope = await formPost(`${emu.url}/oauth/access_token`, {
      ...base,
      grant_type: 'authorization_code',
      code,
    })
    expect(noScope.status).toBe(400)
    expect(await noScope.json()).toMatchObject({ error: 'invalid_request' })
    const { tokens } = await login()
    const rt = { ...base, grant_type: 'refresh_token', refresh_token: tokens.refreshToken! }
    expect(await (await formPost(`${emu.url}/oauth/refresh`, rt)).json()).toMatchObject({
      error: 'invalid_request',
    })
    const atTokenUrl = await formPost(`${emu.url}/oauth/access_token`, { ...rt, scope: 'user.identity' })
    expect(await atTokenUrl.json()).toMatchObject({ error: 'unsupported_grant_type' })
    const wider = await formPost(`${emu.url}/oauth/refresh`, { ...rt, scope: 'tournament.manager' })
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' })
  })
})
