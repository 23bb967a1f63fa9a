// The runtime side of what the generated types promise (client-shape-types.test.ts), over HTTP on
// 127.0.0.1: restored tokens claim only the scopes named and had, Google's profile refuses tokens
// without openid, and a spec without refresh tokens gets none from the mock and refuses to refresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import { everySupport } from '../../runtime/provider/support.js'
import {
  followAuthorize,
  type GithubEmulator,
  type GoogleEmulator,
  startGithubEmulator,
  startGoogleEmulator,
} from '../emulators/index.js'
import { minimalSpec } from '../helpers/minimal-spec.js'
import { githubEmulatorOverrides } from './lib/github-emulator.js'

const REDIRECT = 'http://127.0.0.1/callback'

/** What a call throws or rejects with; fails the test when it does neither. */
async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to fail')
}
let gh: GithubEmulator
let goo: GoogleEmulator
let mock: MockProvider
const noRefresh = minimalSpec({ refresh: 'unsupported', docs: { refresh: 'https://quirky.example/docs' } })

beforeAll(async () => {
  gh = await startGithubEmulator({
    users: [{ id: 7, login: 'octocat', name: 'The Octocat', email: 'o@example.com', emails: [] }],
    clients: [{ clientId: 'app', clientSecret: 'secret', callbackUrls: [REDIRECT] }],
  })
  gh.login.userId = '7'
  goo = await startGoogleEmulator({
    users: [
      {
        sub: '1001',
        email: 'ada@example.com',
        email_verified: true,
        name: 'Ada',
        given_name: 'Ada',
        family_name: 'L',
        picture: 'https://lh3.example/a.png',
      },
    ],
    clients: [{ clientId: 'web', clientSecret: 'GOCSPX-web', redirectUris: [REDIRECT] }],
  })
  goo.login.userId = '1001'
  mock = await createMockProvider(noRefresh)
})
afterAll(async () => {
  await gh.close()
  await goo.close()
  await mock.close()
})

const githubClient = () =>
  github({
    clientId: 'app',
    clientSecret: 'secret',
    redirectUri: REDIRECT,
    endpointOverrides: githubEmulatorOverrides(gh),
  })

const googleClient = () =>
  google({
    clientId: 'web',
    clientSecret: 'GOCSPX-web',
    redirectUri: REDIRECT,
    endpointOverrides: { issuer: goo.url, revocation: `${goo.url}/revoke`, api: goo.url },
  })

describe('restore', () => {
  it('promises no scope without options, and only scopes the stored tokens were asked for', async () => {
    const c = githubClient()
    const { url, session } = await c.authorizationUrl({ scopes: ['read:user'] })
    const stored = JSON.stringify(await c.callback(await followAuthorize(url), session))
    expect(c.restore(stored).requested).toEqual([])
    const err = await thrown(() => c.restore(stored, { scopes: ['user:email'] }))
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: /"user:email"/ })
    const back = c.restore(stored, { scopes: ['read:user'] })
    expect(back.requested).toEqual(['read:user'])
    const me = await c.profile(back)
    expect(me.raw.login).toBe('octocat')
  })
})

describe('Google profile and openid', () => {
  it('refuses tokens asked for without openid, before any request', async () => {
    const c = googleClient()
    const { url, session } = await c.authorizationUrl({ scopes: ['email', 'profile'] })
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.claims).toBeUndefined()
    const before = goo.state.requests.length
    // The type refuses this call (client-shape-types.test.ts); plain JavaScript gets the error.
    const err = await thrown(() => c.profile(tokens as never))
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: /"openid"/ })
    expect(goo.state.requests.length).toBe(before)
  })

  it('maps the ID token when openid was asked for', async () => {
    const c = googleClient()
    const { url, session } = await c.authorizationUrl({ scopes: ['openid', 'email'] })
    const me = await c.profile(await c.callback(await followAuthorize(url), session))
    expect(me).toMatchObject({ id: '1001', email: 'ada@example.com', emailVerified: true })
  })
})

describe('refresh: unsupported', () => {
  it('the mock issues no refresh token and refuses the grant; the client refuses to refresh', async () => {
    const c = createClient<GenericProviderClient>(
      noRefresh,
      { clientId: 'c', clientSecret: 's', redirectUri: REDIRECT, endpointOverrides: mock.endpointOverrides },
      everySupport,
    )
    const { url, session } = await c.authorizationUrl()
    const tokens = await c.callback(await followAuthorize(url), session)
    expect(tokens.refreshToken).toBeUndefined()
    const err = await thrown(() => c.refresh({ ...tokens, refreshToken: 'r' }))
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: /no refresh\(\)/ })
    const res = await fetch(`${mock.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r', client_id: 'c' }),
    })
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })
})
