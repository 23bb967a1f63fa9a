import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bungie } from '../../generated/providers/bungie.js'
import { rejection } from '../helpers/rejection.js'
import { BUNGIE_WWW, type BungieEmulator, startBungieEmulator } from './bungie.js'
import { followAuthorize } from './lib/client.js'

/** The generated `bungie` client against the Bungie.net emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/bungie'
let emu: BungieEmulator
const client = (apiKey = 'b-key', clientSecret = 'b-secret') =>
  bungie({ clientId: 'b-1', clientSecret, apiKey, redirectUri: REDIRECT, hostMap: { [BUNGIE_WWW]: emu.url } })
const login = async (c = client()) => {
  const { url, session } = await c.authorizationUrl()
  return c.callback(await followAuthorize(url), session)
}

beforeAll(async () => {
  emu = await startBungieEmulator({
    users: [
      {
        bungieNetUser: {
          membershipId: '4611686018',
          uniqueName: 'Guardian#1234',
          displayName: 'Guardian',
          profilePicturePath: '/img/profile/avatars/default_avatar.gif',
        },
        destinyMemberships: [
          { membershipType: 3, membershipId: '4611686018400000001', displayName: 'Guardian' },
        ],
      },
    ],
    clients: [
      { clientId: 'b-1', clientSecret: 'b-secret', apiKey: 'b-key', redirectUris: [REDIRECT] },
      { clientId: 'b-2', clientSecret: 'other', apiKey: 'other-key', redirectUris: [REDIRECT] },
    ],
  })
})
afterAll(() => emu.close())

describe('bungie emulator with the generated client', () => {
  it('full login: no scope sent, Basic auth, X-API-Key on the API call, Response unwrapped, refresh', async () => {
    const c = client()
    const { url } = await c.authorizationUrl()
    expect(url.searchParams.has('scope')).toBe(false)
    const tokens = await login(c)
    const exchange = emu.state.requests.findLast((r) => r.path === '/Platform/App/OAuth/token/')!
    expect(exchange.headers['authorization']).toMatch(/^Basic /)
    expect(await c.profile(tokens)).toMatchObject({
      id: '4611686018',
      name: 'Guardian#1234',
      avatarUrl: 'https://www.bungie.net/img/profile/avatars/default_avatar.gif',
    })
    const call = emu.state.requests.findLast(
      (r) => r.path === '/Platform/User/GetMembershipsForCurrentUser/',
    )!
    expect(call.headers['x-api-key']).toBe('b-key')
    const refreshed = await c.refresh(tokens)
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    expect(await c.profile(refreshed)).toMatchObject({ id: '4611686018' })
  })

  it('an API call without the key, with a wrong key or with another app key is refused', async () => {
    const tokens = await login()
    const get = (headers: Record<string, string>) =>
      fetch(`${emu.url}/Platform/User/GetMembershipsForCurrentUser/`, {
        headers: { authorization: `Bearer ${tokens.accessToken}`, ...headers },
      }).then(async (r) => ({ status: r.status, body: await r.json() }))
    expect(await get({})).toMatchObject({ status: 401, body: { ErrorStatus: 'ApiKeyMissingFromRequest' } })
    expect(await get({ 'x-api-key': 'other-key' })).toMatchObject({
      body: { ErrorStatus: 'ApiInvalidOrExpiredKey' },
    })
    await rejection(client('wrong-key').profile(tokens))
  })

  it('a scope parameter or a wrong secret is refused', async () => {
    const { url } = await client().authorizationUrl()
    url.searchParams.set('scope', 'ReadBasicUserProfile')
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400)
    expect(await rejection(login(client('b-key', 'wrong')))).toMatchObject({ error: 'invalid_client' })
  })
})
