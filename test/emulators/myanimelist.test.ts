import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { myanimelist } from '../../generated/providers/myanimelist.js'
import { followAuthorize, pkcePair } from './lib/client.js'
import { MAL_API, MAL_WEB, type MalEmulator, startMalEmulator } from './myanimelist.js'

/** The generated `myanimelist` client against the MyAnimeList emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/mal'
let emu: MalEmulator
const client = () =>
  myanimelist({
    clientId: 'mal-1',
    clientSecret: 'mal-secret',
    redirectUri: REDIRECT,
    hostMap: { [MAL_WEB]: emu.url, [MAL_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startMalEmulator({
    users: [
      {
        id: 1234,
        name: 'Xinil',
        picture: 'https://cdn.myanimelist.net/images/userimages/1234.jpg',
        joined_at: '2004-11-05T00:00:00+00:00',
      },
    ],
    clients: [{ clientId: 'mal-1', clientSecret: 'mal-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

const authorizeUrl = (extra: Record<string, string>) =>
  `${emu.url}/v1/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'mal-1', redirect_uri: REDIRECT, state: 's', ...extra })}`

describe('myanimelist emulator with the generated client', () => {
  it('full login with PKCE plain: verifier sent as the challenge, profile, refresh', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    expect(url.searchParams.get('code_challenge_method')).toBe('plain')
    const tokens = await c.callback(await followAuthorize(url), session)
    const sent = new URLSearchParams(emu.state.requests.find((r) => r.path === '/v1/oauth2/token')!.body)
    expect(sent.get('code_verifier')).toBe(url.searchParams.get('code_challenge'))
    expect(await c.profile(tokens)).toMatchObject({ id: '1234', name: 'Xinil' })
    const refreshed = await c.refresh(tokens)
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken)
  })

  it('S256 and a missing code_challenge are refused', async () => {
    const { challenge } = pkcePair()
    const s256 = await followAuthorize(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
    )
    expect(s256.searchParams.get('error')).toBe('invalid_request')
    expect((await followAuthorize(authorizeUrl({}))).searchParams.get('error')).toBe('invalid_request')
  })

  it('a wrong code_verifier is invalid_grant', async () => {
    const { verifier } = pkcePair()
    const cb = await followAuthorize(
      authorizeUrl({ code_challenge: verifier, code_challenge_method: 'plain' }),
    )
    const res = await fetch(`${emu.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'mal-1',
        client_secret: 'mal-secret',
        grant_type: 'authorization_code',
        code: cb.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: `${verifier}x`,
      }),
    })
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, 'invalid_grant'])
  })
})
