import fc from 'fast-check'
import { base64url } from 'jose'
import { describe, expect, it } from 'vitest'
import { base64urlEncode } from '../../runtime/lib/base64url.js'

describe('base64urlEncode (RFC 4648 §5, no padding)', () => {
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 §10 vector %j -> %s', (input, expected) => {
    expect(base64urlEncode(new TextEncoder().encode(input))).toBe(expected)
  })

  it('uses - and _ where base64 has + and /', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_')
  })

  it('agrees with jose on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64urlEncode(bytes)).toBe(base64url.encode(bytes))
      }),
    )
  })
})
