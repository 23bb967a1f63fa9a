import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../runtime/storage/memory.js'
import type { AuthorizationCodeRecord, TokenRecord } from '../../runtime/storage/store.js'

const code: AuthorizationCodeRecord = {
  codeHash: 'h1',
  clientId: 'c',
  redirectUri: 'https://app.example/cb',
  grantId: 'g1',
  sub: 'alice',
  scope: 'openid',
  expiresAt: 100,
}

function token(over: Partial<TokenRecord>): TokenRecord {
  return {
    tokenHash: 't',
    kind: 'access_token',
    clientId: 'c',
    grantId: 'g1',
    scope: '',
    issuedAt: 1,
    expiresAt: 2,
    ...over,
  }
}

describe('MemoryStore', () => {
  it('returns a code once, then reports every later use as a replay', async () => {
    const store = new MemoryStore()
    await store.saveAuthorizationCode(code)
    expect(await store.consumeAuthorizationCode('h1')).toEqual({ record: code, replayed: false })
    expect((await store.consumeAuthorizationCode('h1'))?.replayed).toBe(true)
    expect(await store.consumeAuthorizationCode('nope')).toBeUndefined()
  })

  it('lets only the first caller mark a refresh token used', async () => {
    const store = new MemoryStore()
    await store.saveToken(token({ tokenHash: 'r', kind: 'refresh_token' }))
    const results = await Promise.all([store.markTokenUsed('r', 5), store.markTokenUsed('r', 6)])
    expect(results.sort()).toEqual([false, true])
    expect((await store.getToken('r'))?.usedAt).toBe(5)
  })

  it('revokes a whole grant family, including tokens saved afterwards', async () => {
    const store = new MemoryStore()
    await store.saveToken(token({ tokenHash: 'a' }))
    await store.saveToken(token({ tokenHash: 'b', kind: 'refresh_token' }))
    await store.saveToken(token({ tokenHash: 'other', grantId: 'g2' }))
    expect(await store.revokeGrant('g1', 9)).toBe(2)
    await store.saveToken(token({ tokenHash: 'late', issuedAt: 10 }))
    expect((await store.getToken('a'))?.revokedAt).toBe(9)
    expect((await store.getToken('late'))?.revokedAt).toBe(10)
    expect((await store.getToken('other'))?.revokedAt).toBeUndefined()
  })

  it('copies records so callers cannot mutate stored state', async () => {
    const store = new MemoryStore()
    const client = {
      clientId: 'c',
      tokenEndpointAuthMethod: 'none' as const,
      redirectUris: ['https://a/cb'],
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      scope: 'openid',
    }
    await store.saveClient(client)
    client.redirectUris.push('https://evil/cb')
    const got = await store.getClient('c')
    expect(got?.redirectUris).toEqual(['https://a/cb'])
    await store.saveConsent({ sub: 's', clientId: 'c', scope: 'openid', grantedAt: 1 })
    expect((await store.getConsent('s', 'c'))?.scope).toBe('openid')
    expect(await store.getConsent('s', 'x')).toBeUndefined()
  })
})
