import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { createTokenSet, TokenSet } from '../../runtime/oauth2/token-set.js'
import type { TokenResponse } from '../../runtime/oauth2/types.js'

const T0 = 1_700_000_000_000 // ms
const clockAt = (ms: number) => () => ms

const base: TokenResponse = { access_token: 'at-1', token_type: 'Bearer' }

describe('createTokenSet', () => {
  it('copies the token fields and keeps unknown members in raw', () => {
    const set = createTokenSet({
      ...base,
      refresh_token: 'rt-1',
      id_token: 'id-1',
      user_id: 42,
      email: 'a@example.com',
    })
    expect(set.accessToken).toBe('at-1')
    expect(set.tokenType).toBe('Bearer')
    expect(set.refreshToken).toBe('rt-1')
    expect(set.idToken).toBe('id-1')
    expect(set.raw['user_id']).toBe(42)
    expect(set.raw['email']).toBe('a@example.com')
  })

  it.each([
    ['whole second', T0, 3600, 1_700_003_600],
    ['fraction of a second rounds down', T0 + 999, 60, 1_700_000_060],
    ['zero lifetime', T0, 0, 1_700_000_000],
    ['numeric string from a lax server', T0, '120', 1_700_000_120],
  ] as const)('expiresAt from expires_in (%s)', (_name, now, expiresIn, want) => {
    const set = createTokenSet({ ...base, expires_in: expiresIn as number }, { now: clockAt(now) })
    expect(set.expiresAt).toBe(want)
    expect(set.expiresIn(now)).toBeCloseTo(want - now / 1000, 6)
  })

  it('has no expiry without expires_in and is then never expired', () => {
    const set = createTokenSet(base, { now: clockAt(T0) })
    expect(set.expiresAt).toBeUndefined()
    expect(set.expiresIn()).toBeUndefined()
    expect(set.isExpired(0, T0 + 10 * 365 * 86_400_000)).toBe(false)
  })

  it.each([
    // [elapsed seconds, leeway, expired?] for a 100 s token
    [0, 30, false],
    [69, 30, false],
    [70, 30, true],
    [99, 0, false],
    [100, 0, true],
    [500, 0, true],
    [10, 95, true],
  ])('isExpired after %is with leeway %i is %s', (elapsed, leeway, want) => {
    const set = createTokenSet({ ...base, expires_in: 100 }, { now: clockAt(T0) })
    expect(set.isExpired(leeway, T0 + elapsed * 1000)).toBe(want)
  })

  it('isExpired defaults to a 30 s leeway and the injected clock', () => {
    let now = T0
    const set = createTokenSet({ ...base, expires_in: 100 }, { now: () => now })
    now = T0 + 69_000
    expect(set.isExpired()).toBe(false)
    now = T0 + 70_000
    expect(set.isExpired()).toBe(true)
  })

  it('rejects a negative leeway', () => {
    const set = createTokenSet({ ...base, expires_in: 100 })
    expect(() => set.isExpired(-1)).toThrow(ArgumentError)
  })

  it.each([
    ['space', 'openid profile email', undefined, ['openid', 'profile', 'email']],
    ['repeated spaces', ' openid  profile ', undefined, ['openid', 'profile']],
    ['comma', 'repo,gist,read:user', ',', ['repo', 'gist', 'read:user']],
    ['comma with spaces', 'repo, gist', ',', ['repo', 'gist']],
    ['comma string read with spaces', 'repo,gist', undefined, ['repo,gist']],
    ['empty', '', undefined, []],
  ] as const)('parses scopes (%s)', (_name, scope, delimiter, want) => {
    const set = createTokenSet({ ...base, scope }, delimiter ? { scopeDelimiter: delimiter } : {})
    expect(set.scopes).toEqual(want)
    for (const s of want) expect(set.hasScope(s)).toBe(true)
    expect(set.hasScope('admin')).toBe(false)
  })

  it('has no scopes when the response names none', () => {
    expect(createTokenSet(base).scopes).toEqual([])
  })

  it.each([
    ['missing access_token', { token_type: 'Bearer' }],
    ['empty access_token', { access_token: '', token_type: 'Bearer' }],
    ['missing token_type', { access_token: 'x' }],
    ['negative expires_in', { ...base, expires_in: -5 }],
    ['not an object', 'access_token=x'],
  ])('rejects a response that is not a token response (%s)', (_name, response) => {
    expect(() => createTokenSet(response as TokenResponse)).toThrow(/"response"/)
  })

  it.each([
    ['empty delimiter', { scopeDelimiter: '' }, /"scopeDelimiter"/],
    ['previous not a TokenSet', { previous: { refreshToken: 'x' } }, /"previous"/],
    ['now not a function', { now: 5 }, /"now"/],
  ])('rejects wrong options (%s)', (_name, options, message) => {
    expect(() => createTokenSet(base, options as never)).toThrow(message)
  })

  it('is immutable', () => {
    const set = createTokenSet({ ...base, scope: 'a b', extra: { n: 1 } })
    expect(Object.isFrozen(set)).toBe(true)
    expect(Object.isFrozen(set.scopes)).toBe(true)
    expect(Object.isFrozen(set.raw)).toBe(true)
    expect(() => {
      ;(set as { accessToken: string }).accessToken = 'changed'
    }).toThrow(TypeError)
  })
})

describe('createTokenSet with a previous set (refresh)', () => {
  const first = createTokenSet(
    { ...base, refresh_token: 'rt-1', id_token: 'id-1', scope: 'read write', expires_in: 60 },
    { now: clockAt(T0) },
  )

  it.each([
    ['kept when the response has none', { access_token: 'at-2', token_type: 'Bearer' }, 'rt-1'],
    ['replaced when rotated', { access_token: 'at-2', token_type: 'Bearer', refresh_token: 'rt-2' }, 'rt-2'],
  ])('refresh token %s', (_name, response, want) => {
    const next = createTokenSet(response, { previous: first })
    expect(next.refreshToken).toBe(want)
    expect(next.accessToken).toBe('at-2')
    expect(first.refreshToken).toBe('rt-1')
  })

  it.each([
    ['kept when omitted (RFC 6749 §5.1)', {}, ['read', 'write']],
    ['replaced when narrowed', { scope: 'read' }, ['read']],
    ['replaced when explicitly empty', { scope: '' }, []],
  ])('scopes %s', (_name, extra, want) => {
    const next = createTokenSet({ access_token: 'at-2', token_type: 'Bearer', ...extra }, { previous: first })
    expect(next.scopes).toEqual(want)
  })

  it('keeps the previous ID token unless a new one comes, and never inherits expiry', () => {
    const kept = createTokenSet({ access_token: 'at-2', token_type: 'Bearer' }, { previous: first })
    expect(kept.idToken).toBe('id-1')
    expect(kept.expiresAt).toBeUndefined()
    const replaced = createTokenSet(
      { access_token: 'at-3', token_type: 'Bearer', id_token: 'id-2', expires_in: 10 },
      { previous: kept, now: clockAt(T0 + 5000) },
    )
    expect(replaced.idToken).toBe('id-2')
    expect(replaced.expiresAt).toBe(T0 / 1000 + 15)
  })

  it('inherits the scope delimiter of the previous set', () => {
    const gh = createTokenSet({ ...base, scope: 'repo,gist', refresh_token: 'r' }, { scopeDelimiter: ',' })
    const next = createTokenSet(
      { access_token: 'at-2', token_type: 'bearer', scope: 'repo,user' },
      { previous: gh },
    )
    expect(next.scopes).toEqual(['repo', 'user'])
    expect(next.scopeDelimiter).toBe(',')
  })
})

describe('TokenSet JSON persistence', () => {
  it('round-trips through JSON text with every field and the raw response', () => {
    const first = createTokenSet(
      { ...base, refresh_token: 'rt-1', scope: 'a,b', expires_in: 300, user_id: 'u-9' },
      { now: clockAt(T0), scopeDelimiter: ',' },
    )
    const rotated = createTokenSet(
      { access_token: 'at-2', token_type: 'Bearer', id_token: 'id' },
      { previous: first },
    )
    for (const set of [first, rotated]) {
      const text = JSON.stringify(set)
      const back = TokenSet.fromJSON(text, { now: clockAt(T0) })
      expect(back).toBeInstanceOf(TokenSet)
      expect(back.toJSON()).toEqual(set.toJSON())
      expect(TokenSet.fromJSON(JSON.parse(text)).toJSON()).toEqual(set.toJSON())
    }
    const back = TokenSet.fromJSON(JSON.stringify(first), { now: clockAt(T0 + 271_000) })
    expect(back.raw['user_id']).toBe('u-9')
    expect(back.scopes).toEqual(['a', 'b'])
    expect(back.expiresAt).toBe(T0 / 1000 + 300)
    expect(back.isExpired()).toBe(true)
    expect(back.isExpired(0)).toBe(false)
  })

  it('omits absent optional fields', () => {
    const json = createTokenSet(base).toJSON()
    expect(Object.keys(json).sort()).toEqual([
      'accessToken',
      'raw',
      'scopeDelimiter',
      'scopes',
      'tokenType',
      'version',
    ])
  })

  it.each([
    ['not JSON text', '{nope'],
    ['wrong version', { ...createTokenSet(base).toJSON(), version: 2 }],
    ['missing accessToken', { ...createTokenSet(base).toJSON(), accessToken: undefined }],
    ['expiresAt not a number', { ...createTokenSet(base).toJSON(), expiresAt: 'soon' }],
    ['null', null],
  ])('fromJSON rejects %s', (_name, json) => {
    expect(() => TokenSet.fromJSON(json)).toThrow(ArgumentError)
    expect(() => TokenSet.fromJSON(json)).toThrow(/"json"/)
  })
})
