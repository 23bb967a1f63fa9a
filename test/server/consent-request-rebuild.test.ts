import { describe, expect, it } from 'vitest'
import { CHALLENGE, ISSUER, setup, VERIFIER, WEB_REDIRECT } from './fixtures.js'

const PARAMS = {
  response_type: 'code',
  client_id: 'web',
  redirect_uri: WEB_REDIRECT,
  scope: 'openid email',
  state: 'st',
  nonce: 'n',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
}
const post = (params: Record<string, string>) =>
  new Request(`${ISSUER}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  })

describe('validateConsentRequest: saving and rebuilding a request', () => {
  it('reads a POST body from a clone, so the caller can still read it', async () => {
    const { server } = await setup()
    const request = post(PARAMS)
    await server.validateConsentRequest(request)
    expect(new URLSearchParams(await request.text()).get('client_id')).toBe('web')
  })

  it('rebuilds a POST request from its parameters, and completes it', async () => {
    const { server } = await setup()
    const first = await server.validateConsentRequest(post(PARAMS))
    expect(new URLSearchParams(first.parameters).get('state')).toBe('st')
    const rebuilt = await server.validateConsentRequest(first.parameters)
    expect(rebuilt).toMatchObject({ state: 'st', nonce: 'n', scopes: ['openid', 'email'] })
    const res = await server.createAuthorizationResponse(rebuilt, { approved: true, user: { sub: 'alice' } })
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy()
  })

  it('lets a sign-in made at or after requestTime satisfy prompt=login', async () => {
    const { server, clock } = await setup()
    const requestTime = Math.floor(clock.now / 1000)
    const params = { ...PARAMS, prompt: 'login' }
    const before = { sub: 'alice', authTime: requestTime - 1 }
    const after = { sub: 'alice', authTime: requestTime }
    const old = await server.validateConsentRequest(post(params), { user: before, requestTime })
    expect(old.loginRequired).toBe(true)
    const fresh = await server.validateConsentRequest(post(params), { user: after, requestTime })
    expect(fresh.loginRequired).toBe(false)
    const noTime = await server.validateConsentRequest(post(params), { user: after })
    expect(noTime.loginRequired).toBe(true)
  })

  it('passes the granted scopes to findUserClaims', async () => {
    const seen: (readonly string[])[] = []
    const { server } = await setup({
      findUserClaims: async (sub, scopes) => {
        seen.push(scopes)
        return { sub }
      },
    })
    const consent = await server.validateConsentRequest(post(PARAMS))
    const res = await server.createAuthorizationResponse(consent, { approved: true, user: { sub: 'alice' } })
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const token = await server.handler(
      new Request(`${ISSUER}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa('web:web-secret')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: WEB_REDIRECT,
          code_verifier: VERIFIER,
        }),
      }),
    )
    expect(token.status).toBe(200)
    expect(seen).toContainEqual(['openid', 'email'])
  })
})
