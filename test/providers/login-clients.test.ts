import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { github, githubLogin } from '../../generated/providers/github.js'
import { google, googleLogin } from '../../generated/providers/google.js'
import {
  followAuthorize,
  type GithubEmulator,
  type GoogleEmulator,
  startGithubEmulator,
  startGoogleEmulator,
} from '../emulators/index.js'
import { rejection } from '../helpers/rejection.js'
import { githubEmulatorOverrides } from './lib/github-emulator.js'

/**
 * The sign-in-only clients (`githubLogin`, `googleLogin`) against the emulators over real HTTP on
 * 127.0.0.1: the same flow, checks and tokens as the full clients, from the data the generator
 * emits instead of the spec module.
 */
const REDIRECT = 'http://127.0.0.1/callback'
let gh: GithubEmulator
let goo: GoogleEmulator

const ghClients = [
  { clientId: 'gh-app', clientSecret: 'app-secret', callbackUrls: [REDIRECT], githubApp: true },
]
const gooClients = [
  { clientId: 'web.apps.googleusercontent.com', clientSecret: 'GOCSPX-web', redirectUris: [REDIRECT] },
]

beforeAll(async () => {
  gh = await startGithubEmulator({
    users: [
      {
        id: 1,
        login: 'octocat',
        name: 'The Octocat',
        email: null,
        emails: [{ email: 'octo@example.com', primary: true, verified: true, visibility: null }],
      },
    ],
    clients: ghClients,
  })
  goo = await startGoogleEmulator({
    users: [
      {
        sub: '1002',
        email: 'grace@corp.example',
        email_verified: true,
        name: 'Grace Hopper',
        given_name: 'Grace',
        family_name: 'Hopper',
        picture: 'https://lh3.googleusercontent.com/a/grace',
        hd: 'corp.example',
      },
    ],
    clients: gooClients,
  })
})
afterAll(async () => {
  await gh.close()
  await goo.close()
})

const ghConfig = () => ({
  clientId: 'gh-app',
  clientSecret: 'app-secret',
  redirectUri: REDIRECT,
  endpointOverrides: githubEmulatorOverrides(gh),
})
const gooConfig = () => ({
  clientId: 'web.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-web',
  redirectUri: REDIRECT,
  endpointOverrides: { issuer: goo.url, revocation: `${goo.url}/revoke`, api: goo.url },
})

describe('githubLogin: sign-in without profile or API', () => {
  it('has the sign-in methods of github() and nothing else', () => {
    const login = githubLogin(ghConfig())
    expect(Object.keys(login).sort()).toEqual([
      'authorizationUrl',
      'callback',
      'id',
      'refresh',
      'restore',
      'revoke',
    ])
    expect(Object.keys(github(ghConfig())).sort()).toEqual([...Object.keys(login), 'api', 'profile'].sort())
  })

  it('logs in, refreshes, restores and revokes with the quirks of the spec', async () => {
    gh.login.userId = '1'
    const login = githubLogin(ghConfig())
    const { url, session } = await login.authorizationUrl({ scopes: ['read:user', 'user:email'] })
    expect(url.searchParams.get('scope')).toBe('read:user user:email')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const cb = await followAuthorize(url)
    expect(cb.searchParams.get('iss')).toBe('https://github.com/login/oauth')
    const tokens = await login.callback(cb, session)
    expect(tokens.accessToken).toMatch(/^ghu_/)
    expect(tokens.fields.refresh_token_expires_in).toBe(15897600)
    // Comma-delimited granted scopes, read with the spec's response delimiter.
    expect(tokens.scopes).toEqual(['read:user', 'user:email'])
    const renewed = await login.refresh(login.restore(JSON.stringify(tokens), { scopes: ['user:email'] }))
    expect(renewed.accessToken).not.toBe(tokens.accessToken)
    // Tokens are the full client's: its profile reads them.
    expect((await github(ghConfig()).profile(renewed)).email).toBe('octo@example.com')
    await login.revoke(renewed)
    const req = gh.state.requests.filter((r) => r.path === '/api/applications/gh-app/token').at(-1)
    expect(req?.method).toBe('DELETE')
    // The revocation URL is on the API host: the spec's API headers (User-Agent) go along.
    expect(req?.headers['user-agent']).toBe('authspec')
    expect(gh.state.tokens.get(renewed.accessToken)?.revoked).toBe(true)
  })

  it('refuses what the full client refuses: an undocumented scope, a stale state, an error sent with 200', async () => {
    const login = githubLogin(ghConfig())
    await expect(login.authorizationUrl({ scopes: ['nope' as 'repo'] })).rejects.toThrow(/does not document/)
    const { url, session } = await login.authorizationUrl()
    const cb = await followAuthorize(url)
    cb.searchParams.set('state', 'x'.repeat(43))
    expect((await rejection(login.callback(cb, session))).code).toBe('STATE_MISMATCH')
    const again = await login.authorizationUrl()
    const cb2 = await followAuthorize(again.url)
    await login.callback(cb2, again.session)
    // The code is spent: GitHub answers bad_verification_code with HTTP 200.
    const err = await rejection(login.callback(cb2, again.session))
    expect(err).toMatchObject({ error: 'bad_verification_code', status: 200 })
  })
})

describe('googleLogin: OpenID Connect sign-in without profile or API', () => {
  it('discovers, validates the ID token (hd claim included), refreshes and revokes', async () => {
    goo.login.userId = '1002'
    const login = googleLogin(gooConfig())
    const { url, session } = await login.authorizationUrl({
      params: { access_type: 'offline', prompt: 'consent', hd: 'corp.example' },
    })
    expect(url.searchParams.get('nonce')).toBe(session.transaction.nonce)
    const tokens = await login.callback(await followAuthorize(url), session)
    expect(tokens.claims).toMatchObject({ iss: goo.issuer, sub: '1002', hd: 'corp.example' })
    expect(tokens.refreshToken).toBeTypeOf('string')
    const renewed = await login.refresh(tokens)
    expect(renewed.claims?.sub).toBe('1002')
    expect((await google(gooConfig()).profile(renewed)).id).toBe('1002')
    await login.revoke(renewed)
    expect((await rejection(login.refresh(renewed))).error).toBe('invalid_grant')
  })

  it('refuses an ID token whose hd is not the one asked for', async () => {
    goo.login.userId = '1002'
    const login = googleLogin(gooConfig())
    const { url, session } = await login.authorizationUrl({ params: { hd: 'other.example' } })
    const err = await rejection(login.callback(await followAuthorize(url), session))
    expect(err).toMatchObject({ code: 'JWT_CLAIM_INVALID', claim: 'hd' })
  })
})
