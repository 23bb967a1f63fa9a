import { decodeJwt, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { OAuthServerError } from '../../runtime/server/index.js'
import {
  approve,
  authorizeUrl,
  ISSUER,
  setup,
  WEB_REDIRECT,
  webAuthorizeParams,
  webTokens,
} from './fixtures.js'
import { tokenFor } from './oidc-helpers.js'

const SCOPE = 'openid profile email'
const request = (extra: Record<string, string>) =>
  new Request(authorizeUrl({ ...webAuthorizeParams, ...extra }))

/** The redirect an OAuthServerError from validateConsentRequest turns into. */
async function redirectedError(
  promise: Promise<unknown>,
  server: Awaited<ReturnType<typeof setup>>['server'],
) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OAuthServerError)
  const res = server.authorizationErrorResponse(err)
  expect(res.status).toBe(302)
  const loc = new URL(res.headers.get('location')!)
  expect(loc.origin + loc.pathname).toBe(WEB_REDIRECT)
  return Object.fromEntries(loc.searchParams)
}

describe('OpenID requests: prompt=none', () => {
  const now = Date.UTC(2026, 0, 1) / 1000
  it.each([
    {
      name: 'no signed-in user',
      user: undefined,
      consent: SCOPE,
      extra: {},
      error: ['login_required', 'the end-user must sign in'],
    },
    {
      name: 'no stored consent',
      user: { sub: 'alice' },
      consent: undefined,
      extra: {},
      error: ['consent_required', 'the end-user has not consented to this request'],
    },
    {
      name: 'a stored consent that does not cover every scope',
      user: { sub: 'alice' },
      consent: 'openid profile',
      extra: {},
      error: ['consent_required', 'the end-user has not consented to this request'],
    },
    {
      name: 'an authentication older than max_age',
      user: { sub: 'alice', authTime: now - 61 },
      consent: SCOPE,
      extra: { max_age: '60' },
      error: ['login_required', 'the authentication is older than max_age allows'],
    },
    {
      name: 'max_age without a known auth_time',
      user: { sub: 'alice' },
      consent: SCOPE,
      extra: { max_age: '60' },
      error: ['login_required', 'the authentication is older than max_age allows'],
    },
  ])('$name -> $error.0 redirected with state and iss', async ({ user, consent, extra, error }) => {
    const f = await setup()
    if (consent) await f.store.saveConsent({ sub: 'alice', clientId: 'web', scope: consent, grantedAt: 1 })
    const q = await redirectedError(
      f.server.validateConsentRequest(request({ prompt: 'none', ...extra }), { user }),
      f.server,
    )
    expect(q).toEqual({ error: error[0], error_description: error[1], state: 'st-1', iss: ISSUER })
  })

  it('without options the app answers prompt=none itself; an approval still needs stored consent', async () => {
    const f = await setup()
    const consent = await f.server.validateConsentRequest(request({ prompt: 'none' }))
    expect([consent.loginRequired, consent.consentRequired]).toEqual([true, false])
    const res = await f.server.createAuthorizationResponse(consent, {
      user: { sub: 'alice' },
      approved: true,
    })
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('consent_required')
  })

  it('a signed-in user with consent on record gets a code without interaction', async () => {
    const f = await setup()
    await f.store.saveConsent({
      sub: 'alice',
      clientId: 'web',
      scope: `${SCOPE} offline_access`,
      grantedAt: 1,
    })
    const user = { sub: 'alice', authTime: now - 10 }
    const consent = await f.server.validateConsentRequest(request({ prompt: 'none', max_age: '60' }), {
      user,
    })
    expect([consent.loginRequired, consent.consentRequired]).toEqual([false, false])
    const res = await f.server.createAuthorizationResponse(consent, { user, approved: true })
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toMatch(/^[0-9a-f]{12}[\w-]{43}$/)
  })

  it('approving a prompt=none request for a user without consent still redirects consent_required', async () => {
    const f = await setup()
    const res = await f.server.createAuthorizationResponse(request({ prompt: 'none' }), {
      user: { sub: 'alice' },
      approved: true,
    })
    const q = new URL(res.headers.get('location')!).searchParams
    expect([q.get('error'), q.get('code')]).toEqual(['consent_required', null])
  })

  it('the routed endpoint asks currentUser and answers prompt=none with login_required', async () => {
    let asked = 0
    const f = await setup({
      currentUser: async () => {
        asked++
        return undefined
      },
      authorize: async () => {
        throw new Error('must not be reached')
      },
    })
    const res = await f.server.handler(request({ prompt: 'none' }))
    expect(asked).toBe(1)
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('login_required')
  })
})

describe('OpenID requests: prompt, max_age, hints and acr', () => {
  const now = Date.UTC(2026, 0, 1) / 1000

  it.each([
    {
      name: 'prompt=login with a user',
      extra: { prompt: 'login' },
      user: { sub: 'alice', authTime: now },
      needs: [true, false],
    },
    {
      name: 'prompt=consent with consent',
      extra: { prompt: 'consent' },
      user: { sub: 'alice', authTime: now },
      needs: [false, true],
    },
    {
      name: 'max_age exceeded',
      extra: { max_age: '5' },
      user: { sub: 'alice', authTime: now - 6 },
      needs: [true, false],
    },
    {
      name: 'max_age met',
      extra: { max_age: '5' },
      user: { sub: 'alice', authTime: now - 5 },
      needs: [false, false],
    },
    { name: 'no user', extra: {}, user: undefined, needs: [true, false] },
  ])('$name -> loginRequired/consentRequired $needs', async ({ extra, user, needs }) => {
    const f = await setup()
    await f.store.saveConsent({ sub: 'alice', clientId: 'web', scope: SCOPE, grantedAt: 1 })
    const consent = await f.server.validateConsentRequest(request(extra), { user })
    expect([consent.loginRequired, consent.consentRequired]).toEqual(needs)
  })

  it('max_age: an old auth_time is refused, a fresh one gives an ID token with auth_time', async () => {
    const f = await setup()
    const req = () => request({ max_age: '60' })
    await expect(
      f.server.createAuthorizationResponse(req(), {
        user: { sub: 'alice', authTime: now - 61 },
        approved: true,
      }),
    ).rejects.toThrow('"decision.user.authTime" is older than max_age allows: re-authenticate the end-user')
    const q = await approve(f.server, { ...webAuthorizeParams, max_age: '60' }, now - 60)
    const body = await tokenFor(f, q.get('code')!)
    expect(decodeJwt(body.id_token!)['auth_time']).toBe(now - 60)
  })

  it('id_token_hint: our ID token names its subject; another signed-in user is login_required', async () => {
    const f = await setup()
    const { body } = await webTokens(f)
    const hint = body.id_token!
    const consent = await f.server.validateConsentRequest(request({ id_token_hint: hint }), {
      user: { sub: 'alice' },
    })
    expect([consent.idTokenHintSub, consent.loginRequired]).toEqual(['alice', false])
    const other = await f.server.validateConsentRequest(request({ id_token_hint: hint }), {
      user: { sub: 'bob' },
    })
    expect(other.loginRequired).toBe(true)
    const q = await redirectedError(
      f.server.validateConsentRequest(request({ id_token_hint: hint, prompt: 'none' }), {
        user: { sub: 'bob' },
      }),
      f.server,
    )
    expect([q['error'], q['error_description']]).toEqual([
      'login_required',
      'the signed-in end-user is not the one id_token_hint names',
    ])
    const res = await f.server.createAuthorizationResponse(request({ id_token_hint: hint }), {
      user: { sub: 'bob' },
      approved: true,
    })
    const r = new URL(res.headers.get('location')!).searchParams
    expect([r.get('error'), r.get('code')]).toEqual(['login_required', null])
  })

  it.each([
    { name: 'signed by another key', prompt: undefined, error: 'invalid_request' },
    { name: 'signed by another key, prompt=none', prompt: 'none', error: 'login_required' },
    { name: 'issued to another client', prompt: undefined, error: 'invalid_request', ours: true },
    { name: 'not a JWT', prompt: undefined, error: 'invalid_request', raw: 'not-a-jwt' },
  ])('id_token_hint $name -> $error', async ({ prompt, error, ours, raw }) => {
    const f = await setup()
    const claims = { iss: ISSUER, sub: 'alice', aud: ours ? 'native' : 'web', iat: now, exp: now + 60 }
    const { privateKey } = await generateKeyPair('ES256')
    const hint =
      raw ??
      (ours
        ? await f.keys.sign(claims)
        : await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(privateKey))
    const q = await redirectedError(
      f.server.validateConsentRequest(request({ id_token_hint: hint, ...(prompt ? { prompt } : {}) }), {
        user: { sub: 'alice' },
      }),
      f.server,
    )
    expect([q['error'], q['error_description']]).toEqual([
      error,
      'id_token_hint is not a valid ID token issued by this server to this client',
    ])
  })

  it('login_hint is passed through; acr_values and claims.id_token.acr are surfaced; acr reaches the ID token', async () => {
    const f = await setup()
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:mfa', 'urn:hw'] } } })
    const consent = await f.server.validateConsentRequest(
      request({ login_hint: 'alice@example.org', acr_values: 'urn:pwd urn:mfa', claims }),
      { user: { sub: 'alice' } },
    )
    expect(consent.loginHint).toBe('alice@example.org')
    expect(consent.acrValues).toEqual(['urn:pwd', 'urn:mfa', 'urn:hw'])
    const res = await f.server.createAuthorizationResponse(consent, {
      user: { sub: 'alice', acr: 'urn:mfa' },
      approved: true,
    })
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!
    const body = await tokenFor(f, code)
    expect(decodeJwt(body.id_token!)['acr']).toBe('urn:mfa')
  })
})
