import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approveDeviceCode,
  CookieJar,
  type LocalProvider,
  loginThroughProvider,
  parseForms,
  startOidcProvider,
} from '../helpers/oidc-provider-server.js'
import { basicAuth, endpoint, getJson, pkcePair, postForm } from '../helpers/raw-oauth.js'

// Proves the test peer itself (oidc-provider + the HTTP login helpers) with raw HTTP calls and
// no authspec code, so that a failure in oidc-provider.test.ts is the runtime's.

let op: LocalProvider
let metadata: Record<string, unknown>

beforeAll(async () => {
  op = await startOidcProvider()
  metadata = await getJson(`${op.issuer}/.well-known/openid-configuration`)
})

afterAll(async () => {
  expect(op.serverErrors).toEqual([])
  await op.close()
})

function authorizationUrl(clientId: string, challenge: string, extra: Record<string, string> = {}): URL {
  const url = new URL(endpoint(metadata, 'authorization_endpoint'))
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: op.clients.confidential.redirectUri,
    scope: 'openid profile email offline_access',
    prompt: 'consent',
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString()
  return url
}

describe('local oidc-provider peer', () => {
  it('serves discovery for an http://127.0.0.1 issuer with the features the suite needs', () => {
    expect(metadata['issuer']).toBe(op.issuer)
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(metadata['authorization_response_iss_parameter_supported']).toBe(true)
    expect(metadata['code_challenge_methods_supported']).toEqual(['S256'])
    for (const name of [
      'token_endpoint',
      'jwks_uri',
      'userinfo_endpoint',
      'revocation_endpoint',
      'introspection_endpoint',
      'device_authorization_endpoint',
    ]) {
      expect(endpoint(metadata, name).startsWith(`${op.issuer}/`)).toBe(true)
    }
    expect(metadata['grant_types_supported']).toEqual(
      expect.arrayContaining([
        'client_credentials',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ]),
    )
  })

  it.each([
    ['form-encoded id and secret', true, 200],
    ['raw secret with ":" "%" " "', false, 401],
  ])('client_credentials with client_secret_basic: %s', async (_name, encode, want) => {
    const { clientId, clientSecret } = op.clients.confidential
    const auth = encode ? basicAuth(clientId, clientSecret) : `Basic ${btoa(`${clientId}:${clientSecret}`)}`
    const res = await postForm(
      endpoint(metadata, 'token_endpoint'),
      { grant_type: 'client_credentials' },
      { Authorization: auth },
    )
    expect(res.status).toBe(want)
    if (want === 200) expect(res.json['token_type']).toBe('Bearer')
    else expect(res.json['error']).toBe('invalid_client')
  })

  it('accepts a private_key_jwt client assertion', async () => {
    const client = op.clients.privateKeyJwt
    const tokenEndpoint = endpoint(metadata, 'token_endpoint')
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: client.alg, kid: client.kid })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(op.issuer)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(client.privateKey)
    const res = await postForm(tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    })
    expect(res.status).toBe(200)
    expect(typeof res.json['access_token']).toBe('string')
  })

  it('logs in and consents over HTTP, returning the callback with code, state and iss', async () => {
    const { verifier, challenge } = pkcePair()
    const callback = await loginThroughProvider(
      authorizationUrl(op.clients.confidential.clientId, challenge),
      {
        username: op.user.username,
        password: op.user.password,
      },
    )
    expect(`${callback.origin}${callback.pathname}`).toBe(op.clients.confidential.redirectUri)
    expect(callback.searchParams.get('state')).toBe('state-123')
    expect(callback.searchParams.get('iss')).toBe(op.issuer)
    const code = callback.searchParams.get('code')
    expect(code).toBeTruthy()

    const { clientId, clientSecret, redirectUri } = op.clients.confidential
    const res = await postForm(
      endpoint(metadata, 'token_endpoint'),
      { grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: verifier },
      { Authorization: basicAuth(clientId, clientSecret) },
    )
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email offline_access' })
    expect(typeof res.json['id_token']).toBe('string')
    expect(typeof res.json['refresh_token']).toBe('string')
  })

  it('refuses a wrong password on the login page', async () => {
    const { challenge } = pkcePair()
    await expect(
      loginThroughProvider(authorizationUrl(op.clients.confidential.clientId, challenge), {
        username: op.user.username,
        password: 'not-the-password',
      }),
    ).rejects.toThrow(/401.*Invalid user name or password/)
  })

  it('returns error=access_denied when the user denies consent', async () => {
    const { challenge } = pkcePair()
    const callback = await loginThroughProvider(
      authorizationUrl(op.clients.confidential.clientId, challenge),
      {
        ...op.user,
        consent: 'deny',
      },
    )
    expect(callback.searchParams.get('error')).toBe('access_denied')
    expect(callback.searchParams.get('code')).toBeNull()
    expect(callback.searchParams.get('iss')).toBe(op.issuer)
  })

  it('refuses an authorization request without PKCE', async () => {
    const url = authorizationUrl(op.clients.confidential.clientId, 'x')
    url.searchParams.delete('code_challenge')
    url.searchParams.delete('code_challenge_method')
    const res = await fetch(url, { redirect: 'manual' })
    const location = new URL(res.headers.get('location') ?? '', url)
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/)
  })

  it.each([['verification_uri'], ['verification_uri_complete']])(
    'approves a device code through %s',
    async (uriField) => {
      const client = op.clients.public
      const device = await postForm(endpoint(metadata, 'device_authorization_endpoint'), {
        client_id: client.clientId,
        scope: 'openid offline_access',
      })
      expect(device.status).toBe(200)
      const tokenEndpoint = endpoint(metadata, 'token_endpoint')
      const deviceCode = String(device.json['device_code'])
      const grant = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }
      const pending = await postForm(tokenEndpoint, { ...grant, client_id: client.clientId })
      expect(pending.json['error']).toBe('authorization_pending')

      const title = await approveDeviceCode(
        String(device.json[uriField]),
        String(device.json['user_code']),
        op.user,
      )
      expect(title).toBe('Device sign-in success')
      const res = await postForm(tokenEndpoint, { ...grant, client_id: client.clientId })
      expect(res.status).toBe(200)
      expect(typeof res.json['id_token']).toBe('string')
      expect(typeof res.json['refresh_token']).toBe('string')
    },
  )

  it('refuses an unknown user code on the device page', async () => {
    await expect(approveDeviceCode(`${op.issuer}/device`, 'BCDF-GHJK', op.user)).rejects.toThrow(
      /user code refused/,
    )
  })
})

describe('browser helpers', () => {
  it('keeps, replaces and expires cookies', () => {
    const jar = new CookieJar()
    const headers = (...cookies: string[]) => {
      const h = new Headers()
      for (const c of cookies) h.append('Set-Cookie', c)
      return h
    }
    jar.store(headers('a=1; path=/; httponly', 'b=2; path=/x'))
    expect(jar.header()).toBe('a=1; b=2')
    jar.store(headers('a=3', 'b=; expires=Thu, 01 Jan 1970 00:00:00 GMT'))
    expect(jar.header()).toBe('a=3')
    jar.store(headers('a=4; Max-Age=0'))
    expect(jar.header()).toBeUndefined()
  })

  it('parses forms with hidden, text and password inputs and decodes entities', () => {
    const [form, second] = parseForms(`
      <form method="post" action="/x?a=1&amp;b=2"><input type="hidden" name="xsrf" value="t&quot;k"/>
      <input
        type="text" name="user" placeholder="u"><input type="password" name="pw"></form>
      <form action='/y'></form>`)
    expect(form).toMatchObject({
      action: '/x?a=1&b=2',
      method: 'post',
      textFields: ['user'],
      passwordFields: ['pw'],
    })
    expect(Object.fromEntries(form!.fields)).toEqual({ xsrf: 't"k', user: '', pw: '' })
    expect(second).toMatchObject({ action: '/y', method: 'get' })
  })
})
