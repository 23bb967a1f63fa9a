import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { KeySet } from '../../runtime/jose/index.js'
import { fromKeySet, generateSigningKeys } from '../../runtime/server/index.js'
import { halfHash } from '../../runtime/server/lib/id-token.js'
import { ISSUER, setup, webTokens } from './fixtures.js'

describe('ID token signing algorithms', () => {
  it.each(['ES256', 'EdDSA'] as const)(
    '%s keys sign verifiable ID tokens with the matching at_hash',
    async (alg) => {
      const keys = await generateSigningKeys({ alg })
      const f = await setup({ keys })
      const { body } = await webTokens(f)
      expect(decodeProtectedHeader(body.id_token!).alg).toBe(alg)
      const { payload } = await jwtVerify(body.id_token!, createLocalJWKSet(await keys.jwks()), {
        issuer: ISSUER,
        audience: 'web',
        currentDate: new Date(f.clock.now),
      })
      expect(payload['at_hash']).toBe(await halfHash(body.access_token!, alg))
      expect(f.server.metadata()['id_token_signing_alg_values_supported']).toEqual([alg])
    },
  )

  it('half hashes follow the algorithm (SHA-256 for RS256, SHA-512 for EdDSA)', async () => {
    // OIDC Core §3.1.3.8 example value for access token "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".
    expect(await halfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    )
    expect((await halfHash('x', 'EdDSA')).length).toBe(43)
  })

  it('signs with a shared KeySet and publishes all of its keys', async () => {
    const keySet = await KeySet.generate(['ES256', 'RS256'])
    const f = await setup({ keys: fromKeySet(keySet, 'RS256') })
    const { body } = await webTokens(f)
    expect(decodeProtectedHeader(body.id_token!).kid).toBe(keySet.current('RS256').kid)
    const published = (await (await f.server.jwksEndpoint(new Request(`${ISSUER}/jwks`))).json()).keys
    expect(published.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'RS256'])
  })
})
