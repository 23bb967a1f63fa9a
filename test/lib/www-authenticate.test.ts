import { describe, expect, it } from 'vitest'
import { type Challenge, parseWwwAuthenticate } from '../../runtime/lib/www-authenticate.js'

const bearer = (params: Record<string, string>): Challenge => ({ scheme: 'bearer', params })

describe('parseWwwAuthenticate', () => {
  it.each<[string, { given: string | string[] | null | undefined; want: Challenge[] }]>([
    ['no header', { given: null, want: [] }],
    ['undefined', { given: undefined, want: [] }],
    ['empty', { given: '', want: [] }],
    ['quoted error', { given: 'Bearer error="invalid_token"', want: [bearer({ error: 'invalid_token' })] }],
    ['token error', { given: 'Bearer error=invalid_token', want: [bearer({ error: 'invalid_token' })] }],
    [
      'comma inside a quoted string',
      {
        given: 'Bearer realm="a, b", error=invalid_token',
        want: [bearer({ realm: 'a, b', error: 'invalid_token' })],
      },
    ],
    [
      'case-insensitive scheme and param names, values kept as sent',
      { given: 'bEaReR Error="Invalid_Token"', want: [bearer({ error: 'Invalid_Token' })] },
    ],
    [
      'two challenges',
      {
        given: 'Bearer error="a", DPoP error="b"',
        want: [bearer({ error: 'a' }), { scheme: 'dpop', params: { error: 'b' } }],
      },
    ],
    ['scheme alone', { given: 'Basic', want: [{ scheme: 'basic', params: {} }] }],
    [
      'Bearer after a Basic challenge',
      {
        given: 'Basic realm="x", Bearer realm="api", error="invalid_token"',
        want: [{ scheme: 'basic', params: { realm: 'x' } }, bearer({ realm: 'api', error: 'invalid_token' })],
      },
    ],
    [
      'token68 challenge, then Bearer',
      {
        given: 'Newauth abc==, Bearer error="invalid_token"',
        want: [{ scheme: 'newauth', token68: 'abc==', params: {} }, bearer({ error: 'invalid_token' })],
      },
    ],
    [
      'several header lines',
      {
        given: ['Basic realm="x"', 'Bearer error="invalid_token"'],
        want: [{ scheme: 'basic', params: { realm: 'x' } }, bearer({ error: 'invalid_token' })],
      },
    ],
    [
      'escapes in a quoted string',
      {
        given: 'Bearer realm="a \\"q\\" b", error="invalid_token", error_description="x\\\\y"',
        want: [bearer({ realm: 'a "q" b', error: 'invalid_token', error_description: 'x\\y' })],
      },
    ],
    [
      'a param-like text inside a quoted string is not a param',
      {
        given: 'Bearer realm="x, error=\\"invalid_token\\""',
        want: [bearer({ realm: 'x, error="invalid_token"' })],
      },
    ],
    [
      'a repeated param keeps its first value',
      { given: 'Bearer error="a", error="b"', want: [bearer({ error: 'a' })] },
    ],
    [
      'spaces around "=" and extra commas',
      { given: ' ,Bearer  realm = "r" ,, error =x ', want: [bearer({ realm: 'r', error: 'x' })] },
    ],
    [
      'an unterminated quote ends parsing before that param',
      { given: 'Bearer realm="r", error="invalid_token', want: [bearer({ realm: 'r' })] },
    ],
    [
      'garbage after a value drops that param and ends parsing',
      { given: 'Bearer realm="r", error="a" junk, Basic realm="x"', want: [bearer({ realm: 'r' })] },
    ],
    [
      'an unquoted value that is no token ends parsing',
      { given: 'Bearer error=a, error_uri=https://x/y', want: [bearer({ error: 'a' })] },
    ],
    ['a header that starts with garbage', { given: '"Bearer" error=x', want: [] }],
  ])('%s', (_name, { given, want }) => {
    expect(parseWwwAuthenticate(given)).toEqual(want)
  })

  it('keeps a param named __proto__ as data', () => {
    const [challenge] = parseWwwAuthenticate('Bearer __proto__="x", error="e"')
    const params = challenge?.params ?? {}
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('x')
    expect(Object.getPrototypeOf(params)).toBeNull()
    expect(challenge?.params['error']).toBe('e')
    expect(Object.keys(challenge?.params ?? {})).toEqual(['__proto__', 'error'])
  })
})
