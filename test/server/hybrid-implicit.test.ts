import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { hybridGrant, implicitGrant, openIdExtension, pkceExtension } from '../../runtime/server/index.js'
import { halfHash } from '../../runtime/server/lib/id-token.js'
import {
  authorizeUrl,
  basic,
  formRequest,
  ISSUER,
  setup,
  VERIFIER,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './fixtures.js'

const TYPES = ['code id_token', 'code token', 'code id_token token', 'id_token', 'id_token token'] as const

async function hybridSetup() {
  const f = await setup()
  for (const t of TYPES) {
    if (t.startsWith('code'))
      f.server.registerGrant(hybridGrant(t as 'code id_token'), [pkceExtension(), openIdExtension()])
    else f.server.registerGrant(implicitGrant(t as 'id_token'), [openIdExtension()])
  }
  const web = (await f.store.getClient('web'))!
  await f.store.saveClient({ ...web, responseTypes: ['code', ...TYPES] })
  return f
}

async function authorize(f: Awaited<ReturnType<typeof setup>>, params: Record<string, string>) {
  const res = await f.server.createAuthorizationResponse(new Request(authorizeUrl(params)), {
    user: { sub: 'alice', authTime: f.clock.now / 1000 },
    approved: true,
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

describe('hybrid and implicit response types (OIDC Core §3.2, §3.3)', () => {
  it('are off by default: not registered, not in metadata', async () => {
    const f = await setup()
    expect(f.server.metadata()['response_types_supported']).toEqual(['code'])
    const loc = await authorize(f, { ...webAuthorizeParams, response_type: 'id_token token' })
    expect(loc.search).toBe('')
    expect(Object.fromEntries(new URLSearchParams(loc.hash.slice(1)))).toEqual({
      error: 'unsupported_response_type',
      error_description: 'this response_type is not supported',
      state: 'st-1',
      iss: ISSUER,
    })
  })

  it('metadata lists exactly the registered response types and fragment mode', async () => {
    const f = await hybridSetup()
    expect(f.server.metadata()['response_types_supported']).toEqual(['code', ...TYPES])
    expect(f.server.metadata()['response_modes_supported']).toEqual(['query', 'fragment', 'form_post'])
  })

  it.each(TYPES)('%s: answers in the fragment with c_hash/at_hash bound ID tokens', async (type) => {
    const f = await hybridSetup()
    // Value order does not matter (Multiple Response Types §3).
    const loc = await authorize(f, {
      ...webAuthorizeParams,
      response_type: type.split(' ').reverse().join(' '),
    })
    expect(loc.origin + loc.pathname).toBe(WEB_REDIRECT)
    expect(loc.search).toBe('')
    const p = Object.fromEntries(new URLSearchParams(loc.hash.slice(1)))
    expect([p['state'], p['iss']]).toEqual(['st-1', ISSUER])
    expect(p['code'] !== undefined).toBe(type.includes('code'))
    expect(p['access_token'] !== undefined).toBe(type.split(' ').includes('token'))
    expect(p['id_token'] !== undefined).toBe(type.includes('id_token'))
    if (p['access_token']) expect([p['token_type'], p['expires_in']]).toEqual(['Bearer', '3600'])
    if (p['id_token']) {
      const { payload } = await jwtVerify(p['id_token'], createLocalJWKSet(await f.keys.jwks()), {
        issuer: ISSUER,
        audience: 'web',
        currentDate: new Date(f.clock.now),
      })
      expect(payload['nonce']).toBe('n-1')
      expect(payload['c_hash']).toBe(p['code'] ? await halfHash(p['code'], 'RS256') : undefined)
      expect(payload['at_hash']).toBe(
        p['access_token'] ? await halfHash(p['access_token'], 'RS256') : undefined,
      )
    }
    if (p['code']) {
      const res = await f.server.tokenEndpoint(
        formRequest(
          '/token',
          {
            grant_type: 'authorization_code',
            code: p['code'],
            redirect_uri: WEB_REDIRECT,
            code_verifier: VERIFIER,
          },
          { authorization: basic('web', 'web-secret') },
        ),
      )
      expect(res.status).toBe(200)
      const body = (await res.json()) as Record<string, string>
      if (p['access_token']) {
        // A replayed code revokes the front-channel access token too (same grant).
        const again = await f.server.tokenEndpoint(
          formRequest(
            '/token',
            {
              grant_type: 'authorization_code',
              code: p['code'],
              redirect_uri: WEB_REDIRECT,
              code_verifier: VERIFIER,
            },
            { authorization: basic('web', 'web-secret') },
          ),
        )
        expect(again.status).toBe(400)
        const info = await f.server.userinfoEndpoint(
          new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${p['access_token']}` } }),
        )
        expect(info.status).toBe(401)
      }
      expect(body['id_token']).toBeTruthy()
    }
  })

  it.each([
    ['without nonce', { nonce: undefined }, 'invalid_request', 'nonce is required for this response_type'],
    [
      'without openid',
      { scope: 'profile' },
      'invalid_request',
      'response_type with id_token needs the openid scope',
    ],
    [
      'with response_mode=query',
      { response_mode: 'query' },
      'invalid_request',
      'response_mode=query is not allowed for this response_type',
    ],
  ])('code id_token %s -> %s in the fragment', async (_name, change, error, description) => {
    const f = await hybridSetup()
    const params: Record<string, string> = { ...webAuthorizeParams, response_type: 'code id_token' }
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete params[k]
      else params[k] = v
    }
    const loc = await authorize(f, params)
    expect(Object.fromEntries(new URLSearchParams(loc.hash.slice(1)))).toEqual({
      error,
      error_description: description,
      state: 'st-1',
      iss: ISSUER,
    })
  })

  it('plain OAuth token without openid needs no nonce; with openid it does', async () => {
    const f = await hybridSetup()
    f.server.registerGrant(implicitGrant('token'), [openIdExtension()])
    const web = (await f.store.getClient('web'))!
    await f.store.saveClient({ ...web, responseTypes: [...(web.responseTypes ?? []), 'token'] })
    const { nonce: _nonce, ...withoutNonce } = webAuthorizeParams as Record<string, string>
    const plain = await authorize(f, { ...withoutNonce, response_type: 'token', scope: 'profile' })
    const answer = Object.fromEntries(new URLSearchParams(plain.hash.slice(1)))
    expect(answer).toMatchObject({ token_type: 'Bearer', state: 'st-1' })
    expect(answer['error']).toBeUndefined()
    const oidc = await authorize(f, { ...withoutNonce, response_type: 'token', scope: 'openid' })
    expect(new URLSearchParams(oidc.hash.slice(1)).get('error_description')).toBe(
      'nonce is required for this response_type',
    )
  })

  it('a client not registered for a response type gets unauthorized_client', async () => {
    const f = await hybridSetup()
    const loc = await authorize(f, {
      ...webAuthorizeParams,
      client_id: 'native',
      redirect_uri: 'http://127.0.0.1/cb',
      response_type: 'id_token',
    })
    expect(new URLSearchParams(loc.hash.slice(1)).get('error')).toBe('unauthorized_client')
  })

  it('form_post may be asked for instead of the fragment', async () => {
    const f = await hybridSetup()
    const res = await f.server.createAuthorizationResponse(
      new Request(
        authorizeUrl({ ...webAuthorizeParams, response_type: 'code id_token', response_mode: 'form_post' }),
      ),
      { user: { sub: 'alice' }, approved: true },
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('name="id_token"')
    expect(html).toContain('name="code"')
  })

  it('refuses unknown response type names at construction', () => {
    expect(() => hybridGrant('token' as 'code token')).toThrow(
      '"responseType" must be one of: code id_token, code token, code id_token token',
    )
    expect(() => implicitGrant('code' as 'token')).toThrow(
      '"responseType" must be one of: id_token, id_token token, token',
    )
  })
})
