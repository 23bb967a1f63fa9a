import { describe, expect, it } from 'vitest'
import { parseScope } from '../../runtime/server/lib/scope.js'

describe('parseScope (RFC 6749 §3.3)', () => {
  it.each([
    ['absent', undefined, []],
    ['empty', '', []],
    ['one scope', 'api', ['api']],
    ['several, repeats dropped', 'api read api', ['api', 'read']],
    ['extra spaces', ' api  read ', ['api', 'read']],
    ['only spaces', '   ', []],
  ])('%s', (_name, given, want) => {
    expect(parseScope(given)).toEqual(want)
  })

  it.each(['"', 'a"b', 'api a\\b', 'é', 'api\tread'])('refuses %j with invalid_scope', (given) => {
    expect(() => parseScope(given)).toThrow(expect.objectContaining({ error: 'invalid_scope' }))
  })
})
