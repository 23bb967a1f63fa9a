import { describe, expect, it } from 'vitest'
import { DEVICE_CODE_GRANT, deviceCodeGrant, openIdExtension } from '../../runtime/server/index.js'
import { formRequest, ISSUER, setup } from './fixtures.js'

async function deviceServer() {
  const f = await setup()
  f.server.registerGrant(deviceCodeGrant(), [openIdExtension()])
  await f.store.saveClient({
    clientId: 'tv',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [],
    grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
    responseTypes: [],
    scope: 'openid profile offline_access',
    clientName: 'Living Room TV',
  })
  return f
}

type F = Awaited<ReturnType<typeof deviceServer>>

async function start(f: F, scope = 'openid profile') {
  const res = await f.server.handler(formRequest('/device_authorization', { client_id: 'tv', scope }))
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toBe('no-store')
  return (await res.json()) as Record<string, string | number>
}

const poll = async (f: F, deviceCode: string, clientId = 'tv') => {
  const res = await f.server.tokenEndpoint(
    formRequest('/token', { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId }),
  )
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

describe('device authorization grant (RFC 8628)', () => {
  it('is off until registered', async () => {
    const f = await setup()
    expect(
      (await f.server.handler(formRequest('/device_authorization', { client_id: 'native' }))).status,
    ).toBe(404)
    expect(f.server.metadata()['device_authorization_endpoint']).toBeUndefined()
  })

  it('answers with device_code, user_code, verification URIs, expires_in and interval', async () => {
    const f = await deviceServer()
    const d = await start(f)
    expect(d).toEqual({
      device_code: expect.stringMatching(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/),
      user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
      verification_uri: `${ISSUER}/device`,
      verification_uri_complete: `${ISSUER}/device?user_code=${d.user_code}`,
      expires_in: 600,
      interval: 5,
    })
    expect(f.server.metadata()['device_authorization_endpoint']).toBe(`${ISSUER}/device_authorization`)
    expect(f.server.metadata()['grant_types_supported']).toContain(DEVICE_CODE_GRANT)
  })

  it('pending, then slow_down when polling too fast, then tokens once approved, then invalid_grant', async () => {
    const f = await deviceServer()
    const d = await start(f)
    const code = String(d.device_code)
    expect(await poll(f, code)).toEqual({
      status: 400,
      body: { error: 'authorization_pending', error_description: 'the user has not decided yet' },
    })
    expect(await poll(f, code)).toEqual({
      status: 400,
      body: { error: 'slow_down', error_description: 'poll at most every 5 seconds' },
    })
    const typed = String(d.user_code).toLowerCase().replace('-', ' ')
    const consent = await f.server.validateUserCode(typed)
    expect(consent).toMatchObject({
      client: { clientId: 'tv', clientName: 'Living Room TV' },
      scopes: ['openid', 'profile'],
    })
    await f.server.completeDeviceAuthorization(typed, { user: { sub: 'alice', authTime: 1 }, approved: true })
    f.clock.now += 5000
    const ok = await poll(f, code)
    expect(ok.status).toBe(200)
    expect(Object.keys(ok.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ])
    f.clock.now += 5000
    expect((await poll(f, code)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the device code was already used',
    })
  })

  it('a denial gives access_denied', async () => {
    const f = await deviceServer()
    const d = await start(f)
    await f.server.completeDeviceAuthorization(String(d.user_code), { approved: false })
    expect((await poll(f, String(d.device_code))).body.error).toBe('access_denied')
  })

  it('an expired device code gives expired_token and its user code is refused', async () => {
    const f = await deviceServer()
    const d = await start(f)
    f.clock.now += 600_000
    expect((await poll(f, String(d.device_code))).body.error).toBe('expired_token')
    await expect(f.server.validateUserCode(String(d.user_code))).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('refuses another client, unknown codes, a second decision and widened scopes', async () => {
    const f = await deviceServer()
    const native = await f.store.getClient('native')
    await f.store.saveClient({ ...native!, grantTypes: [DEVICE_CODE_GRANT] })
    const d = await start(f)
    expect((await poll(f, String(d.device_code), 'native')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the device code is invalid',
    })
    await expect(f.server.validateUserCode('BCDF-GHJK')).rejects.toMatchObject({ error: 'invalid_grant' })
    await expect(
      f.server.completeDeviceAuthorization(String(d.user_code), {
        user: { sub: 'alice' },
        approved: true,
        scopes: ['offline_access'],
      }),
    ).rejects.toThrow('may only narrow')
    await f.server.completeDeviceAuthorization(String(d.user_code), {
      user: { sub: 'alice' },
      approved: true,
    })
    await expect(
      f.server.completeDeviceAuthorization(String(d.user_code), { approved: false }),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('refuses clients without the device grant and scopes beyond the client', async () => {
    const f = await deviceServer()
    const a = await f.server.handler(formRequest('/device_authorization', { client_id: 'native' }))
    expect((await a.json()).error).toBe('unauthorized_client')
    const b = await f.server.handler(
      formRequest('/device_authorization', { client_id: 'tv', scope: 'email' }),
    )
    expect((await b.json()).error).toBe('invalid_scope')
  })
})
