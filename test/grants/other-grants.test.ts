import { describe, expect, it } from 'vitest'
import { createDeviceCodeGrant } from '../../generated/grants/device_code.js'
import { createImplicitGrant } from '../../generated/grants/implicit.js'
import { createPasswordGrant } from '../../generated/grants/password.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import { authorizeUrl, basic, formRequest, setup } from '../server/fixtures.js'

describe('password, device code and implicit from their definitions', () => {
  it('password: the hook checks credentials; client authentication outside the definition is refused', async () => {
    const f = await setup({ defaultGrants: false })
    const md = registerDefinedGrants(f.server, [
      createPasswordGrant({
        authenticateUser: async ({ username, password }) =>
          username === 'alice' && password === 'wonderland' ? { sub: 'alice' } : undefined,
      }),
    ])
    expect(f.server.metadata()['grant_types_supported']).toEqual(md.grant_types_supported)
    const client = await f.store.getClient('web')
    await f.store.saveClient({ ...client!, grantTypes: ['password'] })
    const native = await f.store.getClient('native')
    await f.store.saveClient({ ...native!, grantTypes: ['password'] })
    const ask = (form: Record<string, string>, auth?: string) =>
      f.server.tokenEndpoint(
        formRequest(
          '/token',
          { grant_type: 'password', scope: 'api:read', ...form },
          auth ? { authorization: auth } : {},
        ),
      )
    const ok = await ask({ username: 'alice', password: 'wonderland' }, basic('web', 'web-secret'))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ scope: 'api:read', token_type: 'Bearer' })
    const cases: [Record<string, string>, string | undefined, string][] = [
      [{ username: 'alice', password: 'wrong' }, basic('web', 'web-secret'), 'invalid_grant'],
      [{ username: 'alice' }, basic('web', 'web-secret'), 'invalid_request'],
      [{ username: 'alice', password: 'wonderland', client_id: 'native' }, undefined, 'unauthorized_client'],
    ]
    for (const [form, auth, error] of cases)
      expect(((await (await ask(form, auth)).json()) as { error: string }).error).toBe(error)
  })

  it('device code: the hook can refuse a client before polling', async () => {
    const f = await setup({ defaultGrants: false })
    f.server.registerGrant(
      createDeviceCodeGrant({ authorizeClient: async ({ client }) => client.clientId !== 'native' }).grant,
    )
    const native = await f.store.getClient('native')
    await f.store.saveClient({ ...native!, grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'] })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: 'x',
        client_id: 'native',
      }),
    )
    expect(await res.json()).toMatchObject({ error: 'unauthorized_client' })
  })

  it('implicit: the token comes back in the fragment; the hook can refuse; query is refused', async () => {
    const f = await setup({ defaultGrants: false })
    f.server.registerGrant(
      createImplicitGrant({ authorizeRequest: async ({ scopes }) => !scopes.includes('api:write') }).grant,
    )
    const web = await f.store.getClient('web')
    await f.store.saveClient({ ...web!, responseTypes: ['token'] })
    const authorize = async (extra: Record<string, string>) => {
      const params = {
        client_id: 'web',
        redirect_uri: 'https://app.example/cb',
        response_type: 'token',
        state: 's',
        nonce: 'n',
        ...extra,
      }
      const res = await f.server.createAuthorizationResponse(new Request(authorizeUrl(params)), {
        user: { sub: 'alice' },
        approved: true,
      })
      return new URL(res.headers.get('location') ?? 'about:blank')
    }
    const ok = await authorize({ scope: 'api:read' })
    expect(decodeURIComponent(ok.hash)).toContain('access_token=')
    expect(ok.search).toBe('')
    expect(new URLSearchParams(ok.hash.slice(1)).get('access_token')).toMatch(
      /^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/,
    )
    const denied = await authorize({ scope: 'api:write' })
    expect(new URLSearchParams(denied.hash.slice(1)).get('error')).toBe('access_denied')
    const query = await authorize({ scope: 'api:read', response_mode: 'query' })
    expect(query.searchParams.get('access_token')).toBeNull()
    expect(query.searchParams.get('error') ?? new URLSearchParams(query.hash.slice(1)).get('error')).toBe(
      'invalid_request',
    )
  })
})
