import { describe, expect, it } from 'vitest'
import type { ServerEvent } from '../../runtime/server/index.js'
import { basic, formRequest, setup, VERIFIER, WEB_REDIRECT, webTokens } from './fixtures.js'

describe('audit events', () => {
  it('reports authentication, issuance, replay revocation and failures, with no secret in any event', async () => {
    const events: ServerEvent[] = []
    const f = await setup({
      onEvent: (e) => {
        events.push(e)
        throw new Error('a failing listener must not break the flow')
      },
    })
    const { body, code } = await webTokens(f)
    const replay = formRequest(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: VERIFIER },
      { authorization: basic('web', 'web-secret') },
    )
    expect((await f.server.tokenEndpoint(replay)).status).toBe(400)
    await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'client_credentials' }, { authorization: basic('web', 'bad') }),
    )
    expect(events.map((e) => e.type)).toEqual([
      'client_authenticated',
      'token_issued',
      'client_authenticated',
      'token_revoked',
      'grant_failed',
      'grant_failed',
    ])
    expect(events[3]).toMatchObject({
      type: 'token_revoked',
      clientId: 'web',
      reason: 'code_replay',
      count: 2,
    })
    expect(events[4]).toEqual({
      type: 'grant_failed',
      clientId: 'web',
      grantType: 'authorization_code',
      error: 'invalid_grant',
    })
    expect(events[5]).toEqual({
      type: 'grant_failed',
      clientId: undefined,
      grantType: 'client_credentials',
      error: 'invalid_client',
    })
    const all = JSON.stringify(events)
    for (const secret of [
      'web-secret',
      code,
      body.access_token!,
      body.refresh_token!,
      body.id_token!,
      VERIFIER,
    ]) {
      expect(all).not.toContain(secret)
    }
  })

  it('reports refresh token reuse and revocation requests', async () => {
    const events: ServerEvent[] = []
    const f = await setup({ onEvent: (e) => events.push(e) })
    const { body } = await webTokens(f)
    const auth = { authorization: basic('web', 'web-secret') }
    await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'refresh_token', refresh_token: body.refresh_token! }, auth),
    )
    await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: 'refresh_token', refresh_token: body.refresh_token! }, auth),
    )
    expect(events.filter((e) => e.type === 'token_revoked')).toEqual([
      expect.objectContaining({ reason: 'refresh_token_reuse', count: 4 }),
    ])
    const cc = await (
      await f.server.tokenEndpoint(formRequest('/token', { grant_type: 'client_credentials' }, auth))
    ).json()
    await f.server.revocationEndpoint(formRequest('/revoke', { token: cc.access_token }, auth))
    expect(events.at(-1)).toMatchObject({ type: 'token_revoked', reason: 'revocation_request', count: 1 })
  })
})
