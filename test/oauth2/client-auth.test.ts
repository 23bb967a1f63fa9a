import fc from 'fast-check'
import { exportJWK, generateKeyPair, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { applyClientAuth, JWT_BEARER_ASSERTION_TYPE } from '../../runtime/oauth2/client-auth.js'
import { clientCredentialsGrant } from '../../runtime/oauth2/client-credentials.js'
import type { ClientConfig, ServerMetadata } from '../../runtime/oauth2/types.js'
import { type FakeServer, type RecordedRequest, startFakeServer, tokenBody } from './fixtures/fake-server.js'

let as: FakeServer
let metadata: ServerMetadata
let tokenEndpoint: string

beforeAll(async () => {
  as = await startFakeServer()
  tokenEndpoint = `${as.origin}/token`
  metadata = { issuer: as.origin, token_endpoint: tokenEndpoint }
})
afterAll(() => as.close())
beforeEach(() => {
  as.reset()
  as.route('POST', '/token', () => tokenBody())
})

async function send(client: ClientConfig): Promise<RecordedRequest> {
  await clientCredentialsGrant({ metadata, client })
  expect(as.requests).toHaveLength(1)
  return as.requests[0]!
}

/** Server-side RFC 6749 §2.3.1 decoding: base64, split at the first ':', then form-decode each half. */
function decodeBasic(header: string | undefined): [string, string] {
  expect(header).toMatch(/^Basic [A-Za-z0-9+/=]+$/)
  const raw = Buffer.from(header!.slice(6), 'base64').toString('utf8')
  const i = raw.indexOf(':')
  const formDecode = (s: string) => new URLSearchParams(`v=${s}`).get('v')!
  return [formDecode(raw.slice(0, i)), formDecode(raw.slice(i + 1))]
}

describe('client authentication at the token endpoint', () => {
  it.each([
    ['a plain secret', 'client-1', 'secret'],
    ['a secret with : % space and +', 'client-1', 'se:cr%et with space+plus&=/'],
    ['an id with : and non-ASCII', 'app:ü', 'p@ss:w%rd'],
  ])('client_secret_basic with %s form-encodes before base64', async (_name, clientId, clientSecret) => {
    const req = await send({ clientId, clientSecret })
    expect(decodeBasic(req.headers.authorization)).toEqual([clientId, clientSecret])
    expect(req.form.has('client_secret')).toBe(false)
    expect(req.form.has('client_id')).toBe(false)
  })

  it('client_secret_basic encodes space as + and : as %3A on the wire', async () => {
    const req = await send({ clientId: 'a b', clientSecret: 'x:y' })
    expect(Buffer.from(req.headers.authorization!.slice(6), 'base64').toString()).toBe('a+b:x%3Ay')
  })

  it('client_secret_post puts id and secret in the body', async () => {
    const req = await send({ clientId: 'c1', clientSecret: 's:1 %', authMethod: 'client_secret_post' })
    expect(req.headers.authorization).toBeUndefined()
    expect(req.form.get('client_id')).toBe('c1')
    expect(req.form.get('client_secret')).toBe('s:1 %')
  })

  it('none sends only client_id', async () => {
    const req = await send({ clientId: 'public-app' })
    expect(req.headers.authorization).toBeUndefined()
    expect(req.form.get('client_id')).toBe('public-app')
    expect(req.form.has('client_secret')).toBe(false)
    expect(req.form.has('client_assertion')).toBe(false)
  })

  it('client_secret_jwt signs an HS256 assertion the server can verify with the secret', async () => {
    const secret = 'a-long-shared-secret-for-hmac-0123456789'
    const req = await send({ clientId: 'c-jwt', clientSecret: secret, authMethod: 'client_secret_jwt' })
    expect(req.form.get('client_assertion_type')).toBe(JWT_BEARER_ASSERTION_TYPE)
    const { payload, protectedHeader } = await jwtVerify(
      req.form.get('client_assertion')!,
      new TextEncoder().encode(secret),
      { issuer: 'c-jwt', subject: 'c-jwt', audience: tokenEndpoint, algorithms: ['HS256'] },
    )
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload.exp! - payload.iat!).toBe(60)
    expect(payload.jti).toMatch(/^[\w-]{22,}$/)
    expect(req.headers.authorization).toBeUndefined()
  })

  it('client_secret_jwt assertions have a fresh jti each time', async () => {
    const client: ClientConfig = {
      clientId: 'c',
      clientSecret: 'k'.repeat(32),
      authMethod: 'client_secret_jwt',
    }
    await clientCredentialsGrant({ metadata, client })
    await clientCredentialsGrant({ metadata, client })
    const jtis = await Promise.all(
      as.requests.map(async (r) => {
        const { payload } = await jwtVerify(
          r.form.get('client_assertion')!,
          new TextEncoder().encode('k'.repeat(32)),
        )
        return payload.jti
      }),
    )
    expect(new Set(jtis).size).toBe(2)
  })

  it.each([['ES256'], ['RS256'], ['EdDSA']])('private_key_jwt with a %s CryptoKey', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg)
    const req = await send({ clientId: 'c-pk', privateKey: { key: privateKey, kid: 'k1' } })
    expect(req.form.get('client_assertion_type')).toBe(JWT_BEARER_ASSERTION_TYPE)
    expect(req.form.get('client_id')).toBe('c-pk')
    const { payload, protectedHeader } = await jwtVerify(req.form.get('client_assertion')!, publicKey, {
      issuer: 'c-pk',
      subject: 'c-pk',
      audience: tokenEndpoint,
      algorithms: [alg],
    })
    expect(protectedHeader).toEqual({ alg, kid: 'k1' })
    expect(payload.exp! - payload.iat!).toBe(60)
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5)
  })

  it('private_key_jwt with a private JWK (kid from the JWK) and the issuer as audience', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true })
    const jwk = { ...(await exportJWK(privateKey)), kid: 'jwk-kid' }
    const req = await send({
      clientId: 'c-jwk',
      authMethod: 'private_key_jwt',
      privateKey: { key: jwk },
      assertionAudience: 'issuer',
    })
    const { protectedHeader } = await jwtVerify(req.form.get('client_assertion')!, publicKey, {
      issuer: 'c-jwk',
      subject: 'c-jwk',
      audience: as.origin,
      algorithms: ['ES384'],
    })
    expect(protectedHeader.kid).toBe('jwk-kid')
  })

  it.each<[string, ClientConfig, RegExp]>([
    [
      'basic without a secret',
      { clientId: 'c', authMethod: 'client_secret_basic' },
      /"client.clientSecret" is required/,
    ],
    [
      'post without a secret',
      { clientId: 'c', authMethod: 'client_secret_post' },
      /"client.clientSecret" is required/,
    ],
    [
      'jwt without a secret',
      { clientId: 'c', authMethod: 'client_secret_jwt' },
      /"client.clientSecret" is required/,
    ],
    [
      'private_key_jwt without a key',
      { clientId: 'c', authMethod: 'private_key_jwt' },
      /"client.privateKey" is required/,
    ],
    [
      'a public JWK',
      { clientId: 'c', privateKey: { key: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } } },
      /must be a private JWK/,
    ],
    ['no client id', { clientId: '' }, /"client.clientId" is required/],
  ])('refuses %s before sending anything', async (_name, client, message) => {
    const err = await clientCredentialsGrant({ metadata, client }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(message)
    expect(as.requests).toHaveLength(0)
  })

  it('client_secret_basic round-trips any id and secret through the RFC 6749 §2.3.1 decoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.string({ minLength: 1, unit: 'grapheme' }),
        async (clientId, clientSecret) => {
          const headers = new Headers()
          await applyClientAuth(
            { clientId, clientSecret },
            { body: new URLSearchParams(), headers },
            { endpoint: new URL(tokenEndpoint) },
          )
          expect(decodeBasic(headers.get('authorization') ?? undefined)).toEqual([clientId, clientSecret])
        },
      ),
      { numRuns: 300 },
    )
  })
})
