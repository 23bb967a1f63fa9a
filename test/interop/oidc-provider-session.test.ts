import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clientCredentialsGrant,
  createAuthenticatedFetch,
  createTokenSet,
  discover,
  introspectToken,
  refreshTokenGrant,
  revokeToken,
  type ServerMetadata,
  type TokenResponse,
  TokenSet,
} from '../../runtime/oauth2/index.js'
import { clientConfig, signIn } from '../helpers/authspec-flow.js'
import { type LocalProvider, startOidcProvider } from '../helpers/oidc-provider-server.js'

// The token model and the authenticated fetch against oidc-provider's userinfo endpoint, whose
// 401 `WWW-Authenticate: Bearer error="invalid_token"` and refresh-token rotation with reuse
// detection are the real referees: a second refresh with a spent token would revoke the grant.

let op: LocalProvider
let metadata: ServerMetadata

beforeAll(async () => {
  op = await startOidcProvider()
  metadata = await discover(op.issuer)
})

afterAll(async () => {
  expect(op.serverErrors).toEqual([])
  await op.close()
})

/** A live session whose access token the server no longer accepts (revoked out of band). */
async function sessionWithDeadAccessToken(now?: () => number) {
  const client = clientConfig(op, 'confidential')
  const live = await signIn(op, metadata, client)
  const other = await signIn(op, metadata, client, ['openid'])
  await revokeToken({ metadata, client, token: other.tokens.access_token })
  const response: TokenResponse = { ...live.tokens, access_token: other.tokens.access_token }
  const tokens = createTokenSet(response, now ? { now } : {})
  const refreshCalls: string[] = []
  const persisted: TokenSet[] = []
  const api = createAuthenticatedFetch({
    tokens,
    refresh: (refreshToken) => {
      refreshCalls.push(refreshToken)
      return refreshTokenGrant({ metadata, client, refreshToken })
    },
    onTokens: (set) => {
      persisted.push(set)
    },
    ...(now ? { now } : {}),
  })
  return { client, tokens, api, refreshCalls, persisted }
}

async function userinfoSub(res: Response): Promise<string> {
  expect(res.status).toBe(200)
  return ((await res.json()) as { sub: string }).sub
}

describe('authenticated fetch against a real resource', () => {
  it('refreshes once on 401 invalid_token, retries, and keeps the rotated refresh token', async () => {
    const { tokens, api, refreshCalls, persisted } = await sessionWithDeadAccessToken()
    const res = await api(metadata.userinfo_endpoint!)
    expect(await userinfoSub(res)).toBe(op.user.sub)
    expect(refreshCalls).toEqual([tokens.refreshToken])
    expect(persisted).toHaveLength(1)
    expect(persisted[0]!.refreshToken).not.toBe(tokens.refreshToken)
    expect(api.tokens()).toBe(persisted[0])
    expect(api.tokens().idToken).toBeTruthy()
  })

  it('shares one refresh among concurrent callers (a second one would trip reuse detection)', async () => {
    const { api, refreshCalls } = await sessionWithDeadAccessToken()
    const subs = await Promise.all(
      [1, 2, 3, 4].map(async () => userinfoSub(await api(metadata.userinfo_endpoint!))),
    )
    expect(subs).toEqual([op.user.sub, op.user.sub, op.user.sub, op.user.sub])
    expect(refreshCalls).toHaveLength(1)
    // The rotated refresh token still works, so the grant was not revoked for reuse.
    const next = await api.renew()
    expect(next.refreshToken).toBeTruthy()
    expect(refreshCalls).toHaveLength(2)
  })

  it('renews before sending when the token is about to expire (injected clock)', async () => {
    let clock = Date.now()
    const client = clientConfig(op, 'public')
    const { tokens: response } = await signIn(op, metadata, client)
    const tokens = createTokenSet(response, { now: () => clock })
    expect(tokens.isExpired()).toBe(false)
    const refreshed: string[] = []
    const api = createAuthenticatedFetch({
      tokens,
      now: () => clock,
      refresh: (refreshToken) => {
        refreshed.push(refreshToken)
        return refreshTokenGrant({ metadata, client, refreshToken })
      },
    })
    expect(await userinfoSub(await api(metadata.userinfo_endpoint!))).toBe(op.user.sub)
    expect(refreshed).toEqual([])

    clock += (response.expires_in! - 10) * 1000 // inside the default 30 s leeway
    expect(await userinfoSub(await api(metadata.userinfo_endpoint!))).toBe(op.user.sub)
    expect(refreshed).toEqual([response.refresh_token])
    expect(api.tokens().accessToken).not.toBe(response.access_token)
    expect(api.tokens().isExpired()).toBe(false)
  })

  it('re-fetches client_credentials tokens instead of refreshing them', async () => {
    const client = clientConfig(op, 'privateKeyJwt')
    const first = createTokenSet(await clientCredentialsGrant({ metadata, client }))
    expect(first.refreshToken).toBeUndefined()
    let reacquired = 0
    const api = createAuthenticatedFetch({
      tokens: first,
      reacquire: () => {
        reacquired++
        return clientCredentialsGrant({ metadata, client })
      },
    })
    const next = await api.renew()
    expect(reacquired).toBe(1)
    expect(next.accessToken).not.toBe(first.accessToken)
    expect(await introspectToken({ metadata, client, token: next.accessToken })).toMatchObject({
      active: true,
    })
  })
})

describe('token set', () => {
  it('models a real token response and survives a JSON round trip', async () => {
    const now = Date.now()
    const { tokens: response } = await signIn(op, metadata, clientConfig(op, 'confidential'))
    const set = createTokenSet(response, { now: () => now })
    expect(set.expiresAt).toBe(Math.floor(now / 1000) + response.expires_in!)
    expect([...set.scopes].sort()).toEqual(['email', 'offline_access', 'openid', 'profile'])
    expect(set.hasScope('email')).toBe(true)
    const restored = TokenSet.fromJSON(JSON.parse(JSON.stringify(set)))
    expect(restored.toJSON()).toEqual(set.toJSON())
  })
})
