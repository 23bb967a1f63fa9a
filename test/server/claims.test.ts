import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { generateSigningKeys } from '../../runtime/server/index.js'
import { halfHash } from '../../runtime/server/lib/id-token.js'
import {
  approve,
  authorizeUrl,
  basic,
  formRequest,
  ISSUER,
  setup,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './fixtures.js'
import { tokenFor } from './oidc-helpers.js'

const PROFILE = {
  sub: 'alice',
  name: 'Alice Liddell',
  email: 'alice@example.org',
  email_verified: true,
  phone_number: '+44 20 7946 0000',
  address: { country: 'GB' },
  picture: 'https://img.example/a.png',
}
const findUserClaims = async (sub: string) => (sub === 'alice' ? PROFILE : undefined)

async function grant(f: Awaited<ReturnType<typeof setup>>, extra: Record<string, string>) {
  const q = await approve(f.server, { ...webAuthorizeParams, ...extra })
  return tokenFor(f, q.get('code')!)
}

async function userinfo(f: Awaited<ReturnType<typeof setup>>, token: string) {
  return f.server.userinfoEndpoint(
    new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${token}` } }),
  )
}

describe('claims by scope and the claims request parameter (OIDC Core §5.4, §5.5)', () => {
  it.each([
    {
      name: 'scope openid only: just sub',
      scope: 'openid',
      claims: undefined,
      idToken: [],
      userinfo: { sub: 'alice' },
    },
    {
      name: 'scope email',
      scope: 'openid email',
      claims: undefined,
      idToken: ['email', 'email_verified'],
      userinfo: { sub: 'alice', email: PROFILE.email, email_verified: true },
    },
    {
      name: 'claims.userinfo asks for phone_number beyond the scopes',
      scope: 'openid',
      claims: { userinfo: { phone_number: { essential: true }, address: null } },
      idToken: [],
      userinfo: { sub: 'alice', phone_number: PROFILE.phone_number, address: PROFILE.address },
    },
    {
      name: 'claims.id_token asks for picture (and a claim the user does not have)',
      scope: 'openid email',
      claims: { id_token: { picture: null, nickname: { essential: true } } },
      idToken: ['email', 'email_verified', 'picture'],
      userinfo: { sub: 'alice', email: PROFILE.email, email_verified: true },
    },
    {
      name: 'protocol claims cannot be requested from the user record',
      scope: 'openid',
      claims: { id_token: { iss: null, auth_time: { essential: true } }, userinfo: { aud: null } },
      idToken: [],
      userinfo: { sub: 'alice' },
    },
  ])('$name', async ({ scope, claims, idToken, userinfo: expected }) => {
    const f = await setup({ findUserClaims })
    const body = await grant(f, { scope, ...(claims ? { claims: JSON.stringify(claims) } : {}) })
    const payload = decodeJwt(body.id_token!)
    const standard = ['iss', 'sub', 'aud', 'iat', 'exp', 'nonce', 'at_hash']
    expect(
      Object.keys(payload)
        .filter((k) => !standard.includes(k))
        .sort(),
    ).toEqual([...idToken].sort())
    expect(payload['iss']).toBe(ISSUER)
    const res = await userinfo(f, body.access_token!)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual(expected)
  })

  it('the claims request survives a refresh (userinfo of the new access token)', async () => {
    const f = await setup({ findUserClaims })
    const body = await grant(f, {
      scope: 'openid offline_access',
      claims: JSON.stringify({ userinfo: { phone_number: null } }),
    })
    const refreshed = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        { grant_type: 'refresh_token', refresh_token: body.refresh_token! },
        { authorization: basic('web', 'web-secret') },
      ),
    )
    const token = ((await refreshed.json()) as Record<string, string>).access_token!
    expect(await (await userinfo(f, token)).json()).toEqual({
      sub: 'alice',
      phone_number: PROFILE.phone_number,
    })
  })

  it.each([
    ['not JSON', '{', 'claims: not valid JSON'],
    ['an array', '[]', 'claims: must be a JSON object'],
    ['userinfo not an object', '{"userinfo":1}', 'claims: userinfo must be an object'],
    [
      'a member neither null nor object',
      '{"id_token":{"email":true}}',
      'claims: id_token.email must be null or an object',
    ],
    [
      'essential not a boolean',
      '{"id_token":{"email":{"essential":"yes"}}}',
      'claims: id_token.email.essential must be a boolean',
    ],
    [
      'values not an array',
      '{"userinfo":{"email":{"values":"a"}}}',
      'claims: userinfo.email.values must be an array',
    ],
  ])('a claims parameter that is %s is invalid_request', async (_name, claims, description) => {
    const f = await setup()
    const res = await f.server.createAuthorizationResponse(
      new Request(authorizeUrl({ ...webAuthorizeParams, claims })),
      {
        user: { sub: 'alice' },
        approved: true,
      },
    )
    const loc = new URL(res.headers.get('location')!)
    expect(loc.origin + loc.pathname).toBe(WEB_REDIRECT)
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      error: 'invalid_request',
      error_description: description,
      state: 'st-1',
      iss: ISSUER,
    })
  })

  it('the consent page sees the claims asked for', async () => {
    const f = await setup()
    const claims = { userinfo: { phone_number: { essential: true } }, other: { ignored: null } }
    const consent = await f.server.validateConsentRequest(
      new Request(authorizeUrl({ ...webAuthorizeParams, claims: JSON.stringify(claims) })),
    )
    expect(consent.claims).toEqual({ userinfo: { phone_number: { essential: true } } })
  })
})

describe('signed userinfo and per-client ID token algorithms', () => {
  it.each(['RS256', 'ES256', 'EdDSA'] as const)(
    'a client registered for %s gets ID tokens and userinfo JWTs signed with it',
    async (alg) => {
      const keys = await generateSigningKeys({ alg: 'RS256', extraAlgs: ['ES256', 'EdDSA'] })
      const f = await setup({ keys, findUserClaims })
      const web = (await f.store.getClient('web'))!
      await f.store.saveClient({ ...web, idTokenSignedResponseAlg: alg, userinfoSignedResponseAlg: alg })
      const body = await grant(f, { scope: 'openid email' })
      const jwks = createLocalJWKSet(await keys.jwks())
      expect(decodeProtectedHeader(body.id_token!).alg).toBe(alg)
      const id = await jwtVerify(body.id_token!, jwks, {
        issuer: ISSUER,
        audience: 'web',
        currentDate: new Date(f.clock.now),
      })
      expect(id.payload['at_hash']).toBe(await halfHash(body.access_token!, alg))
      const res = await userinfo(f, body.access_token!)
      expect(res.headers.get('content-type')).toBe('application/jwt')
      expect(res.headers.get('cache-control')).toBe('no-store')
      const { payload, protectedHeader } = await jwtVerify(await res.text(), jwks, {
        issuer: ISSUER,
        audience: 'web',
        currentDate: new Date(f.clock.now),
      })
      expect(protectedHeader.alg).toBe(alg)
      expect([payload.sub, payload['email']]).toEqual(['alice', PROFILE.email])
      expect(f.server.metadata()['id_token_signing_alg_values_supported']).toEqual([
        'RS256',
        'ES256',
        'EdDSA',
      ])
    },
  )

  it('registration accepts the algorithms the server holds keys for and refuses others', async () => {
    const keys = await generateSigningKeys({ alg: 'RS256', extraAlgs: ['ES256'] })
    const f = await setup({ keys, registration: { open: true } })
    const reg = (alg: string) =>
      f.server.handler(
        new Request(`${ISSUER}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            redirect_uris: ['https://rp.example/cb'],
            id_token_signed_response_alg: alg,
            userinfo_signed_response_alg: alg,
          }),
        }),
      )
    const ok = await reg('ES256')
    expect(ok.status).toBe(201)
    const md = (await ok.json()) as Record<string, string>
    expect([md['id_token_signed_response_alg'], md['userinfo_signed_response_alg']]).toEqual([
      'ES256',
      'ES256',
    ])
    for (const alg of ['none', 'EdDSA', 'HS256']) {
      const res = await reg(alg)
      expect([res.status, await res.json()]).toEqual([
        400,
        { error: 'invalid_client_metadata', error_description: `unsupported signing alg: ${alg}` },
      ])
    }
  })
})
