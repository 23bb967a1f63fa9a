import fc from 'fast-check'
import { base64url } from 'jose'
import { describe, expect, it } from 'vitest'
import { base64urlEncode, btoaBase64url } from '../../runtime/lib/base64url.js'

describe.each([
  ['native', base64urlEncode],
  ['btoa', btoaBase64url],
])('base64url %s encoder (RFC 4648 §5, no padding)', (_name, base64urlEncode) => {
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

  it('agrees with jose on arbitrary bytes, also on a view into a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(8), (bytes, offset) => {
        expect(base64urlEncode(bytes)).toBe(base64url.encode(bytes))
        const view = bytes.subarray(Math.min(offset, bytes.length))
        expect(base64urlEncode(view)).toBe(base64url.encode(view))
      }),
    )
  })
})
