import { beforeAll, describe, expect, it } from 'vitest'
import type { OAuthError } from '../../runtime/errors.js'
import {
  type ClaimsOptions,
  checkClaims,
  generateSigningKey,
  type SigningKey,
  signJwt,
  verifyJwt,
} from '../../runtime/jose/index.js'
import { failure } from './support.js'

let es: SigningKey

beforeAll(async () => {
  es = await generateSigningKey('ES256')
})

describe('claims options', () => {
  const payload = { iss: 'https://as.example', aud: ['api', 'other'], sub: 'u1', scope: 'openid email', n: 3 }
  const cases: [string, ClaimsOptions, { ok: true } | { claim: string }][] = [
    ['essential present', { sub: { essential: true } }, { ok: true }],
    ['essential missing', { nonce: { essential: true } }, { claim: 'nonce' }],
    ['absent, not essential: skipped', { nonce: { value: 'x' } }, { ok: true }],
    ['value equal', { iss: { value: 'https://as.example' } }, { ok: true }],
    ['value mismatch', { iss: { essential: true, value: 'https://evil.example' } }, { claim: 'iss' }],
    ['values contains', { sub: { values: ['u0', 'u1'] } }, { ok: true }],
    ['values does not contain', { sub: { values: ['u0', 'u2'] } }, { claim: 'sub' }],
    ['aud value contained in array', { aud: { value: 'api' } }, { ok: true }],
    ['aud value not contained', { aud: { essential: true, value: 'web' } }, { claim: 'aud' }],
    ['aud values intersect', { aud: { values: ['web', 'other'] } }, { ok: true }],
    ['aud values disjoint', { aud: { values: ['web', 'mobile'] } }, { claim: 'aud' }],
    ['validator true', { scope: { validate: (v) => String(v).split(' ').includes('openid') } }, { ok: true }],
    ['validator false', { scope: { validate: (v) => String(v).includes('admin') } }, { claim: 'scope' }],
    ['validator sees all claims', { n: { validate: (v, all) => v === 3 && all.sub === 'u1' } }, { ok: true }],
    [
      'validator throwing',
      {
        n: {
          validate: () => {
            throw new Error('boom')
          },
        },
      },
      { claim: 'n' },
    ],
    ['async validator never passes', { n: { validate: (async () => true) as never } }, { claim: 'n' }],
  ]

  it.each(cases)('%s', async (_name, claims, want) => {
    const token = await signJwt(payload, es)
    const run = verifyJwt(token, es, { algorithms: ['ES256'], claims })
    if ('ok' in want) {
      await expect(run).resolves.toMatchObject({ payload })
    } else {
      const err = await failure(run)
      expect(err.code).toBe('JWT_CLAIM_INVALID')
      expect((err as OAuthError).claim).toBe(want.claim)
    }
  })

  it('aud as a string matches value', async () => {
    const token = await signJwt({ aud: 'api' }, es)
    await verifyJwt(token, es, { algorithms: ['ES256'], claims: { aud: { value: 'api' } } })
    const err = await failure(
      verifyJwt(token, es, { algorithms: ['ES256'], claims: { aud: { values: ['web'] } } }),
    )
    expect((err as OAuthError).claim).toBe('aud')
  })

  it('empty string counts as missing for essential', async () => {
    const token = await signJwt({ nonce: '' }, es)
    const err = await failure(
      verifyJwt(token, es, { algorithms: ['ES256'], claims: { nonce: { essential: true } } }),
    )
    expect((err as OAuthError).claim).toBe('nonce')
  })

  it('value compares structured claims by content', async () => {
    const token = await signJwt({ cnf: { jkt: 'abc' } }, es)
    await verifyJwt(token, es, { algorithms: ['ES256'], claims: { cnf: { value: { jkt: 'abc' } } } })
    const err = await failure(
      verifyJwt(token, es, { algorithms: ['ES256'], claims: { cnf: { value: { jkt: 'abd' } } } }),
    )
    expect((err as OAuthError).claim).toBe('cnf')
  })

  it('refuses unknown claim options', async () => {
    const token = await signJwt({}, es)
    const claims = { sub: { required: true } } as unknown as ClaimsOptions
    expect((await failure(verifyJwt(token, es, { algorithms: ['ES256'], claims }))).code).toBe(
      'INVALID_ARGUMENT',
    )
  })

  it('checkClaims works on an already verified payload', async () => {
    expect(() => checkClaims({ iss: 'a' }, { iss: { value: 'a' } })).not.toThrow()
    expect((await failure(() => checkClaims({ iss: 'a' }, { iss: { value: 'b' } }))).code).toBe(
      'JWT_CLAIM_INVALID',
    )
  })
})
