import { describe, expect, it, vi } from 'vitest'
import { createClientCredentialsGrant } from '../../generated/grants/client_credentials.js'
import { createRefreshTokenGrant } from '../../generated/grants/refresh_token.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import { issueTokenResponse } from '../../runtime/server/index.js'
import { basic, formRequest, setup } from '../server/fixtures.js'

const OTP = 'urn:example:otp'
const web = { authorization: basic('web', 'web-secret') }

describe('engines use what the runtime grant already read and decided', () => {
  it('client credentials: the hook gets the scopes the grant settled on, once, and never for a bad scope', async () => {
    const f = await setup({ defaultGrants: false })
    const seen: (readonly string[])[] = []
    registerDefinedGrants(f.server, [
      createClientCredentialsGrant({
        authorizeClient: ({ scopes }) => {
          seen.push(scopes)
          return !scopes.includes('api:write')
        },
      }),
    ])
    const ask = async (form: Record<string, string>) =>
      (
        await f.server.tokenEndpoint(
          formRequest('/token', { grant_type: 'client_credentials', ...form }, web),
        )
      ).json()
    // No scope asked: the registered ones without the end-user scopes, decided by the grant alone.
    expect(await ask({ scope: 'api:read' })).toMatchObject({ scope: 'api:read' })
    expect(await ask({})).toMatchObject({ error: 'unauthorized_client' })
    expect(await ask({ scope: 'openid' })).toMatchObject({ error: 'invalid_scope' })
    expect(seen).toEqual([['api:read'], ['profile', 'email', 'api:read', 'api:write']])
  })

  it('refresh: one read of the token; the hook only for a live token, with its grant family', async () => {
    const f = await setup({ defaultGrants: false })
    const asked: { sub: string | undefined; grantId: string }[] = []
    registerDefinedGrants(f.server, [
      createRefreshTokenGrant({
        isGrantActive: ({ sub, grantId }) => {
          asked.push({ sub, grantId })
          return sub === 'alice'
        },
      }),
    ])
    f.server.registerGrant({
      grantType: OTP,
      handleTokenRequest: (ctx) =>
        issueTokenResponse(ctx, { grantType: OTP, sub: 'alice', scopes: ['api:read'], refreshToken: true }),
    })
    const client = await f.store.getClient('web')
    await f.store.saveClient({ ...client!, grantTypes: [OTP, 'refresh_token'] })
    const first = (await (
      await f.server.tokenEndpoint(formRequest('/token', { grant_type: OTP }, web))
    ).json()) as { refresh_token: string }
    const refresh = async (token: string) =>
      (
        await f.server.tokenEndpoint(
          formRequest('/token', { grant_type: 'refresh_token', refresh_token: token }, web),
        )
      ).json() as Promise<{ refresh_token?: string; error?: string }>
    const reads = vi.spyOn(f.store, 'getToken')
    const second = await refresh(first.refresh_token)
    expect(second.refresh_token).toBeDefined()
    expect(reads).toHaveBeenCalledTimes(1)
    expect(asked).toHaveLength(1)
    expect(asked[0]!.sub).toBe('alice')
    // A reused token revokes the family without asking the app.
    expect(await refresh(first.refresh_token)).toMatchObject({ error: 'invalid_grant' })
    expect(asked).toHaveLength(1)
  })
})
