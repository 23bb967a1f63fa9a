// GitHub's offline_access: an OAuth app asks per request for an expiring token and a refresh token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { followAuthorize, type GithubEmulator, startGithubEmulator } from '../emulators/index.js'
import { githubEmulatorOverrides } from './lib/github-emulator.js'

const REDIRECT = 'http://127.0.0.1/callback'
let gh: GithubEmulator
beforeAll(async () => {
  gh = await startGithubEmulator({
    users: [{ id: 1, login: 'octocat', name: 'The Octocat', email: 'o@example.com', emails: [] }],
    clients: [{ clientId: 'oauth-app', clientSecret: 'oauth-secret', callbackUrls: [REDIRECT] }],
  })
  gh.login.userId = '1'
})
afterAll(() => gh.close())

function client() {
  return github({
    clientId: 'oauth-app',
    clientSecret: 'oauth-secret',
    redirectUri: REDIRECT,
    endpointOverrides: githubEmulatorOverrides(gh),
  })
}

describe('GitHub offline_access', () => {
  it('is sent, granted with a refresh token, and the refresh works', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['read:user', 'offline_access'] })
    expect(url.searchParams.get('scope')).toBe('read:user offline_access')
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.refreshToken).toMatch(/^ghr_/)
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() / 1000)
    const renewed = await c.refresh(tokens)
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
  })

  it('without it an OAuth app token does not expire', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl({ scopes: ['read:user'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.refreshToken).toBeUndefined()
    expect(tokens.expiresAt).toBeUndefined()
  })
})
