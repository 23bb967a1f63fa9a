import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { computeCodeChallenge, createPkce, generateCodeVerifier } from '../../runtime/oauth2/pkce.js'

describe('PKCE (RFC 7636)', () => {
  it('generates 43-character verifiers from the unreserved alphabet, all different', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const v = generateCodeVerifier()
      expect(v).toMatch(/^[A-Za-z0-9\-._~]{43}$/)
      seen.add(v)
    }
    expect(seen.size).toBe(50)
  })

  it('computes the RFC 7636 appendix B example challenge', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
    expect(await computeCodeChallenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('S256 equals base64url(sha256(verifier)) for random verifiers', async () => {
    const { codeVerifier, codeChallenge, codeChallengeMethod } = await createPkce()
    expect(codeChallengeMethod).toBe('S256')
    expect(codeChallenge).toBe(createHash('sha256').update(codeVerifier).digest('base64url'))
  })

  it('plain only when asked, and then the challenge is the verifier', async () => {
    const pkce = await createPkce('plain')
    expect(pkce.codeChallengeMethod).toBe('plain')
    expect(pkce.codeChallenge).toBe(pkce.codeVerifier)
  })

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['bad character', `${'a'.repeat(42)}+`],
  ])('refuses a verifier that is %s', async (_name, verifier) => {
    await expect(computeCodeChallenge(verifier)).rejects.toBeInstanceOf(ArgumentError)
  })
})
