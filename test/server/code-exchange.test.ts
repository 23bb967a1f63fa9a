import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { halfHash } from '../../runtime/server/lib/id-token.js'
import {
  approve,
  basic,
  CHALLENGE,
  formRequest,
  ISSUER,
  NATIVE_REDIRECT,
  setup,
  VERIFIER,
  WEB_REDIRECT,
  webAuthorizeParams,
  webTokens,
} from './fixtures.js'

const webAuth = { authorization: basic('web', 'web-secret') }

function exchange(code: string, extra?: Record<string, string>, headers: Record<string, string> = webAuth) {
  return formRequest(
    '/token',
    { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: VERIFIER, ...extra },
    headers,
  )
}

describe('authorization_code grant', () => {
  it('exchanges a code for access, refresh and ID tokens', async () => {
    const f = await setup()
    const { res, body } = await webTokens(f)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ])
    expect(body.scope).toBe('openid profile email')
  })

  it('signs an ID token (RS256) with nonce, at_hash, auth_time and claims by scope', async () => {
    const f = await setup()
    const authTime = Math.floor(f.clock.now / 1000) - 30
    const q = await approve(f.server, webAuthorizeParams, authTime)
    const body = await (await f.server.tokenEndpoint(exchange(q.get('code')!))).json()
    const jwks = createLocalJWKSet(await f.keys.jwks())
    const { payload, protectedHeader } = await jwtVerify(body.id_token, jwks, {
      issuer: ISSUER,
      audience: 'web',
      currentDate: new Date(f.clock.now),
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      sub: 'alice',
      nonce: 'n-1',
      auth_time: authTime,
      at_hash: await halfHash(body.access_token, 'RS256'),
      name: 'Alice Liddell',
      email: 'alice@example.org',
      email_verified: true,
    })
    expect(payload.exp! - payload.iat!).toBe(3600)
  })

  it('leaves out claims of scopes not granted', async () => {
    const f = await setup()
    const { body } = await webTokens(f, { scope: 'openid email' })
    const { payload } = await jwtVerify(body.id_token!, createLocalJWKSet(await f.keys.jwks()), {
      currentDate: new Date(f.clock.now),
    })
    expect(payload['email']).toBe('alice@example.org')
    expect(payload['name']).toBeUndefined()
  })

  it('a replayed code is refused and revokes every token issued from it', async () => {
    const f = await setup()
    const { body, code } = await webTokens(f)
    const replay = await f.server.tokenEndpoint(exchange(code))
    expect(replay.status).toBe(400)
    expect(await replay.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code was already used; its tokens are revoked',
    })
    for (const token of [body.access_token!, body.refresh_token!]) {
      const res = await f.server.introspectionEndpoint(formRequest('/introspect', { token }, webAuth))
      expect(await res.json()).toEqual({ active: false })
    }
    const refresh = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'refresh_token', refresh_token: body.refresh_token! }, webAuth),
    )
    expect((await refresh.json()).error).toBe('invalid_grant')
  })

  it('codes live at most 60 seconds', async () => {
    const f = await setup()
    const q = await approve(f.server, webAuthorizeParams)
    f.clock.now += 60_000
    const res = await f.server.tokenEndpoint(exchange(q.get('code')!))
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code has expired',
    })
    await expect(setup({ authorizationCodeTtl: 61 })).rejects.toThrow(
      '"authorizationCodeTtl" must be a positive integer <= 60',
    )
  })

  const refusals: [string, (code: string) => Request, string][] = [
    ['unknown code', () => exchange('not-a-code'), 'the authorization code is invalid'],
    [
      'redirect_uri differs',
      (c) => exchange(c, { redirect_uri: 'https://app.example/other' }),
      'redirect_uri does not match the authorization request',
    ],
    [
      'redirect_uri missing',
      (c) => exchange(c, { redirect_uri: '' }),
      'redirect_uri does not match the authorization request',
    ],
    [
      'wrong verifier',
      (c) => exchange(c, { code_verifier: 'x'.repeat(43) }),
      'code_verifier does not match the code_challenge',
    ],
    ['missing verifier', (c) => exchange(c, { code_verifier: '' }), 'code_verifier is required'],
    ['malformed verifier', (c) => exchange(c, { code_verifier: 'short' }), 'code_verifier is malformed'],
    [
      'another client',
      (c) =>
        formRequest('/token', {
          grant_type: 'authorization_code',
          code: c,
          redirect_uri: WEB_REDIRECT,
          code_verifier: VERIFIER,
          client_id: 'native',
        }),
      'the authorization code was issued to another client',
    ],
  ]
  it.each(refusals)('%s -> invalid_grant', async (_name, build, description) => {
    const f = await setup()
    const native = await f.store.getClient('native')
    await f.store.saveClient({ ...native!, redirectUris: [WEB_REDIRECT] })
    const q = await approve(f.server, webAuthorizeParams)
    const res = await f.server.tokenEndpoint(build(q.get('code')!))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: description })
  })

  it('refuses a code_verifier for a code issued without a challenge', async () => {
    const f = await setup({ pkce: { requiredFor: 'public' } })
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = webAuthorizeParams
    const q = await approve(f.server, noPkce)
    const res = await f.server.tokenEndpoint(exchange(q.get('code')!))
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier sent for a code issued without code_challenge',
    })
    const q2 = await approve(f.server, noPkce)
    const ok = await f.server.tokenEndpoint(exchange(q2.get('code')!, { code_verifier: '' }))
    expect(ok.status).toBe(200)
  })

  it('accepts plain PKCE only when configured', async () => {
    const f = await setup({ pkce: { allowPlain: true } })
    const q = await approve(f.server, {
      ...webAuthorizeParams,
      code_challenge: VERIFIER,
      code_challenge_method: 'plain',
    })
    expect((await f.server.tokenEndpoint(exchange(q.get('code')!))).status).toBe(200)
    expect(f.server.metadata()['code_challenge_methods_supported']).toEqual(['S256', 'plain'])
  })

  it('a public client exchanges with client_id and PKCE only', async () => {
    const f = await setup()
    const q = await approve(f.server, {
      client_id: 'native',
      redirect_uri: 'http://127.0.0.1:4711/cb',
      response_type: 'code',
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', {
        grant_type: 'authorization_code',
        code: q.get('code')!,
        client_id: 'native',
        redirect_uri: 'http://127.0.0.1:4711/cb',
        code_verifier: VERIFIER,
      }),
    )
    expect(res.status).toBe(200)
    expect(NATIVE_REDIRECT).not.toBe('http://127.0.0.1:4711/cb')
  })

  it('omitting redirect_uri at both ends is allowed for OAuth-only requests with one registered URI', async () => {
    const f = await setup()
    const q = await approve(f.server, {
      client_id: 'native',
      response_type: 'code',
      scope: 'offline_access',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', {
        grant_type: 'authorization_code',
        code: q.get('code')!,
        client_id: 'native',
        code_verifier: VERIFIER,
      }),
    )
    const body = await res.json()
    expect(body.id_token).toBeUndefined()
    expect(body.refresh_token).toBeTruthy()
  })
})
