// Independent test vectors: OAuth Core 1.0 Appendix A, the oauth.net wiki test cases, the
// X (Twitter) developer documentation example, the Body Hash extension, and node:crypto.
import { createHash, createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  computeBodyHash,
  createSignature,
  normalizeParameters,
  percentEncode,
  signatureBaseString,
  signRequest,
  verifySignature,
} from '../../runtime/oauth1/index.js'

describe('percent-encoding (oauth.net test cases)', () => {
  it.each([
    ['abcABC123', 'abcABC123'],
    ['-._~', '-._~'],
    ['%', '%25'],
    ['+', '%2B'],
    ['&=*', '%26%3D%2A'],
    ["!'()", '%21%27%28%29'],
    ['\n', '%0A'],
    [' ', '%20'],
    ['\u007F', '%7F'],
    ['\u0080', '%C2%80'],
    ['\u3001', '%E3%80%81'],
    ['😀', '%F0%9F%98%80'],
  ])('%j -> %s', (input, want) => {
    expect(percentEncode(input)).toBe(want)
  })
})

describe('normalization (oauth.net test cases)', () => {
  it.each([
    ['name=', 'name='],
    ['a=b', 'a=b'],
    ['a=b&c=d', 'a=b&c=d'],
    ['a=x!y&a=x+y', 'a=x%20y&a=x%21y'],
    ['x!y=a&x=a', 'x=a&x%21y=a'],
  ])('%s -> %s', (query, want) => {
    expect(normalizeParameters(new URLSearchParams(query))).toBe(want)
  })
})

describe('signature base strings (oauth.net test cases)', () => {
  it.each([
    ['GET', 'http://example.com/', { n: 'v' }, 'GET&http%3A%2F%2Fexample.com%2F&n%3Dv'],
    ['GET', 'http://example.com', { n: 'v' }, 'GET&http%3A%2F%2Fexample.com%2F&n%3Dv'],
    [
      'POST',
      'https://photos.example.net/request_token',
      {
        oauth_version: '1.0',
        oauth_consumer_key: 'dpf43f3p2l4k3l03',
        oauth_timestamp: '1191242090',
        oauth_nonce: 'hsu94j3884jdopsl',
        oauth_signature_method: 'PLAINTEXT',
        oauth_signature: 'ignored',
      },
      'POST&https%3A%2F%2Fphotos.example.net%2Frequest_token&oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3Dhsu94j3884jdopsl%26oauth_signature_method%3DPLAINTEXT%26oauth_timestamp%3D1191242090' +
        '%26oauth_version%3D1.0',
    ],
  ])('%s %s', (method, url, oauthParams, want) => {
    expect(signatureBaseString({ method, url, oauthParams })).toBe(want)
  })
})

describe('HMAC-SHA1 vectors', () => {
  it('oauth.net: cs="cs", empty token secret, text "bs"', async () => {
    expect(await createSignature('HMAC-SHA1', 'bs', { consumerSecret: 'cs' })).toBe(
      'egQqG5AJep5sJ7anhXju1unge2I=',
    )
  })

  it('OAuth Core 1.0 Appendix A.5: the photos request with oauth_version', async () => {
    const signed = await signRequest({
      method: 'GET',
      url: 'http://photos.example.net/photos?size=original&file=vacation.jpg',
      consumer: { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' },
      token: { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' },
      includeVersion: true,
      now: () => 1191242096_000,
      nonce: 'kllo9940pd9333jh',
    })
    expect(signed.baseString).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    )
    expect(signed.oauthParams['oauth_signature']).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=')
  })

  it('X developer docs: "Hello Ladies + Gentlemen, a signed OAuth request!"', async () => {
    const signed = await signRequest({
      method: 'POST',
      url: 'https://api.twitter.com/1/statuses/update.json?include_entities=true',
      body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
      consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
      token: {
        key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      },
      includeVersion: true,
      now: () => 1318622958_000,
      nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
    })
    expect(signed.oauthParams['oauth_signature']).toBe('tnnArxj06cWHq44gCs1OSKk/jLY=')
    expect(signed.body).toBe('status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21')
  })
})

describe('signature methods against node:crypto', () => {
  const base = 'GET&https%3A%2F%2Fexample.com%2F&a%3D%25E2%2598%2583'
  it.each([
    ['HMAC-SHA1', 'sha1'],
    ['HMAC-SHA256', 'sha256'],
  ] as const)('%s keys HMAC with encode(cs)&encode(ts)', async (method, hash) => {
    const sig = await createSignature(method, base, { consumerSecret: 'c s&', tokenSecret: 'ţ!' })
    expect(sig).toBe(createHmac(hash, 'c%20s%26&%C5%A3%21').update(base).digest('base64'))
    expect(await verifySignature(method, base, sig, { consumerSecret: 'c s&', tokenSecret: 'ţ!' })).toBe(true)
    expect(await verifySignature(method, base, sig, { consumerSecret: 'c s&', tokenSecret: 'x' })).toBe(false)
  })

  it.each([
    ['RSA-SHA1', 'sha1'],
    ['RSA-SHA256', 'sha256'],
  ] as const)('%s is RSASSA-PKCS1-v1_5 with a PKCS#8 PEM key', async (method, hash) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string
    const sig = await createSignature(method, base, { privateKey: pem })
    expect(verify(hash, Buffer.from(base), createPublicKey(spki), Buffer.from(sig, 'base64'))).toBe(true)
    expect(await verifySignature(method, base, sig, { publicKey: spki })).toBe(true)
    expect(await verifySignature(method, `${base}x`, sig, { publicKey: spki })).toBe(false)
    expect(await verifySignature(method, base, 'not base64!', { publicKey: spki })).toBe(false)
  })

  it('PLAINTEXT is encode(cs)&encode(ts)', async () => {
    expect(await createSignature('PLAINTEXT', 'ignored', { consumerSecret: 'a b', tokenSecret: '%' })).toBe(
      'a%20b&%25',
    )
  })

  it.each([
    ['a PKCS#1 PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----', /PKCS#1/],
    ['no key', undefined, /consumer\.privateKey/],
  ])('RSA signing with %s fails with an ArgumentError', async (_n, privateKey, message) => {
    const err = await createSignature('RSA-SHA1', base, { privateKey }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(message)
  })
})

describe('oauth_body_hash', () => {
  it('Body Hash extension example: "Hello World!" with SHA-1', async () => {
    expect(await computeBodyHash('Hello World!', 'HMAC-SHA1')).toBe('Lve95gjOVATpfV8EL5X4nxwjKHE=')
  })

  it('SHA-256 for *-SHA256 methods, empty body when absent, and is signed', async () => {
    const body = '{"photo":"vacation.jpg"}'
    expect(await computeBodyHash(body, 'RSA-SHA256')).toBe(createHash('sha256').update(body).digest('base64'))
    expect(await computeBodyHash(undefined, 'HMAC-SHA1')).toBe(createHash('sha1').digest('base64'))
    const signed = await signRequest({
      method: 'PUT',
      url: 'https://example.com/photos/1',
      body,
      contentType: 'application/json',
      consumer: { key: 'k', secret: 's' },
      bodyHash: true,
    })
    expect(signed.oauthParams['oauth_body_hash']).toBe(createHash('sha1').update(body).digest('base64'))
    expect(signed.baseString).toContain('oauth_body_hash%3D')
    expect(signed.headers['Content-Type']).toBe('application/json')
  })

  it('refuses a body hash on a form body', async () => {
    await expect(
      signRequest({
        method: 'POST',
        url: 'https://example.com/',
        body: new URLSearchParams({ a: '1' }),
        consumer: { key: 'k', secret: 's' },
        bodyHash: true,
      }),
    ).rejects.toThrow(ArgumentError)
  })
})
