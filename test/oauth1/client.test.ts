// Client-side checks: argument errors, callback parsing, and how credentials responses are read.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  buildAuthorizationUrl,
  parseAuthorizationCallback,
  parseOAuthProblem,
  requestTemporaryCredentials,
  requestTokenCredentials,
  type SignRequestInput,
  signRequest,
} from '../../runtime/oauth1/index.js'

const consumer = { key: 'ck', secret: 'cs' }

describe('signRequest argument checks', () => {
  const base: SignRequestInput = { method: 'GET', url: 'https://example.com/r', consumer }
  it.each<[string, Partial<SignRequestInput>, RegExp]>([
    ['a body placement on GET', { placement: 'body' }, /placement/],
    [
      'a body placement with a JSON body',
      { method: 'POST', placement: 'body', body: '{}', contentType: 'application/json' },
      /placement/,
    ],
    ['a reserved extra oauth parameter', { extraOAuthParams: { oauth_nonce: 'x' } }, /extraOAuthParams/],
    ['an extra parameter without oauth_', { extraOAuthParams: { scope: 'x' } }, /extraOAuthParams/],
    ['a relative callback', { callback: '/cb' }, /callback/],
    ['a realm with a quote', { realm: 'a"b' }, /realm/],
    ['a non-http URL', { url: 'ftp://example.com/' }, /"url"/],
    [
      'an oauth_ parameter already in the query',
      { url: 'https://example.com/r?oauth_token=x' },
      /protocol parameter/,
    ],
    ['an empty consumer key', { consumer: { key: '', secret: 's' } }, /consumer\.key/],
    ['an unknown signature method', { signatureMethod: 'HMAC-MD5' as 'HMAC-SHA1' }, /signatureMethod/],
    ['HMAC without a secret', { consumer: { key: 'ck' } }, /consumer\.secret/],
  ])('rejects %s with an ArgumentError', async (_name, patch, message) => {
    const err = await signRequest({ ...base, ...patch }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(message)
  })

  it('uses a fresh CSPRNG nonce and the injected clock', async () => {
    const a = await signRequest({ ...base, now: () => 1_700_000_000_999 })
    const b = await signRequest({ ...base, now: () => 1_700_000_000_999 })
    expect(a.oauthParams['oauth_timestamp']).toBe('1700000000')
    expect(a.oauthParams['oauth_nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(a.oauthParams['oauth_nonce']).not.toBe(b.oauthParams['oauth_nonce'])
  })
})

describe('buildAuthorizationUrl', () => {
  it('adds oauth_token and extra parameters', () => {
    const url = buildAuthorizationUrl('https://photos.example.net/authorize?lang=en', 'hh5s93j4hdidpola', {
      force_login: 'true',
    })
    expect(url.href).toBe(
      'https://photos.example.net/authorize?lang=en&force_login=true&oauth_token=hh5s93j4hdidpola',
    )
  })

  it.each<[string, () => unknown]>([
    ['plain http to a public host', () => buildAuthorizationUrl('http://photos.example.net/authorize', 't')],
    ['an empty token', () => buildAuthorizationUrl('https://photos.example.net/authorize', '')],
    ['oauth_token in extra', () => buildAuthorizationUrl('https://p.example/a', 't', { oauth_token: 'x' })],
  ])('rejects %s', (_name, call) => {
    expect(call).toThrow(ArgumentError)
  })
})

describe('parseAuthorizationCallback', () => {
  const temporary = { key: 'hh5s93j4hdidpola' }
  it('returns the verifier of RFC 5849 §1.2', () => {
    expect(
      parseAuthorizationCallback(
        'http://printer.example.com/ready?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884',
        temporary,
      ),
    ).toEqual({ token: 'hh5s93j4hdidpola', verifier: 'hfdp7dh39dks9884' })
  })

  it.each([
    ['another session token', '?oauth_token=hh5s93j4hdidpolb&oauth_verifier=v', 'OAUTH1_TOKEN_MISMATCH'],
    ['no oauth_token', '?oauth_verifier=v', 'OAUTH1_TOKEN_MISMATCH'],
    ['no verifier', '?oauth_token=hh5s93j4hdidpola', 'OAUTH1_MISSING_VERIFIER'],
    ['a problem report', '?oauth_problem=user_refused', 'OAUTH1_PROBLEM'],
  ])('rejects %s', (_name, query, code) => {
    expect(() => parseAuthorizationCallback(`http://printer.example.com/ready${query}`, temporary)).toThrow(
      expect.objectContaining({ code }),
    )
  })
})

describe('parseOAuthProblem', () => {
  const res = (status: number, headers: Record<string, string>, body: string) => ({
    status,
    headers: new Headers(headers),
    body,
  })
  it('reads the WWW-Authenticate challenge, even after another scheme', () => {
    const err = parseOAuthProblem(
      res(
        401,
        {
          'WWW-Authenticate':
            'Bearer realm="x", OAuth realm="Photos", oauth_problem="token_expired", oauth_problem_advice="log%20in%20again"',
        },
        '',
      ),
    )
    expect(err).toMatchObject({
      code: 'OAUTH1_PROBLEM',
      error: 'token_expired',
      error_description: 'log in again',
      status: 401,
    })
  })

  it('reads a form body with any content type, and names absent parameters', () => {
    const err = parseOAuthProblem(
      res(
        400,
        { 'Content-Type': 'text/plain' },
        'oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce%26oauth_token\n',
      ),
    )
    expect(err).toMatchObject({
      error: 'parameter_absent',
      claim: 'oauth_nonce&oauth_token',
      error_description: 'absent parameters: oauth_nonce&oauth_token',
    })
  })

  it.each([
    ['an HTML page', res(401, { 'Content-Type': 'text/html' }, '<p>oauth_problem</p>')],
    ['a Bearer challenge', res(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, '')],
    ['a success body', res(200, {}, 'oauth_token=a&oauth_token_secret=b')],
  ])('returns undefined for %s', (_name, r) => {
    expect(parseOAuthProblem(r)).toBeUndefined()
  })
})

describe('credentials responses', () => {
  let server: Server
  let origin = ''
  const replies: Record<string, { status: number; type: string; body: string }> = {
    '/plain': {
      status: 200,
      type: 'text/plain',
      body: 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true\n',
    },
    '/false': {
      status: 200,
      type: 'application/x-www-form-urlencoded',
      body: 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=false',
    },
    '/no-token': {
      status: 200,
      type: 'application/x-www-form-urlencoded',
      body: 'oauth_token_secret=s&oauth_callback_confirmed=true',
    },
    '/json-error': {
      status: 400,
      type: 'application/json',
      body: '{"error":"invalid_request","error_description":"nope"}',
    },
    '/html-500': { status: 500, type: 'text/html', body: '<h1>oops</h1>' },
    '/problem-200': {
      status: 200,
      type: 'application/x-www-form-urlencoded',
      body: 'oauth_problem=consumer_key_rejected&oauth_problem_advice=suspended',
    },
  }
  const seen: string[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      const r = replies[new URL(req.url ?? '/', 'http://x').pathname]!
      res.writeHead(r.status, { 'content-type': r.type })
      res.end(r.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('accepts a form body labelled text/plain and sends extra parameters signed in the body', async () => {
    const temp = await requestTemporaryCredentials(`${origin}/plain`, {
      consumer,
      callback: 'oob',
      params: { scope: 'photos' },
    })
    expect(temp).toEqual({ key: 't', secret: 's', callbackConfirmed: true, extra: {} })
    expect(seen.at(-1)).toMatch(/^POST \/plain OAuth .*oauth_callback="oob"/)
  })

  it.each([
    ['/false', { code: 'OAUTH1_CALLBACK_NOT_CONFIRMED' }],
    ['/no-token', { code: 'INVALID_RESPONSE', claim: 'oauth_token' }],
    ['/json-error', { code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_request', status: 400 }],
    ['/html-500', { code: 'INVALID_RESPONSE', status: 500 }],
    [
      '/problem-200',
      { code: 'OAUTH1_PROBLEM', error: 'consumer_key_rejected', error_description: 'suspended' },
    ],
  ])('temporary credentials from %s fail with %o', async (path, want) => {
    await expect(
      requestTemporaryCredentials(`${origin}${path}`, { consumer, callback: 'oob' }),
    ).rejects.toMatchObject(want)
  })

  it('token credentials keep the extra fields and reject a missing verifier argument', async () => {
    const temporary = { key: 'tt', secret: 'ts' }
    const token = await requestTokenCredentials(`${origin}/plain`, { consumer, temporary, verifier: 'v' })
    expect(token).toEqual({ key: 't', secret: 's', extra: { oauth_callback_confirmed: 'true' } })
    expect(seen.at(-1)).toContain('oauth_verifier="v"')
    await expect(
      requestTokenCredentials(`${origin}/plain`, { consumer, temporary, verifier: '' }),
    ).rejects.toThrow(ArgumentError)
  })

  it('refuses plain http to a host that is not loopback', async () => {
    await expect(
      requestTemporaryCredentials('http://photos.example.net/initiate', { consumer, callback: 'oob' }),
    ).rejects.toThrow(ArgumentError)
  })
})
