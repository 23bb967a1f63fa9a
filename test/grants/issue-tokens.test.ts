import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  type IssueTokenResponseInput,
  issueTokenResponse,
  OAuthServerError,
  openIdExtension,
  refreshTokenGrant,
} from '../../runtime/server/index.js'
import { basic, formRequest, ISSUER, setup } from '../server/fixtures.js'

const OTP = 'urn:example:otp'

/** A hand-written extension grant that answers through the public issuing function only. */
async function serverWith(input: Omit<IssueTokenResponseInput, 'grantType'>, refreshGrant = true) {
  const f = await setup({ defaultGrants: false })
  f.server.registerGrant(
    {
      grantType: OTP,
      async handleTokenRequest(ctx) {
        if (ctx.params.get('otp') !== '123456') {
          throw new OAuthServerError({ error: 'invalid_grant', error_description: 'wrong otp' })
        }
        return issueTokenResponse(ctx, { grantType: OTP, ...input })
      },
    },
    [openIdExtension()],
  )
  if (refreshGrant) f.server.registerGrant(refreshTokenGrant())
  const web = await f.store.getClient('web')
  await f.store.saveClient({ ...web!, grantTypes: [OTP, 'refresh_token'] })
  const ask = async (otp = '123456') => {
    const res = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: OTP, otp }, { authorization: basic('web', 'web-secret') }),
    )
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  return { f, ask }
}

describe('issueTokenResponse: the public way for extension grants to issue tokens', () => {
  it('issues a stored access token, a refresh token and an ID token through the extensions', async () => {
    const { f, ask } = await serverWith({
      sub: 'alice',
      scopes: ['openid', 'api:read'],
      refreshToken: true,
      extra: { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
    })
    const ok = await ask()
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid api:read',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    })
    expect(decodeJwt(ok.body['id_token'] as string)).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web' })
    const info = await f.server.introspectionEndpoint(
      formRequest(
        '/introspect',
        { token: ok.body['access_token'] as string },
        { authorization: basic('web', 'web-secret') },
      ),
    )
    expect(await info.json()).toMatchObject({ active: true, sub: 'alice', scope: 'openid api:read' })
    // The refresh token works with the refresh grant (same grant family).
    const refreshed = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        { grant_type: 'refresh_token', refresh_token: ok.body['refresh_token'] as string },
        { authorization: basic('web', 'web-secret') },
      ),
    )
    expect(refreshed.status).toBe(200)
    expect((await ask('000000')).body).toMatchObject({ error: 'invalid_grant' })
  })

  it.each([
    ['without an end-user', { sub: undefined, scopes: ['api:read'], refreshToken: true }, true],
    [
      'when the server has no refresh grant',
      { sub: 'alice', scopes: ['api:read'], refreshToken: true },
      false,
    ],
    ['when not asked', { sub: 'alice', scopes: ['api:read'] }, true],
  ])('issues no refresh token %s', async (_label, input, refreshGrant) => {
    const { ask } = await serverWith(input, refreshGrant)
    const ok = await ask()
    expect(ok.status).toBe(200)
    expect(ok.body['refresh_token']).toBeUndefined()
  })

  it.each([
    [{ extra: { access_token: 'mine' } }, /must not set access_token/],
    [{ grantType: '' }, /input.grantType/],
    [{ scopes: 'api:read' as unknown as string[] }, /input.scopes/],
  ])('refuses wrong arguments with ArgumentError (%#)', async (patch, message) => {
    const f = await setup({ defaultGrants: false })
    let thrown: unknown
    f.server.registerGrant({
      grantType: OTP,
      async handleTokenRequest(ctx) {
        try {
          return await issueTokenResponse(ctx, { grantType: OTP, scopes: [], ...patch })
        } catch (err) {
          thrown = err
          throw err
        }
      },
    })
    const web = await f.store.getClient('web')
    await f.store.saveClient({ ...web!, grantTypes: [OTP] })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', { grant_type: OTP }, { authorization: basic('web', 'web-secret') }),
    )
    expect(res.status).toBe(500)
    expect(thrown).toBeInstanceOf(ArgumentError)
    expect((thrown as Error).message).toMatch(message)
  })
})
