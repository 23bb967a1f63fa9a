import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ClientConfig,
  clientCredentialsGrant,
  discover,
  introspectToken,
  pollDeviceToken,
  refreshTokenGrant,
  requestDeviceAuthorization,
  revokeToken,
  type ServerMetadata,
} from '../../runtime/oauth2/index.js'
import { createRemoteJwks, fetchUserInfo, validateIdToken } from '../../runtime/oidc/index.js'
import { type ClientName, clientConfig, expectOAuthError, signIn } from '../helpers/authspec-flow.js'
import { approveDeviceCode, type LocalProvider, startOidcProvider } from '../helpers/oidc-provider-server.js'

// Token endpoint grants other than the code flow, and the token management endpoints, with
// authspec's runtime against oidc-provider over real HTTP.

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

describe('client_credentials (RFC 6749 §4.4)', () => {
  it.each<[string, () => ClientConfig]>([
    ['client_secret_basic, secret with ":" "%" " "', () => clientConfig(op, 'confidential')],
    ['private_key_jwt, aud = endpoint URL', () => clientConfig(op, 'privateKeyJwt')],
    [
      'private_key_jwt, aud = issuer',
      () => ({ ...clientConfig(op, 'privateKeyJwt'), assertionAudience: 'issuer' }),
    ],
  ])('%s: gets a token that introspects as active', async (_name, makeClient) => {
    const client = makeClient()
    const tokens = await clientCredentialsGrant({ metadata, client })
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.refresh_token).toBeUndefined()
    const info = await introspectToken({ metadata, client, token: tokens.access_token })
    expect(info).toMatchObject({ active: true, client_id: client.clientId })
  })

  it.each<[string, () => Promise<ClientConfig>]>([
    [
      'a wrong secret',
      async () => ({ ...clientConfig(op, 'confidential'), clientSecret: 's3cr:et/ with space' }),
    ],
    [
      'an assertion signed with an unregistered key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256')
        const client = clientConfig(op, 'privateKeyJwt')
        return { ...client, privateKey: { key: privateKey, kid: op.clients.privateKeyJwt.kid, alg: 'ES256' } }
      },
    ],
  ])('is refused with invalid_client for %s', async (_name, makeClient) => {
    await expectOAuthError(clientCredentialsGrant({ metadata, client: await makeClient() }), {
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_client',
      status: 401,
    })
  })
})

describe('device authorization grant (RFC 8628)', () => {
  async function runDeviceFlow(clientName: ClientName, consent: 'allow' | 'deny') {
    const client = clientConfig(op, clientName)
    const authorization = await requestDeviceAuthorization({
      metadata,
      client,
      scope: ['openid', 'offline_access'],
    })
    expect(authorization.verification_uri).toBe(`${op.issuer}/device`)
    const sleeps: number[] = []
    // Time is the only thing faked: each "wait" returns at once, and the user approves on the
    // device page during the second one, so the first poll sees authorization_pending.
    const sleep = async (ms: number) => {
      sleeps.push(ms)
      if (sleeps.length === 2) {
        await approveDeviceCode(authorization.verification_uri, authorization.user_code, {
          ...op.user,
          consent,
        }).catch((error: unknown) => {
          if (consent === 'allow') throw error
        })
      }
    }
    const result = pollDeviceToken({ metadata, client, authorization, sleep })
    return { client, authorization, result, sleeps }
  }

  it.each<[string, ClientName]>([
    ['public client', 'public'],
    ['confidential client (client_secret_basic)', 'confidential'],
  ])(
    '%s: polls through authorization_pending at the server interval and gets tokens',
    async (_name, clientName) => {
      const { client, authorization, result, sleeps } = await runDeviceFlow(clientName, 'allow')
      const tokens = await result
      // RFC 8628 §3.2: without an interval in the response the client waits 5 seconds.
      const interval = (authorization.interval ?? 5) * 1000
      expect(sleeps).toEqual([interval, interval])
      const claims = await validateIdToken(tokens.id_token!, {
        issuer: metadata.issuer,
        clientId: client.clientId,
        keys: createRemoteJwks(metadata.jwks_uri!),
        metadata,
      })
      expect(claims.sub).toBe(op.user.sub)
      const refreshed = await refreshTokenGrant({ metadata, client, refreshToken: tokens.refresh_token! })
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    },
  )

  it('reports ACCESS_DENIED when the user denies on the device page', async () => {
    const { result } = await runDeviceFlow('public', 'deny')
    await expectOAuthError(result, { code: 'ACCESS_DENIED', error: 'access_denied' })
  })
})

describe('introspection (RFC 7662) and revocation (RFC 7009)', () => {
  it('introspects access and refresh tokens, then shows them inactive once the access token is revoked', async () => {
    const client = clientConfig(op, 'confidential')
    const { tokens } = await signIn(op, metadata, client)

    const access = await introspectToken({
      metadata,
      client,
      token: tokens.access_token,
      tokenTypeHint: 'access_token',
    })
    expect(access).toMatchObject({ active: true, client_id: client.clientId, sub: op.user.sub })
    expect(access.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']))
    expect(access.exp).toBeGreaterThan(Date.now() / 1000)
    const refresh = await introspectToken({ metadata, client, token: tokens.refresh_token! })
    expect(refresh).toMatchObject({ active: true, client_id: client.clientId, sub: op.user.sub })

    await revokeToken({ metadata, client, token: tokens.access_token, tokenTypeHint: 'access_token' })
    expect(await introspectToken({ metadata, client, token: tokens.access_token })).toEqual({ active: false })
    await expectOAuthError(
      fetchUserInfo(metadata.userinfo_endpoint!, tokens.access_token, { expectedSub: op.user.sub }),
      {
        code: 'OAUTH_RESPONSE_ERROR',
        error: 'invalid_token',
        status: 401,
      },
    )
    // oidc-provider revokes every token of the grant, as RFC 7009 §2.1 allows ("MAY").
    expect(await introspectToken({ metadata, client, token: tokens.refresh_token! })).toEqual({
      active: false,
    })
    await expectOAuthError(refreshTokenGrant({ metadata, client, refreshToken: tokens.refresh_token! }), {
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_grant',
    })
  })

  it.each<[string, ClientName]>([
    ['confidential client', 'confidential'],
    ['private_key_jwt client', 'privateKeyJwt'],
    ['public client', 'public'],
  ])('%s: a revoked refresh token can no longer be used', async (_name, clientName) => {
    const client = clientConfig(op, clientName)
    const { tokens } = await signIn(op, metadata, client)
    await revokeToken({ metadata, client, token: tokens.refresh_token!, tokenTypeHint: 'refresh_token' })
    await expectOAuthError(refreshTokenGrant({ metadata, client, refreshToken: tokens.refresh_token! }), {
      code: 'OAUTH_RESPONSE_ERROR',
      error: 'invalid_grant',
    })
    // The public client may introspect its own tokens only; that is enough to see the effect.
    expect(await introspectToken({ metadata, client, token: tokens.refresh_token! })).toEqual({
      active: false,
    })
  })

  it('accepts revocation of an unknown token, as RFC 7009 §2.2 requires', async () => {
    await expect(
      revokeToken({ metadata, client: clientConfig(op, 'confidential'), token: 'no-such-token' }),
    ).resolves.toBeUndefined()
  })
})
