import { createHmac } from 'node:crypto'
import { CompactSign, EmbeddedJWK, exportJWK, exportSPKI, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgumentError, type OAuthError } from '../../runtime/errors.js'
import { createRemoteJwks, type ValidateIdTokenOptions, validateIdToken } from '../../runtime/oidc/index.js'
import { rejection } from '../helpers/rejection.js'
import {
  b64url,
  baseClaims,
  CLIENT_ID,
  halfHash,
  ISSUER,
  NOW,
  type SigningKey,
  type SignOptions,
  sign,
  signingKey,
  startServer,
  type TestServer,
} from './support.js'

let server: TestServer
let rsa: SigningKey
let rsaNext: SigningKey
let ec: SigningKey
let ed: SigningKey
let ps: SigningKey
let attacker: SigningKey
let jwks: { keys: object[] }
let clock: number
const NONCE = 'n-0S6_WzA2Mj'

function options(extra: Partial<ValidateIdTokenOptions> = {}): ValidateIdTokenOptions {
  return {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    keys: createRemoteJwks(`${server.origin}/jwks`, { now: () => clock }),
    nonce: NONCE,
    now: () => clock,
    ...extra,
  }
}

/** HS256 compact JWT keyed with arbitrary bytes, built by hand so nothing refuses the odd key. */
function hs256(secret: string | Buffer, claims: object, header: object = { alg: 'HS256' }): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

beforeAll(async () => {
  server = await startServer()
  ;[rsa, rsaNext, ec, ed, ps, attacker] = await Promise.all([
    signingKey('RS256', 'rsa-1'),
    signingKey('RS256', 'rsa-2'),
    signingKey('ES384', 'ec-1'),
    signingKey('EdDSA', 'ed-1', { crv: 'Ed25519' }),
    signingKey('PS512', 'ps-1'),
    signingKey('RS256', 'evil'),
  ])
  server.routes.set('/jwks', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks))
  })
})
afterAll(() => server.close())
beforeEach(() => {
  clock = NOW * 1000
  jwks = { keys: [rsa.publicJwk, ec.publicJwk, ed.publicJwk, ps.publicJwk] }
  server.requests.length = 0
})

describe('validateIdToken: accepted tokens', () => {
  it('returns the claims of a valid RS256 token from a remote JWKS', async () => {
    const claims = await validateIdToken(await sign(rsa, baseClaims()), options())
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'user-42', aud: CLIENT_ID, nonce: NONCE })
    expect(server.count('/jwks')).toBe(1)
  })

  it.each([
    ['RS256', () => rsa, 'sha256'],
    ['ES384', () => ec, 'sha384'],
    ['PS512', () => ps, 'sha512'],
    ['EdDSA (Ed25519 pairs with SHA-512)', () => ed, 'sha512'],
  ] as const)('checks at_hash and c_hash for %s', async (_name, key, hash) => {
    const accessToken = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y'
    const code = 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk'
    const token = await sign(
      key(),
      baseClaims({ at_hash: halfHash(accessToken, hash), c_hash: halfHash(code, hash) }),
    )
    const claims = await validateIdToken(
      token,
      options({ algorithms: [key().alg], accessToken, code, requireAtHash: true, requireCHash: true }),
    )
    expect(claims.at_hash).toBe(halfHash(accessToken, hash))
  })

  it('accepts several audiences when azp is the client', async () => {
    const token = await sign(rsa, baseClaims({ aud: [CLIENT_ID, 'other-api'], azp: CLIENT_ID }))
    await expect(validateIdToken(token, options())).resolves.toMatchObject({ azp: CLIENT_ID })
  })

  it('accepts an expired token within the clock tolerance, and not past it', async () => {
    const token = await sign(rsa, baseClaims({ exp: NOW - 3 }))
    await expect(validateIdToken(token, options())).resolves.toBeDefined()
    const err = await rejection(validateIdToken(token, options({ clockTolerance: 2 })))
    expect([err.code, err.claim]).toEqual(['JWT_EXPIRED', 'exp'])
  })

  it('verifies HS256 with the client secret when the allow-list has it', async () => {
    const secret = 'a-client-secret-of-at-least-32-bytes!!'
    const token = hs256(secret, baseClaims())
    await expect(
      validateIdToken(token, options({ algorithms: ['RS256', 'HS256'], clientSecret: secret })),
    ).resolves.toMatchObject({ sub: 'user-42' })
  })

  it('accepts a local JWKS object as keys', async () => {
    const token = await sign(rsa, baseClaims())
    await expect(validateIdToken(token, options({ keys: { keys: [rsa.publicJwk] } }))).resolves.toBeDefined()
  })

  it('takes the default allow-list from metadata', async () => {
    const token = await sign(ec, baseClaims())
    const metadata = { id_token_signing_alg_values_supported: ['ES384', 'none'] }
    await expect(validateIdToken(token, options({ metadata }))).resolves.toBeDefined()
    const err = await rejection(validateIdToken(await sign(rsa, baseClaims()), options({ metadata })))
    expect(err.code).toBe('JWT_ALG_NOT_ALLOWED')
  })
})

type Want = { code: OAuthError['code']; claim?: string }
type Case = [string, () => Promise<string>, Partial<ValidateIdTokenOptions>, Want]

const claimsCase = (
  name: string,
  overrides: Record<string, unknown>,
  want: Want,
  opts: SignOptions = {},
): Case => [name, () => sign(rsa, baseClaims(overrides), opts), {}, want]
const without = (claim: string) => ({ [claim]: undefined })

const cases: Case[] = [
  [
    'tampered payload (signature no longer matches)',
    async () => {
      const [h, , s] = (await sign(rsa, baseClaims())).split('.')
      return `${h}.${b64url(JSON.stringify(baseClaims({ sub: 'admin' })))}.${s}`
    },
    {},
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'tampered signature bytes',
    async () => {
      const [h, p, s] = (await sign(rsa, baseClaims())).split('.')
      const sig = Buffer.from(s!, 'base64url')
      sig[10] = sig[10]! ^ 0xff
      return `${h}.${p}.${sig.toString('base64url')}`
    },
    {},
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'alg none',
    async () => `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(baseClaims()))}.`,
    {},
    { code: 'JWT_ALG_NOT_ALLOWED' },
  ],
  [
    'HS256 keyed with the RSA public key PEM (default allow-list)',
    async () => hs256(await exportSPKI(rsa.publicKey), baseClaims(), { alg: 'HS256', kid: 'rsa-1' }),
    {},
    { code: 'JWT_ALG_NOT_ALLOWED' },
  ],
  [
    'HS256 keyed with the RSA public key PEM (HS256 allowed, so verified with the client secret)',
    async () => hs256(await exportSPKI(rsa.publicKey), baseClaims(), { alg: 'HS256', kid: 'rsa-1' }),
    { algorithms: ['RS256', 'HS256'], clientSecret: 'the-real-client-secret-0123456789' },
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'HS256 keyed with the RSA public JWK JSON bytes',
    async () =>
      hs256(JSON.stringify(await exportJWK(rsa.publicKey)), baseClaims(), { alg: 'HS256', kid: 'rsa-1' }),
    { algorithms: ['RS256', 'HS256'], clientSecret: 'the-real-client-secret-0123456789' },
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'HS256 advertised in metadata but no client secret',
    async () => hs256(await exportSPKI(rsa.publicKey), baseClaims()),
    { metadata: { id_token_signing_alg_values_supported: ['RS256', 'HS256'] } },
    { code: 'JWT_ALG_NOT_ALLOWED' },
  ],
  ['ES384 token with an RS256 allow-list', () => sign(ec, baseClaims()), {}, { code: 'JWT_ALG_NOT_ALLOWED' }],
  claimsCase('expired (fake clock past exp)', { exp: NOW - 10 }, { code: 'JWT_EXPIRED', claim: 'exp' }),
  claimsCase('wrong aud', { aud: 'someone-else' }, { code: 'JWT_CLAIM_INVALID', claim: 'aud' }),
  claimsCase('missing aud', without('aud'), { code: 'JWT_CLAIM_INVALID', claim: 'aud' }),
  claimsCase(
    'extra aud without azp',
    { aud: [CLIENT_ID, 'other-api'] },
    { code: 'JWT_CLAIM_INVALID', claim: 'azp' },
  ),
  claimsCase(
    'azp mismatch',
    { aud: [CLIENT_ID, 'x'], azp: 'x' },
    { code: 'JWT_CLAIM_INVALID', claim: 'azp' },
  ),
  claimsCase('azp mismatch with one aud', { azp: 'x' }, { code: 'JWT_CLAIM_INVALID', claim: 'azp' }),
  claimsCase('missing iat', without('iat'), { code: 'JWT_CLAIM_INVALID', claim: 'iat' }),
  claimsCase('iat in the future', { iat: NOW + 60 }, { code: 'JWT_CLAIM_INVALID', claim: 'iat' }),
  claimsCase('missing exp', without('exp'), { code: 'JWT_CLAIM_INVALID', claim: 'exp' }),
  claimsCase('exp not a number', { exp: String(NOW + 600) }, { code: 'JWT_CLAIM_INVALID', claim: 'exp' }),
  claimsCase('wrong iss', { iss: `${ISSUER}/` }, { code: 'JWT_CLAIM_INVALID', claim: 'iss' }),
  claimsCase('missing sub', without('sub'), { code: 'JWT_CLAIM_INVALID', claim: 'sub' }),
  claimsCase('wrong nonce', { nonce: 'n-other' }, { code: 'NONCE_MISMATCH', claim: 'nonce' }),
  claimsCase('missing nonce when expected', without('nonce'), { code: 'NONCE_MISMATCH', claim: 'nonce' }),
  claimsCase('nbf in the future', { nbf: NOW + 60 }, { code: 'JWT_CLAIM_INVALID', claim: 'nbf' }),
  [
    'auth_time too old for maxAge',
    () => sign(rsa, baseClaims({ auth_time: NOW - 400 })),
    { maxAge: 300 },
    { code: 'JWT_CLAIM_INVALID', claim: 'auth_time' },
  ],
  [
    'auth_time missing with maxAge',
    () => sign(rsa, baseClaims(without('auth_time'))),
    { maxAge: 300 },
    { code: 'JWT_CLAIM_INVALID', claim: 'auth_time' },
  ],
  [
    'at_hash mismatch',
    () => sign(rsa, baseClaims({ at_hash: halfHash('another-token', 'sha256') })),
    { accessToken: 'the-access-token' },
    { code: 'JWT_CLAIM_INVALID', claim: 'at_hash' },
  ],
  [
    'at_hash missing when required',
    () => sign(rsa, baseClaims()),
    { accessToken: 'the-access-token', requireAtHash: true },
    { code: 'JWT_CLAIM_INVALID', claim: 'at_hash' },
  ],
  [
    'c_hash mismatch',
    () => sign(rsa, baseClaims({ c_hash: halfHash('another-code', 'sha256') })),
    { code: 'the-code' },
    { code: 'JWT_CLAIM_INVALID', claim: 'c_hash' },
  ],
  [
    'c_hash computed with the wrong hash size',
    () => sign(rsa, baseClaims({ c_hash: halfHash('the-code', 'sha512') })),
    { code: 'the-code' },
    { code: 'JWT_CLAIM_INVALID', claim: 'c_hash' },
  ],
  claimsCase(
    'unknown crit header',
    {},
    { code: 'JWT_CLAIM_INVALID', claim: 'crit' },
    {
      header: { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true },
      crit: { 'urn:example:must-understand': true },
    },
  ),
  [
    'oversized token (20 KB, default 16 KiB limit)',
    () => sign(rsa, baseClaims({ pad: 'x'.repeat(20_000) })),
    {},
    { code: 'JWT_MALFORMED' },
  ],
  [
    'token over a custom maxTokenBytes',
    () => sign(rsa, baseClaims()),
    { maxTokenBytes: 200 },
    { code: 'JWT_MALFORMED' },
  ],
  ['not a JWT', async () => 'hello.world', {}, { code: 'JWT_MALFORMED' }],
  ['a JWE (five parts)', async () => 'a.b.c.d.e', {}, { code: 'JWT_MALFORMED' }],
  [
    'header that is not JSON',
    async () => `${b64url('not json')}.${b64url(JSON.stringify(baseClaims()))}.sig`,
    {},
    { code: 'JWT_MALFORMED' },
  ],
  [
    'payload that is not an object',
    () =>
      new CompactSign(new TextEncoder().encode('[1,2]'))
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .sign(rsa.privateKey),
    {},
    { code: 'JWT_MALFORMED' },
  ],
  [
    'embedded jwk header, signed by the attacker key, no kid',
    () => sign(attacker, baseClaims(), { noKid: true, header: { jwk: attacker.publicJwk } }),
    {},
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'embedded jwk header, signed by the attacker key, kid of the real key',
    () =>
      sign(attacker, baseClaims(), {
        header: { kid: 'rsa-1', jwk: { ...attacker.publicJwk, kid: 'rsa-1' } },
      }),
    {},
    { code: 'JWT_SIGNATURE_INVALID' },
  ],
  [
    'embedded jwk header, signed by the attacker key, attacker kid',
    () => sign(attacker, baseClaims(), { header: { jwk: attacker.publicJwk } }),
    {},
    { code: 'JWKS_NO_MATCHING_KEY' },
  ],
]

describe('validateIdToken: negative suite', () => {
  it.each(cases)('%s', async (_name, build, extra, want) => {
    const err = await rejection(validateIdToken(await build(), options(extra)))
    expect(err.code).toBe(want.code)
    expect(err.claim).toBe(want.claim)
  })

  it('the embedded-jwk token is genuinely signed (jose EmbeddedJWK would accept it)', async () => {
    const token = await sign(attacker, baseClaims(), { noKid: true, header: { jwk: attacker.publicJwk } })
    await expect(jwtVerify(token, EmbeddedJWK, { algorithms: ['RS256'] })).resolves.toBeDefined()
  })

  it('never fetches a jku / x5u the token names', async () => {
    const evil = await startServer()
    try {
      evil.routes.set('/jwks', (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: [attacker.publicJwk] }))
      })
      const token = await sign(attacker, baseClaims(), {
        header: { jku: `${evil.origin}/jwks`, x5u: `${evil.origin}/jwks` },
      })
      const err = await rejection(validateIdToken(token, options()))
      expect(err.code).toBe('JWKS_NO_MATCHING_KEY')
      expect(evil.requests).toHaveLength(0)
    } finally {
      await evil.close()
    }
  })
})

describe('validateIdToken: key rotation', () => {
  it('an unknown kid after rotation refetches the JWKS and succeeds', async () => {
    const opts = options()
    await validateIdToken(await sign(rsa, baseClaims()), opts)
    jwks = { keys: [rsaNext.publicJwk, rsa.publicJwk] }
    clock += 31_000
    const claims = await validateIdToken(await sign(rsaNext, baseClaims()), opts)
    expect(claims.sub).toBe('user-42')
    expect(server.count('/jwks')).toBe(2)
  })

  it('a second unknown kid within the cooldown does not refetch', async () => {
    const opts = options()
    await validateIdToken(await sign(rsa, baseClaims()), opts)
    clock += 31_000
    const first = await rejection(validateIdToken(await sign(attacker, baseClaims()), opts))
    expect(first.code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(2)
    jwks = { keys: [rsaNext.publicJwk, rsa.publicJwk] }
    clock += 10_000
    const second = await rejection(validateIdToken(await sign(rsaNext, baseClaims()), opts))
    expect(second.code).toBe('JWKS_NO_MATCHING_KEY')
    expect(server.count('/jwks')).toBe(2)
  })

  it('a JWKS endpoint answering HTML fails with INVALID_RESPONSE', async () => {
    server.routes.set('/html-jwks', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><p>maintenance</p>')
    })
    const keys = createRemoteJwks(`${server.origin}/html-jwks`)
    const err = await rejection(validateIdToken(await sign(rsa, baseClaims()), options({ keys })))
    expect(err.code).toBe('INVALID_RESPONSE')
  })
})

describe('validateIdToken: a caller-supplied key resolver', () => {
  it.each([
    [
      'returns a key of the wrong type (jose TypeError)',
      async () => ec.publicKey,
      'JWT_ALG_NOT_ALLOWED',
      'ID token: ',
    ],
    [
      'throws something that is no OAuthError (fails closed)',
      async (): Promise<CryptoKey> => {
        throw new Error('resolver broke')
      },
      'JWT_SIGNATURE_INVALID',
      'ID token key: ',
    ],
  ] as const)('%s: mapped by mapJoseError with the context', async (_name, keys, code, prefix) => {
    const err = await rejection(validateIdToken(await sign(rsa, baseClaims()), options({ keys })))
    expect(err.code).toBe(code)
    expect(err.error_description?.startsWith(prefix)).toBe(true)
  })
})

describe('validateIdToken: arguments', () => {
  it.each([
    ['algorithms with none', { algorithms: ['RS256', 'none'] }, /"algorithms"/],
    ['empty algorithms', { algorithms: [] }, /"algorithms"/],
    ['HS256 allowed without a secret', { algorithms: ['HS256'] }, /"clientSecret"/],
    ['clock tolerance over 300 s', { clockTolerance: 301 }, /"clockTolerance"/],
    ['negative clock tolerance', { clockTolerance: -1 }, /"clockTolerance"/],
    ['negative maxAge', { maxAge: -5 }, /"maxAge"/],
    ['requireAtHash without accessToken', { requireAtHash: true }, /"accessToken"/],
    ['empty issuer', { issuer: '' }, /"issuer"/],
    ['no keys for RS256', { keys: undefined }, /"keys"/],
    ['zero maxTokenBytes', { maxTokenBytes: 0 }, /"maxTokenBytes" must be a positive integer/],
    ['fractional maxTokenBytes', { maxTokenBytes: 1.5 }, /"maxTokenBytes"/],
  ] as const)('refuses %s', async (_name, extra, message) => {
    const token = await sign(rsa, baseClaims())
    const err = await validateIdToken(token, options(extra as Partial<ValidateIdTokenOptions>)).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(message)
  })
})
