import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeParameters, percentEncode, signatureBaseString } from '../../runtime/oauth1/index.js'

// Well-formed strings: any code point, surrogate pairs included, no lone surrogates.
const text = fc.string({ unit: 'grapheme', maxLength: 40 })
const anyUnicode = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 }))
const pairs = fc.array(fc.tuple(anyUnicode, anyUnicode), { maxLength: 20 })

describe('percentEncode properties', () => {
  it('round-trips through decodeURIComponent', () => {
    fc.assert(
      fc.property(anyUnicode, (s) => {
        expect(decodeURIComponent(percentEncode(s))).toBe(s)
      }),
      { numRuns: 500 },
    )
  })

  it('leaves only unreserved characters unencoded, with uppercase hex escapes', () => {
    fc.assert(
      fc.property(anyUnicode, (s) => {
        expect(percentEncode(s)).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/)
      }),
      { numRuns: 500 },
    )
  })

  it('never changes an unreserved string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-._~]*$/), (s) => {
        expect(percentEncode(s)).toBe(s)
      }),
    )
  })
})

describe('normalization properties', () => {
  it('does not depend on the order of the input parameters', () => {
    fc.assert(
      fc.property(
        pairs.chain((p) =>
          fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length })),
        ),
        ([original, shuffled]) => {
          expect(normalizeParameters(shuffled)).toBe(normalizeParameters(original))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps every pair, repeated ones included, sorted by encoded name then value', () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const out = normalizeParameters(p)
        const parts = out === '' ? [] : out.split('&').map((kv) => kv.split('=') as [string, string])
        expect(parts).toHaveLength(p.length)
        for (let i = 1; i < parts.length; i++) {
          const [a, b] = [parts[i - 1]!, parts[i]!]
          expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true)
        }
      }),
    )
  })

  it('base string is the same whichever order the query and the oauth parameters come in', () => {
    fc.assert(
      fc.property(
        pairs.chain((p) =>
          fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length })),
        ),
        ([original, shuffled]) => {
          const query = (ps: Array<[string, string]>) =>
            `https://example.com/r?${ps.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&')}`
          const oauthParams = { oauth_consumer_key: 'k', oauth_nonce: 'n' }
          const a = signatureBaseString({ method: 'GET', url: query(original), oauthParams })
          const b = signatureBaseString({
            method: 'get',
            url: query(shuffled),
            oauthParams: Object.entries(oauthParams).reverse(),
          })
          expect(b).toBe(a)
        },
      ),
      { numRuns: 200 },
    )
  })
})
