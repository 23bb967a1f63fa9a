import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, type OAuthError } from '../../runtime/errors.js'
import { createRemoteJwks, fetchUserInfo, type UserInfoOptions } from '../../runtime/oidc/index.js'
import { rejection } from '../helpers/rejection.js'
import {
  CLIENT_ID,
  ISSUER,
  json,
  NOW,
  type RecordedRequest,
  type SigningKey,
  sign,
  signingKey,
  startServer,
  type TestServer,
} from './support.js'

let server: TestServer
let rsa: SigningKey
let ec: SigningKey
const SUB = 'user-42'
const TOKEN = 'at-2YotnFZFEjr1zCsicMWpAA'

function opts(extra: Partial<UserInfoOptions> = {}): UserInfoOptions {
  return {
    expectedSub: SUB,
    issuer: ISSUER,
    clientId: CLIENT_ID,
    keys: createRemoteJwks(`${server.origin}/jwks`),
    now: () => NOW * 1000,
    ...extra,
  }
}

function jwtResponse(token: () => Promise<string>) {
  return (_req: RecordedRequest, res: ServerResponse) => {
    token().then((t) => res.writeHead(200, { 'content-type': 'application/jwt; charset=utf-8' }).end(t))
  }
}

beforeAll(async () => {
  server = await startServer()
  rsa = await signingKey('RS256', 'rsa-1')
  ec = await signingKey('ES256', 'ec-1')
  server.routes.set('/jwks', json({ keys: [rsa.publicJwk, ec.publicJwk] }))
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

describe('fetchUserInfo', () => {
  it('GET: sends the bearer token and returns zod-checked JSON claims', async () => {
    server.routes.set('/userinfo', json({ sub: SUB, email: 'a@example.test', email_verified: true }))
    const info = await fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts())
    expect(info).toEqual({ sub: SUB, email: 'a@example.test', email_verified: true })
    const [req] = server.requests.filter((r) => r.path === '/userinfo')
    expect(req?.method).toBe('GET')
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req?.headers.accept).toContain('application/jwt')
  })

  it('POST: token still in the Authorization header, empty form body', async () => {
    server.routes.set('/userinfo', json({ sub: SUB }))
    await fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts({ method: 'POST' }))
    const [req] = server.requests.filter((r) => r.path === '/userinfo')
    expect(req?.method).toBe('POST')
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(req?.body).toBe('')
  })

  it('sub mismatch is USERINFO_SUB_MISMATCH', async () => {
    server.routes.set('/userinfo', json({ sub: 'someone-else' }))
    const err = await rejection(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts()))
    expect([err.code, err.claim]).toEqual(['USERINFO_SUB_MISMATCH', 'sub'])
  })

  it('a signed JWT response is verified and returned', async () => {
    server.routes.set(
      '/userinfo',
      jwtResponse(() => sign(rsa, { iss: ISSUER, aud: CLIENT_ID, sub: SUB, name: 'Ada' })),
    )
    const info = await fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts())
    expect(info).toMatchObject({ sub: SUB, name: 'Ada' })
  })

  it('a signed JWT response without iss/aud is accepted (checked only when present)', async () => {
    server.routes.set(
      '/userinfo',
      jwtResponse(() => sign(rsa, { sub: SUB })),
    )
    await expect(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts())).resolves.toMatchObject({
      sub: SUB,
    })
  })

  type Case = [
    string,
    () => Promise<string>,
    Partial<UserInfoOptions>,
    OAuthError['code'],
    string | undefined,
  ]
  const signedCases: Case[] = [
    [
      'wrong iss',
      () => sign(rsa, { iss: 'https://evil.test', aud: CLIENT_ID, sub: SUB }),
      {},
      'JWT_CLAIM_INVALID',
      'iss',
    ],
    ['wrong aud', () => sign(rsa, { iss: ISSUER, aud: 'other', sub: SUB }), {}, 'JWT_CLAIM_INVALID', 'aud'],
    ['expired', () => sign(rsa, { sub: SUB, exp: NOW - 60 }), {}, 'JWT_EXPIRED', 'exp'],
    ['alg outside the allow-list', () => sign(ec, { sub: SUB }), {}, 'JWT_ALG_NOT_ALLOWED', undefined],
    [
      'alg from metadata',
      () => sign(ec, { sub: SUB }),
      { metadata: { userinfo_signing_alg_values_supported: ['RS256'] } },
      'JWT_ALG_NOT_ALLOWED',
      undefined,
    ],
    ['sub mismatch', () => sign(rsa, { sub: 'other' }), {}, 'USERINFO_SUB_MISMATCH', 'sub'],
    ['no sub', () => sign(rsa, { name: 'x' }), {}, 'INVALID_RESPONSE', 'sub'],
    [
      'tampered',
      async () => {
        const [h, , s] = (await sign(rsa, { sub: SUB })).split('.')
        return `${h}.${Buffer.from(JSON.stringify({ sub: SUB, admin: true })).toString('base64url')}.${s}`
      },
      {},
      'JWT_SIGNATURE_INVALID',
      undefined,
    ],
  ]
  it.each(signedCases)('signed response: %s', async (_name, token, extra, code, claim) => {
    server.routes.set('/userinfo', jwtResponse(token))
    const err = await rejection(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts(extra)))
    expect([err.code, err.claim]).toEqual([code, claim])
  })

  it('401 with WWW-Authenticate invalid_token carries the error from the header', async () => {
    server.routes.set('/userinfo', (_req, res) => {
      res
        .writeHead(401, {
          'www-authenticate':
            'Bearer realm="example", error="invalid_token", error_description="The access token \\"expired\\""',
        })
        .end()
    })
    const err = await rejection(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts()))
    expect(err.code).toBe('OAUTH_RESPONSE_ERROR')
    expect(err.error).toBe('invalid_token')
    expect(err.error_description).toBe('The access token "expired"')
    expect(err.status).toBe(401)
  })

  it('reads the error of the Bearer challenge when another scheme comes first', async () => {
    server.routes.set('/userinfo', (_req, res) => {
      res
        .writeHead(401, { 'www-authenticate': 'Basic realm="x", Bearer error="invalid_token"' })
        .end('{"error":"from_body"}')
    })
    const err = await rejection(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts()))
    expect([err.code, err.error, err.status]).toEqual(['OAUTH_RESPONSE_ERROR', 'invalid_token', 401])
  })

  it.each([
    [
      'HTML with HTTP 200',
      (_r: RecordedRequest, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>')
      },
      'INVALID_RESPONSE',
      undefined,
    ],
    [
      'JSON error body with HTTP 403',
      json({ error: 'insufficient_scope' }, 403),
      'OAUTH_RESPONSE_ERROR',
      'insufficient_scope',
    ],
    [
      '401 without an error in the challenge',
      (_r: RecordedRequest, res: ServerResponse) => {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="x"' }).end()
      },
      'INVALID_RESPONSE',
      'invalid_response',
    ],
    ['JSON without sub', json({ name: 'x' }), 'INVALID_RESPONSE', 'invalid_response'],
  ] as const)('%s', async (_name, handler, code, error) => {
    server.routes.set('/userinfo', handler)
    const err = await rejection(fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts()))
    expect(err.code).toBe(code)
    if (error) expect(err.error).toBe(error)
  })

  it('a signed response over maxTokenBytes is JWT_MALFORMED; a maxTokenBytes of 0 is an ArgumentError', async () => {
    server.routes.set(
      '/userinfo',
      jwtResponse(() => sign(rsa, { sub: SUB })),
    )
    const err = await rejection(
      fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts({ maxTokenBytes: 100 })),
    )
    expect(err.code).toBe('JWT_MALFORMED')
    expect(err.error_description).toMatch(/^UserInfo response is longer than 100/)
    await expect(
      fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts({ maxTokenBytes: 0 })),
    ).rejects.toThrow(/"maxTokenBytes"/)
  })

  it('refuses bad arguments', async () => {
    await expect(fetchUserInfo('http://op.example/userinfo', TOKEN, opts())).rejects.toBeInstanceOf(
      ArgumentError,
    )
    await expect(fetchUserInfo(`${server.origin}/userinfo`, '', opts())).rejects.toThrow(/"accessToken"/)
    await expect(
      fetchUserInfo(`${server.origin}/userinfo`, TOKEN, opts({ expectedSub: '' })),
    ).rejects.toThrow(/"expectedSub"/)
    expect(server.count('/userinfo')).toBe(0)
  })
})
