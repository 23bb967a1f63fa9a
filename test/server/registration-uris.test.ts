import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertAbsoluteUri } from '../../runtime/server/lib/absolute-uri.js'
import { type Fixture, setup } from './fixtures.js'
import { listen } from './listen.js'
import { CONTROL_OR_SPACE, registeredUri } from './uri-variants.js'

let f: Fixture
let origin: string
let close: () => Promise<void>

beforeAll(async () => {
  ;({ f, origin, close } = await listen((issuer) =>
    setup({ issuer, registration: { open: true }, endSession: async () => undefined }),
  ))
})

afterAll(() => close())

const register = async (metadata: Record<string, unknown>) => {
  const res = await fetch(`${origin}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token_endpoint_auth_method: 'none', ...metadata }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** URI-valued members other than the redirect targets, one URI or a list of them. */
const OTHER_MEMBERS: [string, 'one' | 'list'][] = [
  ['backchannel_logout_uri', 'one'],
  ['client_uri', 'one'],
  ['client_uri#ja', 'one'],
  ['frontchannel_logout_uri', 'one'],
  ['initiate_login_uri', 'one'],
  ['jwks_uri', 'one'],
  ['logo_uri', 'one'],
  ['policy_uri', 'one'],
  ['request_uris', 'list'],
  ['sector_identifier_uri', 'one'],
  ['tos_uri', 'one'],
]

/** A registrable URI with one control or whitespace character inserted anywhere. */
const withControl = fc
  .tuple(registeredUri, fc.nat(), fc.constantFrom(...CONTROL_OR_SPACE))
  .map(([r, at, c]) => {
    const i = at % (r.uri.length + 1)
    return { base: r.uri, uri: r.uri.slice(0, i) + c + r.uri.slice(i) }
  })

const RUNS = { numRuns: 150, seed: 3986 }

describe('registration keeps only RFC 3986 URIs as written', () => {
  it('registers every generated redirect URI and reads it back byte for byte (RFC 7592 GET)', async () => {
    await fc.assert(
      fc.asyncProperty(registeredUri, async ({ uri }) => {
        const { status, body } = await register({ redirect_uris: [uri], post_logout_redirect_uris: [uri] })
        expect(status, uri).toBe(201)
        const read = await fetch(body['registration_client_uri'] as string, {
          headers: { authorization: `Bearer ${body['registration_access_token']}` },
        })
        expect(await read.json()).toMatchObject({ redirect_uris: [uri], post_logout_redirect_uris: [uri] })
      }),
      { ...RUNS, numRuns: 50 },
    )
  })

  it.each(['redirect_uris', 'post_logout_redirect_uris'])(
    'refuses a control character or whitespace anywhere in %s with invalid_redirect_uri',
    async (member) => {
      await fc.assert(
        fc.asyncProperty(withControl, async ({ base, uri }) => {
          const { status, body } = await register({ redirect_uris: [base], [member]: [uri] })
          expect([status, body['error']], JSON.stringify(uri)).toEqual([400, 'invalid_redirect_uri'])
        }),
        RUNS,
      )
    },
  )

  it('refuses a control character or whitespace in any other URI member with invalid_client_metadata', async () => {
    await fc.assert(
      fc.asyncProperty(withControl, fc.constantFrom(...OTHER_MEMBERS), async ({ uri }, [member, shape]) => {
        const { status, body } = await register({
          redirect_uris: ['https://app.example/cb'],
          [member]: shape === 'one' ? uri : [uri],
        })
        expect([status, body['error']], JSON.stringify([member, uri])).toEqual([
          400,
          'invalid_client_metadata',
        ])
        expect(body['error_description']).toContain(member.split('#')[0])
      }),
      RUNS,
    )
  })

  /** [name, text, refusal or undefined when accepted] */
  const texts: [string, string, string | undefined][] = [
    ['https', 'https://app.example/cb?x=1&y', undefined],
    ['loopback IPv6 with port', 'http://[::1]:8080/cb', undefined],
    ['private-use scheme', 'com.example.app:/cb', undefined],
    ['URN', 'urn:ietf:params:oauth:request_uri:abc', undefined],
    ['sub-delims and escapes', "https://app.example/a!$&'()*+,;=:@/%C3%BC?%2F/?", undefined],
    ['tab', 'https://app.example/c\tb', 'must not contain whitespace or control characters'],
    ['trailing newline', 'https://app.example/cb\n', 'must not contain whitespace or control characters'],
    ['no-break space', 'https://app.example/c\u00a0b', 'must not contain whitespace or control characters'],
    ['relative', '/cb', 'must be absolute'],
    ['unparseable', 'https://[::1/cb', 'must be absolute'],
    ['fragment', 'https://app.example/cb#', 'must not have a fragment'],
    ['userinfo', 'https://user@app.example/cb', 'must not have userinfo'],
    ['raw IDN', 'https://bücher.example/cb', 'must be an RFC 3986 URI'],
    ['bad escape', 'https://app.example/%zz', 'must be an RFC 3986 URI'],
    ['backslash', 'https://app.example\\cb', 'must be an RFC 3986 URI'],
    ['quote', 'https://app.example/"cb"', 'must be an RFC 3986 URI'],
    ['bracket in path', 'https://app.example/[cb]', 'must be an RFC 3986 URI'],
    ['https without authority', 'https:app.example/cb', 'must have a host'],
    ['https with empty host', 'https:///cb', 'must have a host'],
  ]
  it.each(texts)('assertAbsoluteUri: %s', (_name, text, refusal) => {
    let thrown: unknown
    try {
      assertAbsoluteUri(text, 'client_uri', 'invalid_client_metadata')
    } catch (err) {
      thrown = err
    }
    if (refusal === undefined) expect(thrown).toBeUndefined()
    else
      expect(thrown).toMatchObject({
        error: 'invalid_client_metadata',
        error_description: `client_uri ${refusal}`,
      })
  })
})

describe('post_logout_redirect_uris (OIDC RP-Initiated Logout §3.1)', () => {
  it('is stored, returned, read and used by the end-session endpoint; a PUT without it removes it', async () => {
    const after = 'https://app.example/bye?from=op'
    const { status, body } = await register({
      redirect_uris: ['https://app.example/cb'],
      post_logout_redirect_uris: [after],
    })
    expect(status).toBe(201)
    expect(body['post_logout_redirect_uris']).toEqual([after])
    const clientId = body['client_id'] as string
    expect((await f.store.getClient(clientId))?.postLogoutRedirectUris).toEqual([after])

    const logout = () =>
      fetch(
        `${origin}/logout?${new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: after, state: 's' })}`,
        {
          redirect: 'manual',
        },
      )
    const out = await logout()
    expect(out.status).toBe(302)
    expect(out.headers.get('location')).toBe(`${after}&state=s`)

    const auth = { authorization: `Bearer ${body['registration_access_token']}` }
    const put = await fetch(body['registration_client_uri'] as string, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: ['https://app.example/cb'],
      }),
    })
    expect(await put.json()).not.toHaveProperty('post_logout_redirect_uris')
    expect((await logout()).status).toBe(400)
  })
})
