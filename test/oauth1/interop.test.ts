// Interop with an independent implementation: the `oauth-1.0a` npm package signs the same
// requests (fixed nonce and timestamp) and must produce the same signatures.
import { createHash, createHmac } from 'node:crypto'
import OAuth from 'oauth-1.0a'
import { describe, expect, it } from 'vitest'
import { createOAuth1Verifier, signRequest } from '../../runtime/oauth1/index.js'

const NONCE = 'Xb4v1lkCqkOr0JpG9W0zVZ8Z9u3bR6pH'
const TIMESTAMP = 1_767_225_600
const consumer = { key: 'interop-consumer', secret: "s3cr3t!*'()" }
const token = { key: 'interop-token', secret: 'tøken secret' }

function peer(method: 'HMAC-SHA1' | 'HMAC-SHA256'): OAuth {
  const algo = method === 'HMAC-SHA1' ? 'sha1' : 'sha256'
  const oauth = new OAuth({
    consumer,
    signature_method: method,
    hash_function: (base, key) => createHmac(algo, key).update(base).digest('base64'),
    body_hash_function: (body) => createHash(algo).update(body).digest('base64'),
  })
  oauth.getNonce = () => NONCE
  oauth.getTimeStamp = () => TIMESTAMP
  return oauth
}

interface Case {
  method: string
  url: string
  form?: Record<string, string>
  json?: string
  withToken: boolean
}

const cases: Array<[string, Case]> = [
  [
    'GET with a query',
    { method: 'GET', url: 'https://api.example.com/1.1/photos?count=5&q=caf%C3%A9', withToken: true },
  ],
  ['GET without a token', { method: 'GET', url: 'https://api.example.com/request_token', withToken: false }],
  [
    'POST with a form body of reserved and multi-byte characters',
    {
      method: 'POST',
      url: 'https://api.example.com/statuses/update.json?include_entities=true',
      form: { status: "Hello Ladies + Gentlemen, a signed OAuth request! (it's *fine*) ☃ 😀", lang: 'en' },
      withToken: true,
    },
  ],
  [
    'repeated query parameters',
    { method: 'GET', url: 'https://api.example.com/search?tag=b&tag=a&tag=a%20b', withToken: true },
  ],
  [
    'DELETE with a port',
    { method: 'DELETE', url: 'https://api.example.com:8443/photos/42?force=true', withToken: true },
  ],
  [
    'PUT with a JSON body and oauth_body_hash',
    { method: 'PUT', url: 'https://api.example.com/photos/42', json: '{"title":"Beach"}', withToken: true },
  ],
]

describe('interop with the oauth-1.0a package', () => {
  for (const signatureMethod of ['HMAC-SHA1', 'HMAC-SHA256'] as const) {
    it.each(cases)(`${signatureMethod}: %s`, async (_name, c) => {
      const theirs = peer(signatureMethod).authorize(
        {
          method: c.method,
          url: c.url,
          // A copy: oauth-1.0a merges the query into the object it is given.
          ...(c.form ? { data: { ...c.form } } : {}),
          ...(c.json ? { data: c.json, includeBodyHash: true } : {}),
        },
        c.withToken ? token : undefined,
      )
      const ours = await signRequest({
        method: c.method,
        url: c.url,
        ...(c.form ? { body: new URLSearchParams(c.form) } : {}),
        ...(c.json ? { body: c.json, contentType: 'application/json', bodyHash: true } : {}),
        consumer,
        token: c.withToken ? token : undefined,
        signatureMethod,
        includeVersion: true,
        now: () => TIMESTAMP * 1000,
        nonce: NONCE,
      })
      if (c.json) expect(ours.oauthParams['oauth_body_hash']).toBe(theirs.oauth_body_hash)
      expect(ours.oauthParams['oauth_signature']).toBe(theirs.oauth_signature)
    })
  }

  it('our verifier accepts an Authorization header made by oauth-1.0a', async () => {
    const oauth = peer('HMAC-SHA256')
    const url = 'https://api.example.com/1.1/photos?count=5'
    const header = oauth.toHeader(oauth.authorize({ method: 'GET', url }, token))
    const verifier = createOAuth1Verifier({
      lookupConsumer: (key) => (key === consumer.key ? { secret: consumer.secret } : undefined),
      lookupToken: (key) => (key === token.key ? { secret: token.secret } : undefined),
      now: () => TIMESTAMP * 1000 + 5_000,
    })
    const ok = await verifier.verify(new Request(url, { headers: { Authorization: header.Authorization } }))
    expect(ok).toMatchObject({ ok: true, consumerKey: consumer.key, tokenKey: token.key })
    const tampered = await verifier.verify(
      new Request(`${url}0`, { headers: { Authorization: header.Authorization } }),
    )
    expect(tampered).toMatchObject({ ok: false, problem: 'signature_invalid' })
  })
})
