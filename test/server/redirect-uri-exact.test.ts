import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchRedirectUri } from '../../runtime/server/lib/redirect-uri.js'
import { CHALLENGE, type Fixture, setup } from './fixtures.js'
import { listen } from './listen.js'
import { allowed, type Case, uriCase } from './uri-variants.js'

let f: Fixture
let origin: string
let close: () => Promise<void>

beforeAll(async () => {
  ;({ f, origin, close } = await listen((issuer) =>
    setup({
      issuer,
      authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
      endSession: async () => undefined,
    }),
  ))
})

afterAll(() => close())

/** The client every run registers its URI for, as a redirect URI and a post-logout one. */
async function register(uri: string): Promise<void> {
  await f.store.saveClient({
    clientId: 'prop',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [uri],
    postLogoutRedirectUris: [uri],
    grantTypes: ['authorization_code'],
    responseTypes: ['code'],
    scope: 'openid',
  })
}

const get = (path: string, params: Record<string, string>) =>
  fetch(`${origin}${path}?${new URLSearchParams(params)}`, { redirect: 'manual' })

const authorize = (redirectUri: string) =>
  get('/authorize', {
    client_id: 'prop',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    nonce: 'n',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  })

const logout = (target: string) =>
  get('/logout', { client_id: 'prop', post_logout_redirect_uri: target, state: 'st' })

const RUNS = { numRuns: 200, seed: 8252 }

/** Shows the case in a failure message, with control characters escaped. */
const shown = (c: Case) => JSON.stringify(c)

/** Each endpoint that redirects to a registered URI: how to ask, what its redirect carries, its refusal. */
const endpoints: [string, { send: (uri: string) => Promise<Response>; carries: string; refusal: string }][] =
  [
    [
      'the authorization endpoint redirects with a code',
      { send: authorize, carries: 'code', refusal: 'redirect_uri is not registered for this client' },
    ],
    [
      'the end-session endpoint redirects (post_logout_redirect_uri)',
      {
        send: logout,
        carries: 'state',
        refusal: 'post_logout_redirect_uri is not registered for this client',
      },
    ],
  ]

/** [name, registered, requested, accepted] */
const loopbackCases: [string, string, string, boolean][] = [
  ['another port', 'http://127.0.0.1/cb', 'http://127.0.0.1:51004/cb', true],
  ['no port', 'http://[::1]:8080/cb?x=1', 'http://[::1]/cb?x=1', true],
  ['upper-case scheme', 'http://127.0.0.1/cb', 'HTTP://127.0.0.1:1/cb', false],
  ['empty query', 'http://127.0.0.1/cb', 'http://127.0.0.1:1/cb?', false],
  ['empty fragment', 'http://127.0.0.1/cb', 'http://127.0.0.1:1/cb#', false],
  ['encoded dots', 'http://127.0.0.1/cb', 'http://127.0.0.1:1/x/%2e%2e/cb', false],
  ['trailing tab', 'http://127.0.0.1/cb', 'http://127.0.0.1:1/cb\t', false],
  ['embedded newline', 'http://127.0.0.1/cb', 'http://127.0.0.1:1/c\nb', false],
  ['short IPv4', 'http://127.0.0.1/cb', 'http://127.1:1/cb', false],
  ['long IPv6', 'http://[::1]/cb', 'http://[0:0:0:0:0:0:0:1]:1/cb', false],
  ['userinfo', 'http://127.0.0.1/cb', 'http://u@127.0.0.1:1/cb', false],
  ['port out of range', 'http://127.0.0.1/cb', 'http://127.0.0.1:65536/cb', false],
  ['empty port', 'http://127.0.0.1/cb', 'http://127.0.0.1:/cb', false],
  ['default port, not loopback', 'https://app.example/cb', 'https://app.example:443/cb', false],
]

describe('redirect URIs compare as strings (RFC 9700 §4.1.3, RFC 8252 §7.3)', () => {
  it.each(endpoints)('%s to the registered string (or its loopback port twin) only', async (_name, e) => {
    await fc.assert(
      fc.asyncProperty(uriCase, async (c) => {
        await register(c.registered.uri)
        const res = await e.send(c.variant)
        const location = res.headers.get('location')
        if (allowed(c.registered, c.variant)) {
          expect(res.status, shown(c)).toBe(302)
          expect(new URL(location ?? '').searchParams.get(e.carries), shown(c)).toBeTruthy()
        } else {
          expect([res.status, location], shown(c)).toEqual([400, null])
          expect(await res.text()).toContain(e.refusal)
        }
      }),
      RUNS,
    )
  })

  it.each(loopbackCases)('matchRedirectUri: %s', (_name, registered, requested, accepted) => {
    expect(matchRedirectUri(requested, [registered])).toBe(accepted)
  })
})
