import { describe, expect, it } from 'vitest'
import type { EndSessionRequest } from '../../runtime/server/index.js'
import { generateSigningKeys } from '../../runtime/server/index.js'
import { ISSUER, setup, WEB_REDIRECT, webTokens } from './fixtures.js'

const AFTER = 'https://app.example/signed-out'

async function logoutServer() {
  const seen: EndSessionRequest[] = []
  const f = await setup({
    endSession: async (r) => {
      seen.push(r)
      return undefined
    },
  })
  const web = await f.store.getClient('web')
  await f.store.saveClient({ ...web!, postLogoutRedirectUris: [AFTER] })
  return { ...f, seen }
}

const logout = (params: Record<string, string>) =>
  new Request(`${ISSUER}/logout?${new URLSearchParams(params)}`)

describe('RP-initiated logout', () => {
  it('is off without an endSession hook', async () => {
    const f = await setup()
    expect((await f.server.handler(logout({}))).status).toBe(404)
    expect(f.server.metadata()['end_session_endpoint']).toBeUndefined()
  })

  it('verifies id_token_hint, ends the session and redirects to the registered URI with state', async () => {
    const f = await logoutServer()
    expect(f.server.metadata()['end_session_endpoint']).toBe(`${ISSUER}/logout`)
    const { body } = await webTokens(f)
    f.clock.now += 7200_000 // an expired hint is still a valid hint
    const res = await f.server.handler(
      logout({ id_token_hint: body.id_token!, post_logout_redirect_uri: AFTER, state: 's1' }),
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${AFTER}?state=s1`)
    expect(f.seen).toHaveLength(1)
    expect(f.seen[0]).toMatchObject({ sub: 'alice', clientId: 'web' })
  })

  it('without a redirect target shows a signed-out page that cannot be framed', async () => {
    const f = await logoutServer()
    const res = await f.server.handler(logout({}))
    expect(res.status).toBe(200)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(await res.text()).toContain('signed out')
  })

  const refusals: [string, (idToken: string) => Record<string, string>, string][] = [
    [
      'unregistered redirect',
      (t) => ({ id_token_hint: t, post_logout_redirect_uri: WEB_REDIRECT }),
      'post_logout_redirect_uri is not registered for this client',
    ],
    [
      'redirect without a client',
      () => ({ post_logout_redirect_uri: AFTER }),
      'post_logout_redirect_uri is not registered for this client',
    ],
    [
      'forged hint',
      (t) => ({ id_token_hint: `${t.slice(0, -4)}AAAA` }),
      'id_token_hint is not a valid ID token from this server',
    ],
    [
      'hint for another client',
      (t) => ({ id_token_hint: t, client_id: 'native' }),
      'client_id does not match id_token_hint',
    ],
  ]
  it.each(refusals)('%s -> error page, no redirect, session kept', async (_name, build, message) => {
    const f = await logoutServer()
    const { body } = await webTokens(f)
    const res = await f.server.handler(logout(build(body.id_token!)))
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(await res.text()).toContain(message)
    expect(f.seen).toHaveLength(0)
  })

  it('refuses an ID token signed by other keys', async () => {
    const other = await setup({ keys: await generateSigningKeys({ alg: 'ES256' }) })
    const { body } = await webTokens(other)
    const f = await logoutServer()
    const res = await f.server.handler(logout({ id_token_hint: body.id_token! }))
    expect(res.status).toBe(400)
  })
})
