import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuthError } from '../../runtime/errors.js'
import {
  buildAuthorizationUrl,
  createOAuth1Client,
  createOAuth1Fetch,
  fetchProtectedResource,
  type ParameterPlacement,
  parseAuthorizationCallback,
  requestTemporaryCredentials,
  requestTokenCredentials,
  type SignatureMethod,
  type SigningOptions,
  signRequest,
  type TokenCredentials,
} from '../../runtime/oauth1/index.js'
import { startOAuth1Server, type TestConsumer, type TestServer } from './server.js'

const START = Date.parse('2026-03-01T12:00:00Z')
const CALLBACK = 'http://127.0.0.1:1/ready?session=abc'

let server: TestServer
let rsaPrivate: CryptoKey

beforeAll(async () => {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  rsaPrivate = pair.privateKey
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))
  const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----\n`
  const consumers = new Map<string, TestConsumer>([
    ['printer', { secret: 'kd94hf93k423kf44' }],
    ['rsa-printer', { publicKey: pem }],
    ['legacy-printer', { secret: 'legacy-secret', legacy: true }],
  ])
  server = await startOAuth1Server(consumers, START)
})

afterAll(async () => {
  await server.close()
})

function signing(method: SignatureMethod): SigningOptions {
  const consumer =
    method === 'RSA-SHA256'
      ? { key: 'rsa-printer', privateKey: rsaPrivate }
      : { key: 'printer', secret: 'kd94hf93k423kf44' }
  return { consumer, signatureMethod: method, now: () => server.clock.now }
}

/** Runs the three legs; the test plays Jane approving on the authorization page. */
async function threeLegged(method: SignatureMethod): Promise<TokenCredentials> {
  const opts = signing(method)
  const temporary = await requestTemporaryCredentials(`${server.url}/initiate`, {
    ...opts,
    callback: CALLBACK,
  })
  expect(temporary.callbackConfirmed).toBe(true)
  const authorizeUrl = buildAuthorizationUrl(`${server.url}/authorize`, temporary)
  expect(authorizeUrl.searchParams.get('oauth_token')).toBe(temporary.key)
  const page = await fetch(authorizeUrl)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain(temporary.key)
  const approval = await fetch(`${server.url}/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ oauth_token: temporary.key, decision: 'approve' }),
    redirect: 'manual',
  })
  expect(approval.status).toBe(302)
  const callbackUrl = approval.headers.get('location')!
  expect(callbackUrl.startsWith('http://127.0.0.1:1/ready?session=abc&')).toBe(true)
  const { verifier } = parseAuthorizationCallback(callbackUrl, temporary)
  return requestTokenCredentials(`${server.url}/token`, { ...opts, temporary, verifier })
}

describe('three-legged flow against a local OAuth 1.0a server', () => {
  const cases: Array<[SignatureMethod, ParameterPlacement]> = [
    ['HMAC-SHA1', 'header'],
    ['HMAC-SHA1', 'query'],
    ['HMAC-SHA1', 'body'],
    ['HMAC-SHA256', 'header'],
    ['RSA-SHA256', 'header'],
    ['RSA-SHA256', 'query'],
    ['RSA-SHA256', 'body'],
  ]
  it.each(cases)('%s, protected resource with parameters in the %s', async (method, placement) => {
    const token = await threeLegged(method)
    expect(token.extra).toEqual({ user_id: '42', screen_name: 'jane' })
    const before = server.seen.length
    const res = await fetchProtectedResource(`${server.url}/photos?file=vacation.jpg&size=original`, {
      ...signing(method),
      token,
      placement,
      method: placement === 'body' ? 'POST' : 'GET',
      ...(placement === 'body' ? { body: new URLSearchParams({ caption: 'Beach & sun' }) } : {}),
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text())).toMatchObject({
      user: 'jane',
      consumer: method === 'RSA-SHA256' ? 'rsa-printer' : 'printer',
      query: { file: 'vacation.jpg', size: 'original' },
    })
    const sent = server.seen[before]!
    expect(sent.authorization?.startsWith('OAuth ') ?? false).toBe(placement === 'header')
    expect(sent.path.includes('oauth_signature=')).toBe(placement === 'query')
    expect(sent.body.includes('oauth_signature=')).toBe(placement === 'body')
  })

  it('signs the temporary credentials request with an RSA CryptoKey and an oob callback, without oauth_token', async () => {
    const before = server.seen.length
    await requestTemporaryCredentials(`${server.url}/initiate`, { ...signing('RSA-SHA256'), callback: 'oob' })
    const auth = server.seen[before]!.authorization!
    expect(auth).toContain('oauth_signature_method="RSA-SHA256"')
    expect(auth).toContain('oauth_callback="oob"')
    expect(auth).not.toContain('oauth_token=')
  })
})

describe('rejections', () => {
  let token: TokenCredentials
  beforeAll(async () => {
    token = await threeLegged('HMAC-SHA1')
  })

  it('rejects a replayed request (same nonce, timestamp, consumer and token)', async () => {
    const signed = await signRequest({
      method: 'GET',
      url: `${server.url}/photos?file=a.jpg`,
      consumer: { key: 'printer', secret: 'kd94hf93k423kf44' },
      token,
      now: () => server.clock.now,
    })
    const first = await fetch(signed.url, { headers: signed.headers })
    expect(first.status).toBe(200)
    const replay = await fetch(signed.url, { headers: signed.headers })
    expect(replay.status).toBe(401)
    expect(replay.headers.get('www-authenticate')).toContain('oauth_problem="nonce_used"')
  })

  const negative: Array<[string, () => Promise<unknown>, { error: string; status: number }]> = [
    [
      'a stale timestamp',
      () =>
        fetchProtectedResource(`${server.url}/photos`, {
          ...signing('HMAC-SHA1'),
          token,
          now: () => server.clock.now - 10 * 60_000,
        }),
      { error: 'timestamp_refused', status: 401 },
    ],
    [
      'a wrong signature (wrong token secret)',
      () =>
        fetchProtectedResource(`${server.url}/photos`, {
          ...signing('HMAC-SHA1'),
          token: { key: token.key, secret: 'not-the-secret' },
        }),
      { error: 'signature_invalid', status: 401 },
    ],
    [
      'an unknown consumer',
      () =>
        fetchProtectedResource(`${server.url}/photos`, {
          consumer: { key: 'nobody', secret: 'x' },
          token,
          now: () => server.clock.now,
        }),
      { error: 'consumer_key_unknown', status: 401 },
    ],
    [
      'an unknown token',
      () =>
        fetchProtectedResource(`${server.url}/photos`, {
          ...signing('HMAC-SHA1'),
          token: { key: 'nope', secret: '' },
        }),
      { error: 'token_rejected', status: 401 },
    ],
    [
      'an unknown consumer at the temporary credentials endpoint',
      () =>
        requestTemporaryCredentials(`${server.url}/initiate`, {
          consumer: { key: 'nobody', secret: 'x' },
          callback: CALLBACK,
          now: () => server.clock.now,
        }),
      { error: 'consumer_key_unknown', status: 401 },
    ],
  ]
  it.each(negative)('reports %s as an OAUTH1_PROBLEM OAuthError', async (_name, call, want) => {
    const err = await call().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(OAuthError)
    expect(err).toMatchObject({ code: 'OAUTH1_PROBLEM', ...want })
  })

  it('refuses temporary credentials without oauth_callback_confirmed=true', async () => {
    const err = await requestTemporaryCredentials(`${server.url}/initiate`, {
      consumer: { key: 'legacy-printer', secret: 'legacy-secret' },
      callback: CALLBACK,
      now: () => server.clock.now,
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'OAUTH1_CALLBACK_NOT_CONFIRMED', claim: 'oauth_callback_confirmed' })
  })

  it('parses the problem body of a wrong verifier into an OAuthError', async () => {
    const opts = signing('HMAC-SHA1')
    const temporary = await requestTemporaryCredentials(`${server.url}/initiate`, {
      ...opts,
      callback: CALLBACK,
    })
    await fetch(`${server.url}/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ oauth_token: temporary.key, decision: 'approve' }),
      redirect: 'manual',
    })
    const err = await requestTokenCredentials(`${server.url}/token`, {
      ...opts,
      temporary,
      verifier: 'guessed',
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'OAUTH1_PROBLEM',
      error: 'permission_denied',
      error_description: 'wrong verifier',
      status: 401,
    })
  })

  it('refuses a reused temporary token (single use) and reports a user refusal on the callback', async () => {
    const opts = signing('HMAC-SHA1')
    const temporary = await requestTemporaryCredentials(`${server.url}/initiate`, {
      ...opts,
      callback: CALLBACK,
    })
    const denied = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ oauth_token: temporary.key, decision: 'deny' }),
      redirect: 'manual',
    })
    expect(() => parseAuthorizationCallback(denied.headers.get('location')!, temporary)).toThrow(
      expect.objectContaining({ code: 'OAUTH1_PROBLEM', error: 'user_refused' }),
    )
    const approved = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ oauth_token: temporary.key, decision: 'approve' }),
      redirect: 'manual',
    })
    const { verifier } = parseAuthorizationCallback(approved.headers.get('location')!, temporary)
    await requestTokenCredentials(`${server.url}/token`, { ...opts, temporary, verifier })
    const again = await requestTokenCredentials(`${server.url}/token`, {
      ...opts,
      temporary,
      verifier,
    }).catch((e: unknown) => e)
    expect(again).toMatchObject({ code: 'OAUTH1_PROBLEM', error: 'token_rejected' })
  })
})

describe('createOAuth1Client and createOAuth1Fetch', () => {
  it.each(['header', 'query', 'body'] as const)(
    'run the flow and sign API calls with the parameters in the %s',
    async (placement) => {
      const client = createOAuth1Client({
        ...signing('HMAC-SHA256'),
        placement,
        callback: CALLBACK,
        endpoints: {
          temporaryCredentials: `${server.url}/initiate`,
          authorization: `${server.url}/authorize`,
          tokenCredentials: `${server.url}/token`,
        },
      })
      const { url, transaction } = await client.authorizationUrl({
        authorizationParams: { force_login: 'true' },
      })
      expect(url.searchParams.get('force_login')).toBe('true')
      expect(JSON.parse(JSON.stringify(transaction))).toEqual(transaction)
      const approval = await fetch(`${server.url}/authorize`, {
        method: 'POST',
        body: new URLSearchParams({ oauth_token: transaction.temporary.key, decision: 'approve' }),
        redirect: 'manual',
      })
      const token = await client.callback(approval.headers.get('location')!, transaction)
      expect(token.extra['screen_name']).toBe('jane')
      const api = client.fetch(token)
      const res = await api(`${server.url}/photos?file=a.jpg`, {
        method: 'POST',
        body: new URLSearchParams({ caption: "it's *mine* ☃" }),
        headers: { 'X-Trace': 'yes' },
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ user: 'jane', query: { file: 'a.jpg' } })
      const stranger = await client
        .callback(approval.headers.get('location')!, transaction)
        .catch((e: unknown) => e)
      expect(stranger).toMatchObject({ code: 'OAUTH1_PROBLEM', error: 'token_rejected' })
    },
  )

  it('signs a Request input with a JSON body and oauth_body_hash', async () => {
    const token = await threeLegged('RSA-SHA256')
    const api = createOAuth1Fetch({ ...signing('RSA-SHA256'), token, bodyHash: true })
    const before = server.seen.length
    const res = await api(
      new Request(`${server.url}/photos`, {
        method: 'PUT',
        body: '{"title":"Beach"}',
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    expect(res.status).toBe(200)
    expect(server.seen[before]!.authorization).toContain('oauth_body_hash=')
    expect(server.seen[before]!.body).toBe('{"title":"Beach"}')
    const tampered = await createOAuth1Fetch({
      ...signing('RSA-SHA256'),
      token,
      bodyHash: true,
      fetch: (input, init) => fetch(input, { ...init, body: '{"title":"Other"}' }),
    })(`${server.url}/photos`, {
      method: 'PUT',
      body: '{"title":"Beach"}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(tampered.status).toBe(401)
    expect(tampered.headers.get('www-authenticate')).toContain('oauth_problem="signature_invalid"')
  })
})
