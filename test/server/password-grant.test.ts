import { describe, expect, it } from 'vitest'
import { openIdExtension, passwordGrant } from '../../runtime/server/index.js'
import { basic, formRequest, setup } from './fixtures.js'

const auth = { authorization: basic('web', 'web-secret') }

async function passwordServer() {
  const f = await setup()
  const web = await f.store.getClient('web')
  await f.store.saveClient({ ...web!, grantTypes: [...web!.grantTypes, 'password'] })
  return f
}

describe('password grant (off by default)', () => {
  it('is not registered unless asked for', async () => {
    const f = await passwordServer()
    const res = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'password', username: 'alice', password: 'pw' }, auth),
    )
    expect((await res.json()).error).toBe('unsupported_grant_type')
    expect(f.server.metadata()['grant_types_supported']).not.toContain('password')
  })

  it('issues tokens for valid credentials and invalid_grant otherwise', async () => {
    const f = await passwordServer()
    f.server.registerGrant(
      passwordGrant({
        authenticateUser: async (u, p) =>
          u === 'alice' && p === 'wonderland' ? { sub: 'alice' } : undefined,
      }),
      [openIdExtension()],
    )
    const ok = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        { grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'openid' },
        auth,
      ),
    )
    const body = await ok.json()
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ])
    const bad = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'password', username: 'alice', password: 'nope' }, auth),
    )
    expect(await bad.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the resource owner credentials are invalid',
    })
    const missing = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'password', username: 'alice' }, auth),
    )
    expect((await missing.json()).error_description).toBe('username and password are required')
  })
})
