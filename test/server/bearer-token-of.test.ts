import { describe, expect, it } from 'vitest'
import { OAuthServerError } from '../../runtime/server/errors.js'
import { bearerTokenOf, extractBearerToken } from '../../runtime/server/lib/bearer.js'
import { coreRequestOf } from '../../runtime/server/lib/core-http.js'

const opts = (allowQueryToken: boolean) => ({ realm: 'authspec', allowQueryToken })

// bearerTokenOf is the synchronous twin of extractBearerToken without body tokens: every case
// must come out of both the same, token or error.
const cases: [string, string, Record<string, string>, boolean, string][] = [
  ['header token', 'https://api.example/x', { authorization: 'Bearer abc.def-_' }, false, 'abc.def-_'],
  [
    'case-insensitive scheme, spaces trimmed',
    'https://api.example/x',
    { authorization: 'bearer   tok=  ' },
    false,
    'tok=',
  ],
  ['query token when allowed', 'https://api.example/x?access_token=q1', {}, true, 'q1'],
  [
    'query token refused',
    'https://api.example/x?access_token=q1',
    {},
    false,
    'error:access tokens in the query string are refused',
  ],
  [
    'header and query token',
    'https://api.example/x?access_token=q1',
    { authorization: 'Bearer h1' },
    true,
    'error:more than one access token was sent',
  ],
  [
    'header and an unrelated query',
    'https://api.example/x?page=2',
    { authorization: 'Bearer h1' },
    false,
    'h1',
  ],
  [
    'malformed header',
    'https://api.example/x',
    { authorization: 'Bearer a b' },
    false,
    'error:malformed Authorization header',
  ],
  [
    'other scheme, no token',
    'https://api.example/x',
    { authorization: 'Basic abc' },
    false,
    'error:an access token is required',
  ],
  ['no token', 'https://api.example/x', {}, false, 'error:an access token is required'],
]

function outcome(run: () => string): string {
  try {
    return run()
  } catch (err) {
    if (!(err instanceof OAuthServerError)) throw err
    return `error:${err.error_description}`
  }
}

describe('bearerTokenOf', () => {
  it.each(cases)('%s', async (_name, url, headers, allowQuery, expected) => {
    const request = new Request(url, { headers })
    expect(outcome(() => bearerTokenOf(request, opts(allowQuery)))).toBe(expected)
    let viaAsync: string
    try {
      viaAsync = await extractBearerToken(coreRequestOf(request), opts(allowQuery))
    } catch (err) {
      if (!(err instanceof OAuthServerError)) throw err
      viaAsync = `error:${err.error_description}`
    }
    expect(viaAsync).toBe(expected)
  })
})
