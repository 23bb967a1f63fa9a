// The verifier, called with `new Request(...)` (no server needed).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  createMemoryNonceStore,
  createOAuth1Verifier,
  type OAuth1VerifierOptions,
  oauth1ProblemResponse,
  type SignedRequest,
  type SignRequestInput,
  signRequest,
} from '../../runtime/oauth1/index.js'

const NOW = Date.parse('2026-05-01T00:00:00Z')
const consumer = { key: 'ck', secret: 'cs' }
const token = { key: 'tk', secret: 'ts' }
type Options = OAuth1VerifierOptions<{ secret: string }, { secret: string }>

function verifier(extra: Partial<Options> = {}) {
  return createOAuth1Verifier<{ secret: string }, { secret: string }>({
    lookupConsumer: (key) => (key === consumer.key ? { secret: consumer.secret } : undefined),
    lookupToken: (key) => (key === token.key ? { secret: token.secret } : undefined),
    now: () => NOW,
    ...extra,
  })
}

async function sign(input: Partial<SignRequestInput> = {}): Promise<SignedRequest> {
  return signRequest({
    method: 'GET',
    url: 'https://api.example.com/r?x=1',
    consumer,
    token,
    now: () => NOW,
    ...input,
  })
}

function toRequest(s: SignedRequest, headers: Record<string, string> = {}): Request {
  return new Request(s.url, {
    method: s.method,
    headers: { ...s.headers, ...headers },
    ...(s.body === undefined ? {} : { body: s.body as BodyInit }),
  })
}

describe('createOAuth1Verifier', () => {
  it.each([
    ['header', 'GET'],
    ['query', 'GET'],
    ['body', 'POST'],
  ] as const)('accepts parameters in the %s and leaves the body readable', async (placement, method) => {
    const body = method === 'POST' ? new URLSearchParams({ status: 'a+b c!' }) : undefined
    const request = toRequest(await sign({ placement, method, body }))
    const result = await verifier().verify(request)
    expect(result).toMatchObject({ ok: true, consumerKey: 'ck', tokenKey: 'tk', token: { secret: 'ts' } })
    if (body) expect(await request.text()).toContain('status=a%2Bb%20c%21')
  })

  it.each<
    [string, () => Promise<Request>, Partial<Options>, { problem: string; status: number; details?: object }]
  >([
    [
      'a missing nonce and token',
      async () => {
        const s = await sign({ token: undefined })
        return toRequest(s, {
          Authorization: s.headers['Authorization']!.replace(/oauth_nonce="[^"]*", /, ''),
        })
      },
      {},
      {
        problem: 'parameter_absent',
        status: 400,
        details: { oauth_parameters_absent: 'oauth_nonce&oauth_token' },
      },
    ],
    [
      'a protocol parameter sent twice',
      async () => {
        const s = await sign()
        return toRequest({ ...s, url: `${s.url}&oauth_nonce=again` })
      },
      {},
      { problem: 'parameter_rejected', status: 400 },
    ],
    [
      'a malformed Authorization header',
      async () =>
        new Request('https://api.example.com/r', { headers: { Authorization: 'OAuth oauth_nonce="open' } }),
      {},
      { problem: 'parameter_rejected', status: 400 },
    ],
    [
      'an empty oauth_token where a token is required',
      async () => toRequest(await sign({ token: { key: '', secret: '' } })),
      {},
      { problem: 'parameter_absent', status: 400, details: { oauth_parameters_absent: 'oauth_token' } },
    ],
    [
      'an OAuth credential that is not the first scheme of Authorization',
      async () => {
        const s = await sign()
        return toRequest(s, { Authorization: `Basic Zm9vOmJhcg==, ${s.headers['Authorization']!}` })
      },
      {},
      {
        problem: 'parameter_absent',
        status: 400,
        details: {
          oauth_parameters_absent:
            'oauth_consumer_key&oauth_signature_method&oauth_signature&oauth_timestamp&oauth_nonce&oauth_token',
        },
      },
    ],
    [
      'PLAINTEXT when not allowed',
      async () => toRequest(await sign({ signatureMethod: 'PLAINTEXT' })),
      {},
      { problem: 'signature_method_rejected', status: 400 },
    ],
    [
      'PLAINTEXT over plain http even when allowed',
      async () => toRequest(await sign({ signatureMethod: 'PLAINTEXT', url: 'http://api.example.com/r' })),
      { signatureMethods: ['PLAINTEXT'] },
      { problem: 'signature_method_rejected', status: 400 },
    ],
    [
      'a timestamp too far in the future',
      async () => toRequest(await sign({ now: () => NOW + 301_000 })),
      {},
      {
        problem: 'timestamp_refused',
        status: 401,
        details: { oauth_acceptable_timestamps: `${NOW / 1000 - 300}-${NOW / 1000 + 300}` },
      },
    ],
    [
      'a malformed timestamp',
      async () => {
        const s = await sign()
        return toRequest(s, {
          Authorization: s.headers['Authorization']!.replace(/oauth_timestamp="/, 'oauth_timestamp="+'),
        })
      },
      {},
      { problem: 'parameter_rejected', status: 400 },
    ],
    [
      'a tampered query',
      async () => {
        const s = await sign()
        return toRequest({ ...s, url: s.url.replace('x=1', 'x=2') })
      },
      {},
      { problem: 'signature_invalid', status: 401 },
    ],
    [
      'a body that does not match oauth_body_hash',
      async () => {
        const s = await sign({
          method: 'PUT',
          body: '{"a":1}',
          contentType: 'application/json',
          bodyHash: true,
        })
        return toRequest({ ...s, body: '{"a":2}' })
      },
      {},
      { problem: 'signature_invalid', status: 401 },
    ],
  ])('rejects %s', async (_name, request, options, want) => {
    const result = await verifier(options).verify(await request())
    expect(result).toMatchObject({
      ok: false,
      ...want,
      error: { code: 'OAUTH1_PROBLEM', error: want.problem },
    })
  })

  it('rejects oauth_version other than 1.0', async () => {
    const s = await sign({ includeVersion: true })
    const auth = s.headers['Authorization']!.replace('oauth_version="1.0"', 'oauth_version="2.0"')
    expect(await verifier().verify(toRequest(s, { Authorization: auth }))).toMatchObject({
      ok: false,
      problem: 'version_rejected',
      details: { oauth_acceptable_versions: '1.0-1.0' },
    })
  })

  it('accepts PLAINTEXT over https when listed, without nonce and timestamp (RFC 5849 §3.4.4)', async () => {
    const s = await sign({ signatureMethod: 'PLAINTEXT' })
    const auth = s.headers['Authorization']!.replace(/oauth_(timestamp|nonce)="[^"]*", /g, '')
    expect(auth).not.toMatch(/oauth_(timestamp|nonce)/)
    const v = verifier({ signatureMethods: ['PLAINTEXT'] })
    expect(await v.verify(toRequest(s, { Authorization: auth }))).toMatchObject({ ok: true })
    expect(await v.verify(toRequest(s, { Authorization: auth.replace('cs%26ts', 'cs%26tx') }))).toMatchObject(
      {
        ok: false,
        problem: 'signature_invalid',
      },
    )
  })

  it('accepts a JSON body whose oauth_body_hash matches', async () => {
    const s = await sign({ method: 'PUT', body: '{"a":1}', contentType: 'application/json', bodyHash: true })
    expect(s.oauthParams['oauth_body_hash']).toBe(createHash('sha1').update('{"a":1}').digest('base64'))
    expect(await verifier().verify(toRequest(s))).toMatchObject({ ok: true })
  })

  it('allows temporary-credential requests without a token when asked, and returns oauth_callback', async () => {
    const s = await sign({ method: 'POST', token: undefined, callback: 'oob' })
    const result = await verifier().verify(toRequest(s), { requireToken: false })
    expect(result).toMatchObject({ ok: true, tokenKey: undefined, oauthParams: { oauth_callback: 'oob' } })
  })

  it('uses requestUrl for the URL the client signed (behind a proxy)', async () => {
    const s = await sign()
    const internal = new Request(s.url.replace('https://api.example.com', 'http://10.0.0.7:8080'), {
      headers: s.headers,
    })
    expect(await verifier().verify(internal)).toMatchObject({ ok: false, problem: 'signature_invalid' })
    const v = verifier({
      requestUrl: (r) => r.url.replace('http://10.0.0.7:8080', 'https://api.example.com'),
    })
    expect(await v.verify(internal)).toMatchObject({ ok: true })
  })

  it('does not burn the nonce of a request whose signature is invalid', async () => {
    const v = verifier()
    const s = await sign({ nonce: 'fixed-nonce' })
    const forged = await v.verify(
      toRequest(s, {
        Authorization: s.headers['Authorization']!.replace(
          /oauth_signature="[^"]*"/,
          'oauth_signature="AAAA"',
        ),
      }),
    )
    expect(forged).toMatchObject({ ok: false, problem: 'signature_invalid' })
    expect(await v.verify(toRequest(s))).toMatchObject({ ok: true })
    expect(await v.verify(toRequest(s))).toMatchObject({ ok: false, problem: 'nonce_used', status: 401 })
  })
})

describe('verifier misconfiguration', () => {
  it('throws an ArgumentError when lookupConsumer returns an unusable RSA key', async () => {
    const v = createOAuth1Verifier({ lookupConsumer: () => ({ publicKey: 'not a pem' }), now: () => NOW })
    const { privateKey } = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-1',
      },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair
    const s = await sign({
      consumer: { key: 'ck', privateKey },
      signatureMethod: 'RSA-SHA1',
      token: undefined,
    })
    await expect(v.verify(toRequest(s), { requireToken: false })).rejects.toThrow(ArgumentError)
  })
})

describe('createMemoryNonceStore', () => {
  it('remembers a key for its TTL only', () => {
    let t = 1_000_000
    const store = createMemoryNonceStore({ now: () => t })
    expect(store.useOnce('a', 10)).toBe(true)
    expect(store.useOnce('a', 10)).toBe(false)
    t += 9_999
    expect(store.useOnce('a', 10)).toBe(false)
    t += 1
    expect(store.useOnce('a', 10)).toBe(true)
  })

  it('refuses new keys when full of live ones, and frees expired ones', () => {
    let t = 0
    const store = createMemoryNonceStore({ now: () => t, maxEntries: 2 })
    expect([store.useOnce('a', 5), store.useOnce('b', 5), store.useOnce('c', 5)]).toEqual([true, true, false])
    t += 5_000
    expect(store.useOnce('c', 5)).toBe(true)
  })
})

describe('oauth1ProblemResponse', () => {
  it('renders the problem in WWW-Authenticate and a form body', async () => {
    const result = await verifier().verify(toRequest(await sign({ now: () => NOW - 3_600_000 })))
    if (result.ok) throw new Error('expected a rejection')
    const res = oauth1ProblemResponse(result, { realm: 'Photos' })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe(
      `OAuth realm="Photos", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="${NOW / 1000 - 300}-${NOW / 1000 + 300}"`,
    )
    expect(Object.fromEntries(new URLSearchParams(await res.text()))).toEqual({
      oauth_problem: 'timestamp_refused',
      oauth_acceptable_timestamps: `${NOW / 1000 - 300}-${NOW / 1000 + 300}`,
    })
  })
})
