import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { constantTimeEqual, digest, randomToken, sha256Base64url } from '../../runtime/lib/random.js'

describe('runtime/lib/random', () => {
  it.each([
    ['empty', ''],
    ['ascii', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'],
    ['multi-byte', 'пароль 🔑'],
  ])('sha256Base64url matches an independent SHA-256 (%s)', async (_name, value) => {
    expect(await sha256Base64url(value)).toBe(createHash('sha256').update(value, 'utf8').digest('base64url'))
  })

  it('gives the RFC 7636 Appendix B code challenge', async () => {
    expect(await sha256Base64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it.each(['SHA-256', 'SHA-384', 'SHA-512'] as const)('digest(%s) equals Web Crypto', async (alg) => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (value) => {
        const web = new Uint8Array(await crypto.subtle.digest(alg, new TextEncoder().encode(value)))
        expect(Buffer.from(await digest(alg, value)).equals(Buffer.from(web))).toBe(true)
      }),
      { numRuns: 50 },
    )
  })

  it('randomToken carries the asked entropy, URL-safe', () => {
    const t = randomToken(32)
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(randomToken(32)).not.toBe(t)
  })

  it.each([
    ['equal', 'abc', 'abc', true],
    ['different', 'abc', 'abd', false],
    ['prefix', 'abc', 'abcd', false],
    ['empty', '', '', true],
  ])('constantTimeEqual: %s', (_name, a, b, want) => {
    expect(constantTimeEqual(a, b)).toBe(want)
  })
})
