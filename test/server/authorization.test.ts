import { describe, expect, it } from 'vitest'
import { OAuthServerError } from '../../runtime/server/index.js'
import {
  approve,
  authorizeUrl,
  CHALLENGE,
  ISSUER,
  NATIVE_REDIRECT,
  setup,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './fixtures.js'

describe('authorization endpoint: consent split', () => {
  it('validateConsentRequest returns what the consent page renders', async () => {
    const { server } = await setup()
    const query = { ...webAuthorizeParams, prompt: 'consent', max_age: '300', login_hint: 'alice' }
    const consent = await server.validateConsentRequest(new Request(authorizeUrl(query)))
    expect(consent).toEqual({
      client: { clientId: 'web', clientName: 'Web App' },
      redirectUri: WEB_REDIRECT,
      responseType: 'code',
      responseMode: 'query',
      scopes: ['openid', 'profile', 'email'],
      state: 'st-1',
      nonce: 'n-1',
      prompt: ['consent'],
      maxAge: 300,
      loginHint: 'alice',
      acrValues: [],
      essentialAcrValues: undefined,
      idTokenHintSub: undefined,
      claims: undefined,
      loginRequired: true,
      consentRequired: true,
      // The request as it came, to save across a login form; no resource was asked for.
      parameters: new URLSearchParams(query).toString(),
    })
    expect(consent).not.toHaveProperty('resources')
  })

  it('createAuthorizationResponse redirects with code, state and iss (RFC 9207)', async () => {
    const { server, store } = await setup()
    const consent = await server.validateConsentRequest(new Request(authorizeUrl(webAuthorizeParams)))
    const res = await server.createAuthorizationResponse(consent, { user: { sub: 'alice' }, approved: true })
    expect(res.status).toBe(302)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const loc = new URL(res.headers.get('location')!)
    expect(loc.origin + loc.pathname).toBe(WEB_REDIRECT)
    expect(loc.searchParams.get('state')).toBe('st-1')
    expect(loc.searchParams.get('iss')).toBe(ISSUER)
    expect(loc.searchParams.get('code')).toMatch(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
    expect((await store.getConsent('alice', 'web'))?.scope).toBe('openid profile email')
  })

  it('a denied request redirects with access_denied, state and iss', async () => {
    const { server } = await setup()
    const res = await server.createAuthorizationResponse(new Request(authorizeUrl(webAuthorizeParams)), {
      approved: false,
    })
    const q = new URL(res.headers.get('location')!).searchParams
    expect([q.get('error'), q.get('state'), q.get('iss'), q.get('code')]).toEqual([
      'access_denied',
      'st-1',
      ISSUER,
      null,
    ])
  })

  it('prompt=none can be answered with login_required', async () => {
    const { server, store } = await setup()
    await store.saveConsent({ sub: 'alice', clientId: 'web', scope: 'openid profile email', grantedAt: 1 })
    const consent = await server.validateConsentRequest(
      new Request(authorizeUrl({ ...webAuthorizeParams, prompt: 'none' })),
      { user: { sub: 'alice' } },
    )
    expect(consent.prompt).toEqual(['none'])
    const res = await server.createAuthorizationResponse(consent, {
      approved: false,
      error: 'login_required',
    })
    const q = new URL(res.headers.get('location')!).searchParams
    expect(Object.fromEntries(q)).toEqual({
      error: 'login_required',
      error_description: 'the end-user must sign in',
      state: 'st-1',
      iss: ISSUER,
    })
  })

  it('max_age requires the app to say when the user authenticated', async () => {
    const { server, clock } = await setup()
    const req = () => new Request(authorizeUrl({ ...webAuthorizeParams, max_age: '0' }))
    await expect(
      server.createAuthorizationResponse(req(), { user: { sub: 'alice' }, approved: true }),
    ).rejects.toThrow('"decision.user.authTime" is required when the request has max_age')
    const res = await server.createAuthorizationResponse(req(), {
      user: { sub: 'alice', authTime: clock.now / 1000 },
      approved: true,
    })
    expect(res.status).toBe(302)
  })

  it('refuses a forged ConsentRequest object', async () => {
    const { server } = await setup()
    const consent = await server.validateConsentRequest(new Request(authorizeUrl(webAuthorizeParams)))
    await expect(
      server.createAuthorizationResponse(
        { ...consent, redirectUri: 'https://evil.example/cb' },
        { approved: true },
      ),
    ).rejects.toThrow(/"input" must be a Request or a ConsentRequest/)
  })

  it('the user may only narrow the scopes', async () => {
    const { server } = await setup()
    const req = () => new Request(authorizeUrl(webAuthorizeParams))
    await expect(
      server.createAuthorizationResponse(req(), {
        user: { sub: 'alice' },
        approved: true,
        scopes: ['api:write'],
      }),
    ).rejects.toThrow(/may only narrow/)
    const res = await server.createAuthorizationResponse(req(), {
      user: { sub: 'alice' },
      approved: true,
      scopes: ['openid'],
    })
    expect(res.status).toBe(302)
  })

  it('a loopback redirect URI may vary only in its port (RFC 8252 §7.3)', async () => {
    const { server } = await setup()
    const base = {
      client_id: 'native',
      response_type: 'code',
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    }
    const q = await approve(server, { ...base, redirect_uri: 'http://127.0.0.1:53127/cb' })
    expect(q.get('code')).toBeTruthy()
    for (const bad of [
      'http://127.0.0.1:53127/other',
      'http://localhost:53127/cb',
      'http://127.0.0.2:1/cb',
      'https://127.0.0.1/cb',
    ]) {
      const res = await server.authorizationEndpoint(
        new Request(authorizeUrl({ ...base, redirect_uri: bad })),
      )
      expect(res.status, bad).toBe(400)
      expect(res.headers.get('location')).toBeNull()
    }
    expect(NATIVE_REDIRECT).toBe('http://127.0.0.1/cb')
  })
})

describe('authorization endpoint: errors never redirect to an unchecked URI', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['unknown client', { ...webAuthorizeParams, client_id: 'nobody' }, 'the client is unknown'],
    ['missing client_id', { redirect_uri: WEB_REDIRECT, response_type: 'code' }, 'client_id is required'],
    [
      'unregistered redirect_uri',
      { ...webAuthorizeParams, redirect_uri: 'https://evil.example/cb' },
      'redirect_uri is not registered',
    ],
    [
      'redirect_uri with extra path',
      { ...webAuthorizeParams, redirect_uri: `${WEB_REDIRECT}/x` },
      'redirect_uri is not registered',
    ],
    [
      'redirect_uri with extra query',
      { ...webAuthorizeParams, redirect_uri: `${WEB_REDIRECT}?a=1` },
      'redirect_uri is not registered',
    ],
    [
      'redirect_uri omitted with two registered',
      { client_id: 'web', response_type: 'code' },
      'redirect_uri is required',
    ],
  ]
  it.each(cases)('%s -> error page', async (_name, params, message) => {
    const { server } = await setup()
    const res = await server.authorizationEndpoint(new Request(authorizeUrl(params)))
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const html = await res.text()
    expect(html).toContain('invalid_request')
    expect(html).toContain(message)
    await expect(server.validateConsentRequest(new Request(authorizeUrl(params)))).rejects.toMatchObject({
      error: 'invalid_request',
      redirect: undefined,
    })
  })

  it('a repeated redirect_uri is an error page, not a redirect', async () => {
    const { server } = await setup()
    const url = `${authorizeUrl(webAuthorizeParams)}&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`
    const res = await server.authorizationEndpoint(new Request(url))
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
  })
})

describe('authorization endpoint: redirected errors carry error, state and iss', () => {
  const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = webAuthorizeParams
  const cases: [string, string, Record<string, string>, string][] = [
    ['missing PKCE', 'invalid_request', noPkce, 'code_challenge is required (PKCE with S256)'],
    [
      'plain PKCE',
      'invalid_request',
      { ...webAuthorizeParams, code_challenge_method: 'plain' },
      'code_challenge_method must be S256',
    ],
    [
      'PKCE without method (defaults to plain)',
      'invalid_request',
      { ...noPkce, code_challenge: CHALLENGE },
      'code_challenge_method must be S256',
    ],
    [
      'malformed challenge',
      'invalid_request',
      { ...webAuthorizeParams, code_challenge: 'short' },
      'code_challenge is malformed',
    ],
    [
      'unknown PKCE method',
      'invalid_request',
      { ...webAuthorizeParams, code_challenge_method: 'S512' },
      'unsupported code_challenge_method',
    ],
    [
      'unsupported response_type',
      'unsupported_response_type',
      { ...webAuthorizeParams, response_type: 'foo' },
      'this response_type is not supported',
    ],
    [
      'missing response_type',
      'invalid_request',
      { ...webAuthorizeParams, response_type: '' },
      'response_type is required',
    ],
    [
      'scope not allowed',
      'invalid_scope',
      { ...webAuthorizeParams, scope: 'openid admin' },
      'scope not allowed for this client: admin',
    ],
    [
      'unknown response_mode',
      'invalid_request',
      { ...webAuthorizeParams, response_mode: 'web_message' },
      'unsupported response_mode',
    ],
    [
      'request object',
      'request_not_supported',
      { ...webAuthorizeParams, request: 'eyJ.x.y' },
      'request objects are not supported',
    ],
    [
      'prompt none with login',
      'invalid_request',
      { ...webAuthorizeParams, prompt: 'none login' },
      'prompt=none cannot be combined with other values',
    ],
    [
      'bad max_age',
      'invalid_request',
      { ...webAuthorizeParams, max_age: '-1' },
      'max_age must be a non-negative integer',
    ],
  ]
  it.each(cases)('%s -> %s', async (_name, error, params, description) => {
    const { server } = await setup()
    const res = await server.authorizationEndpoint(new Request(authorizeUrl(params)))
    expect(res.status).toBe(302)
    const loc = new URL(res.headers.get('location')!)
    expect(loc.origin + loc.pathname).toBe(WEB_REDIRECT)
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      error,
      error_description: description,
      state: 'st-1',
      iss: ISSUER,
    })
  })

  it('a repeated scope parameter is refused with a redirect', async () => {
    const { server } = await setup()
    const res = await server.authorizationEndpoint(
      new Request(`${authorizeUrl(webAuthorizeParams)}&scope=openid`),
    )
    const q = new URL(res.headers.get('location')!).searchParams
    expect([q.get('error'), q.get('error_description')]).toEqual([
      'invalid_request',
      'repeated parameter: scope',
    ])
  })

  it('PKCE may be optional for confidential clients when configured, never for public ones', async () => {
    const { server } = await setup({ pkce: { requiredFor: 'public' } })
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = webAuthorizeParams
    expect((await approve(server, noPkce)).get('code')).toBeTruthy()
    const res = await server.authorizationEndpoint(
      new Request(
        authorizeUrl({
          client_id: 'native',
          redirect_uri: NATIVE_REDIRECT,
          response_type: 'code',
          scope: 'openid',
        }),
      ),
    )
    expect(new URL(res.headers.get('location')!).searchParams.get('error_description')).toBe(
      'code_challenge is required (PKCE with S256)',
    )
  })

  it('without an authorize hook the routed endpoint shows an error page, not a code', async () => {
    const { server } = await setup()
    const res = await server.handler(new Request(authorizeUrl(webAuthorizeParams)))
    expect(res.status).toBe(501)
    expect(res.headers.get('location')).toBeNull()
  })

  it('uses the authorize hook to decide', async () => {
    const { server } = await setup({
      authorize: async (consent) => ({ user: { sub: 'alice' }, approved: consent.scopes.includes('openid') }),
    })
    const res = await server.handler(new Request(authorizeUrl(webAuthorizeParams)))
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBeTruthy()
  })

  it('validateConsentRequest throws OAuthServerError with the redirect target', async () => {
    const { server } = await setup()
    const err = await server
      .validateConsentRequest(new Request(authorizeUrl({ ...webAuthorizeParams, scope: 'admin' })))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthServerError)
    expect((err as OAuthServerError).redirect).toEqual({
      redirectUri: WEB_REDIRECT,
      state: 'st-1',
      responseMode: 'query',
    })
    const res = server.authorizationErrorResponse(err)
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope')
  })
})

describe('response_mode=form_post', () => {
  it('answers with an auto-submitting form carrying code, state and iss, under a strict CSP', async () => {
    const { server } = await setup()
    const res = await server.createAuthorizationResponse(
      new Request(
        authorizeUrl({ ...webAuthorizeParams, response_mode: 'form_post', state: '"><script>x</script>' }),
      ),
      { user: { sub: 'alice' }, approved: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const csp = res.headers.get('content-security-policy')!
    const nonce = csp.match(/'nonce-([A-Za-z0-9_-]+)'/)![1]
    expect(csp).toContain('form-action https://app.example')
    const html = await res.text()
    expect(html).toContain(`<form method="post" action="${WEB_REDIRECT}">`)
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(html).toMatch(/<input type="hidden" name="code" value="[0-9a-f]{12}[A-Za-z0-9_-]{43}">/)
    expect(html).toContain(`<input type="hidden" name="iss" value="${ISSUER}">`)
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"')
    expect(html).not.toContain('"><script>x')
  })

  it('errors after redirect validation are posted too', async () => {
    const { server } = await setup()
    const res = await server.authorizationEndpoint(
      new Request(authorizeUrl({ ...webAuthorizeParams, response_mode: 'form_post', scope: 'admin' })),
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<input type="hidden" name="error" value="invalid_scope">')
    expect(html).toContain('<input type="hidden" name="state" value="st-1">')
  })
})
