import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { etsy } from '../../generated/providers/etsy.js'
import { rejection } from '../helpers/rejection.js'
import { ETSY_API, ETSY_OPENAPI, ETSY_WWW, type EtsyEmulator, startEtsyEmulator } from './etsy.js'
import { followAuthorize, formPost } from './lib/client.js'

/** The generated `etsy` client against the Etsy emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/etsy'
let emu: EtsyEmulator
const client = (apiKey = 'keystring1:shh') =>
  etsy({
    clientId: 'keystring1',
    apiKey,
    redirectUri: REDIRECT,
    hostMap: { [ETSY_WWW]: emu.url, [ETSY_API]: emu.url, [ETSY_OPENAPI]: emu.url },
  })
const login = async (c = client()) => {
  const { url, session } = await c.authorizationUrl()
  return c.callback(await followAuthorize(url), session)
}

beforeAll(async () => {
  emu = await startEtsyEmulator({
    users: [
      {
        user_id: 5150,
        shop_id: 9001,
        primary_email: 'maker@example.com',
        first_name: 'Ada',
        last_name: 'Maker',
        image_url_75x75: 'https://i.etsystatic.com/a.jpg',
      },
    ],
    apps: [
      { clientId: 'keystring1', sharedSecret: 'shh', redirectUris: [REDIRECT] },
      { clientId: 'keystring2', sharedSecret: 'other', redirectUris: [REDIRECT] },
    ],
  })
})
afterAll(() => emu.close())

describe('etsy emulator with the generated client', () => {
  it('full login: PKCE S256 without a secret, getMe then getUser with x-api-key, refresh', async () => {
    const c = client()
    const { url } = await c.authorizationUrl()
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const tokens = await login(c)
    const exchange = emu.state.requests.findLast((r) => r.path === '/v3/public/oauth/token')!
    expect(new URLSearchParams(exchange.body).get('code_verifier')).toBeTruthy()
    expect(await c.profile(tokens)).toMatchObject({
      id: '5150',
      name: 'Ada Maker',
      email: 'maker@example.com',
      avatarUrl: 'https://i.etsystatic.com/a.jpg',
    })
    const calls = emu.state.requests.filter((r) => r.path.startsWith('/v3/application/users/'))
    expect(calls.map((r) => [r.path, r.headers['x-api-key']])).toEqual([
      ['/v3/application/users/me', 'keystring1:shh'],
      ['/v3/application/users/5150', 'keystring1:shh'],
    ])
    const refreshed = await c.refresh(tokens)
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    expect(await c.profile(refreshed)).toMatchObject({ id: '5150' })
  })

  it('API calls without x-api-key, with the keystring alone or another app key are refused', async () => {
    const tokens = await login()
    const me = (headers: Record<string, string>) =>
      fetch(`${emu.url}/v3/application/users/me`, {
        headers: { authorization: `Bearer ${tokens.accessToken}`, ...headers },
      })
    expect((await me({})).status).toBe(403)
    expect((await me({ 'x-api-key': 'keystring1' })).status).toBe(403)
    expect((await me({ 'x-api-key': 'keystring2:other' })).status).toBe(401)
    expect((await me({ 'x-api-key': 'keystring1:shh' })).status).toBe(200)
    await rejection(client('keystring1').profile(tokens))
  })

  it('an authorization request without PKCE or with plain is refused; so is a token request without the verifier', async () => {
    const { url } = await client().authorizationUrl()
    const without = new URL(url)
    without.searchParams.delete('code_challenge')
    without.searchParams.delete('code_challenge_method')
    expect((await followAuthorize(without)).searchParams.get('error')).toBe('invalid_request')
    const plain = new URL(url)
    plain.searchParams.set('code_challenge_method', 'plain')
    expect((await followAuthorize(plain)).searchParams.get('error')).toBe('invalid_request')
    const code = (await followAuthorize(url)).searchParams.get('code')!
    const noVerifier = await formPost(`${emu.url}/v3/public/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'keystring1',
      redirect_uri: REDIRECT,
      code,
    })
    expect(await noVerifier.json()).toMatchObject({ error: 'invalid_grant' })
  })
})
