import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  createMetadataCache,
  discover,
  refreshTokenGrant,
  type ServerMetadata,
  validateCallback,
} from '../../runtime/oauth2/index.js'
import {
  createRemoteJwks,
  fetchUserInfo,
  type RemoteJwks,
  validateIdToken,
} from '../../runtime/oidc/index.js'
import { type ClientName, clientConfig, expectOAuthError, signIn } from '../helpers/authspec-flow.js'
import {
  type LocalProvider,
  loginThroughProvider,
  startOidcProvider,
} from '../helpers/oidc-provider-server.js'

// authspec's client runtime against oidc-provider, an OpenID Certified server, over real HTTP.
// Only authspec's public runtime API talks to the provider here; the login and consent pages are
// driven by the HTTP helper, as a user's browser would.

let op: LocalProvider
let metadata: ServerMetadata
let jwks: RemoteJwks

beforeAll(async () => {
  op = await startOidcProvider()
  metadata = await discover(op.issuer)
  jwks = createRemoteJwks(metadata.jwks_uri!)
})

afterAll(async () => {
  expect(op.serverErrors).toEqual([])
  await op.close()
})

function userinfoEndpoint(): string {
  return metadata.userinfo_endpoint!
}

describe('discovery (OIDC Discovery 1.0, RFC 8414)', () => {
  it('reads the provider metadata and checks its issuer', () => {
    expect(metadata.issuer).toBe(op.issuer)
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true)
    expect(metadata.token_endpoint).toBe(`${op.issuer}/token`)
    expect(metadata.code_challenge_methods_supported).toContain('S256')
  })

  it('caches the document per issuer, shares concurrent lookups, and refetches after the TTL', async () => {
    let clock = Date.now()
    const requested: string[] = []
    const cache = createMetadataCache({
      kind: 'oidc',
      defaultTtl: 60,
      now: () => clock,
      // Counts the real requests; the network stays real.
      fetch: (input, init) => {
        requested.push(String(input instanceof Request ? input.url : input))
        return fetch(input, init)
      },
    })
    const [a, b] = await Promise.all([cache.get(op.issuer), cache.get(op.issuer)])
    expect(a).toBe(b)
    expect(a.issuer).toBe(op.issuer)
    expect(await cache.get(op.issuer)).toBe(a)
    expect(requested).toEqual([`${op.issuer}/.well-known/openid-configuration`])
    clock += 61_000
    const again = await cache.get(op.issuer)
    expect(again).not.toBe(a)
    expect(again).toEqual(a)
    expect(requested).toHaveLength(2)
  })

  it('refuses the document when asked for a different issuer spelling', async () => {
    await expectOAuthError(discover(`${op.issuer}/`), { code: 'METADATA_ISSUER_MISMATCH' })
  })
})

describe('authorization code flow with PKCE, login and consent over HTTP', () => {
  it.each<[string, ClientName]>([
    ['client_secret_basic with ":", "%" and " " in the secret', 'confidential'],
    ['private_key_jwt (ES256 client assertion)', 'privateKeyJwt'],
    ['public client (token_endpoint_auth_method none)', 'public'],
  ])('%s', async (_name, clientName) => {
    const client = clientConfig(op, clientName)
    const { transaction, callbackUrl, callback, tokens } = await signIn(op, metadata, client)

    expect(callbackUrl.searchParams.get('iss')).toBe(op.issuer)
    expect(callback.iss).toBe(op.issuer)
    expect(transaction.codeChallengeMethod).toBe('S256')
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.refresh_token).toBeTruthy()

    const claims = await validateIdToken(tokens.id_token!, {
      issuer: metadata.issuer,
      clientId: client.clientId,
      keys: jwks,
      metadata,
      nonce: transaction.nonce,
      accessToken: tokens.access_token,
    })
    expect(claims.sub).toBe(op.user.sub)
    expect(claims.aud).toBe(client.clientId)
    expect(claims.nonce).toBe(transaction.nonce)

    const userinfo = await fetchUserInfo(userinfoEndpoint(), tokens.access_token, { expectedSub: claims.sub })
    expect(userinfo).toMatchObject({ sub: op.user.sub, ...op.user.claims })
  })

  it('checks auth_time against max_age and reads UserInfo with POST', async () => {
    const client = clientConfig(op, 'confidential')
    const { url, transaction } = await buildAuthorizationUrl({
      metadata,
      client,
      scope: ['openid', 'email'],
      maxAge: 300,
    })
    expect(url.searchParams.get('max_age')).toBe('300')
    const callback = validateCallback(await loginThroughProvider(url, op.user), transaction, { metadata })
    const tokens = await authorizationCodeGrant({ metadata, client, transaction, callback })
    const options = {
      issuer: metadata.issuer,
      clientId: client.clientId,
      keys: jwks,
      metadata,
      nonce: transaction.nonce,
    }
    const claims = await validateIdToken(tokens.id_token!, { ...options, maxAge: transaction.maxAge })
    expect(claims.auth_time).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000))
    // The same token, checked as if much later: the login is now older than max_age allows.
    const later = () => (claims.auth_time! + 400) * 1000
    const stale = await expectOAuthError(
      validateIdToken(tokens.id_token!, { ...options, maxAge: 300, now: later }),
      {
        code: 'JWT_CLAIM_INVALID',
      },
    )
    expect(stale.claim).toBe('auth_time')
    const me = await fetchUserInfo(userinfoEndpoint(), tokens.access_token, {
      expectedSub: claims.sub,
      method: 'POST',
    })
    expect(me).toMatchObject({ sub: op.user.sub, email: op.user.claims.email })
  })

  it('refuses a callback whose iss was changed (RFC 9207 mix-up defence)', async () => {
    const client = clientConfig(op, 'confidential')
    const { url, transaction } = await buildAuthorizationUrl({ metadata, client, scope: ['openid'] })
    const callbackUrl = await loginThroughProvider(url, op.user)
    const forged = new URL(callbackUrl)
    forged.searchParams.set('iss', 'http://127.0.0.1:1/attacker')
    expect(() => validateCallback(forged, transaction, { metadata })).toThrowError(
      expect.objectContaining({ code: 'ISSUER_MISMATCH' }),
    )
    const stripped = new URL(callbackUrl)
    stripped.searchParams.delete('iss')
    expect(() => validateCallback(stripped, transaction, { metadata })).toThrowError(
      expect.objectContaining({ code: 'ISSUER_MISMATCH' }),
    )
    expect(validateCallback(callbackUrl, transaction, { metadata }).iss).toBe(op.issuer)
  })

  it('turns a denied consent into OAUTH_AUTHORIZATION_ERROR access_denied', async () => {
    const client = clientConfig(op, 'confidential')
    const { url, transaction } = await buildAuthorizationUrl({ metadata, client, scope: ['openid'] })
    const callbackUrl = await loginThroughProvider(url, { ...op.user, consent: 'deny' })
    expect(() => validateCallback(callbackUrl, transaction, { metadata })).toThrowError(
      expect.objectContaining({ code: 'OAUTH_AUTHORIZATION_ERROR', error: 'access_denied' }),
    )
  })

  it('gets invalid_grant when the code is replayed or the verifier is wrong', async () => {
    const client = clientConfig(op, 'confidential')
    const first = await signIn(op, metadata, client, ['openid'])
    await expectOAuthError(
      authorizationCodeGrant({ metadata, client, transaction: first.transaction, callback: first.callback }),
      { code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_grant', status: 400 },
    )

    const { url, transaction } = await buildAuthorizationUrl({ metadata, client, scope: ['openid'] })
    const callback = validateCallback(await loginThroughProvider(url, op.user), transaction, { metadata })
    const wrongVerifier = { ...transaction, codeVerifier: 'x'.repeat(43) }
    await expectOAuthError(
      authorizationCodeGrant({ metadata, client, transaction: wrongVerifier, callback }),
      {
        code: 'OAUTH_RESPONSE_ERROR',
        error: 'invalid_grant',
      },
    )
  })

  it('refuses the ID token for another nonce and the userinfo for another sub', async () => {
    const client = clientConfig(op, 'confidential')
    const { tokens } = await signIn(op, metadata, client, ['openid', 'email'])
    await expectOAuthError(
      validateIdToken(tokens.id_token!, {
        issuer: metadata.issuer,
        clientId: client.clientId,
        keys: jwks,
        metadata,
        nonce: 'a-different-nonce-of-enough-length',
      }),
      { code: 'NONCE_MISMATCH' },
    )
    await expectOAuthError(
      fetchUserInfo(userinfoEndpoint(), tokens.access_token, { expectedSub: 'someone-else' }),
      {
        code: 'USERINFO_SUB_MISMATCH',
      },
    )
  })
})

describe('refresh token rotation (RFC 9700 §4.14.2)', () => {
  it.each<[string, ClientName]>([
    ['confidential client', 'confidential'],
    ['public client', 'public'],
  ])(
    '%s: issues a new refresh token, and reuse of the old one revokes the family',
    async (_name, clientName) => {
      const client = clientConfig(op, clientName)
      const { tokens } = await signIn(op, metadata, client)
      const oldRefresh = tokens.refresh_token!

      const rotated = await refreshTokenGrant({ metadata, client, refreshToken: oldRefresh })
      expect(rotated.refresh_token).toBeTruthy()
      expect(rotated.refresh_token).not.toBe(oldRefresh)
      expect(rotated.access_token).not.toBe(tokens.access_token)
      const claims = await validateIdToken(rotated.id_token!, {
        issuer: metadata.issuer,
        clientId: client.clientId,
        keys: jwks,
        metadata,
      })
      expect(claims.sub).toBe(op.user.sub)
      const me = await fetchUserInfo(userinfoEndpoint(), rotated.access_token, { expectedSub: op.user.sub })
      expect(me.email).toBe(op.user.claims.email)

      await expectOAuthError(refreshTokenGrant({ metadata, client, refreshToken: oldRefresh }), {
        code: 'OAUTH_RESPONSE_ERROR',
        error: 'invalid_grant',
        status: 400,
      })
      // oidc-provider treats the replay as theft and revokes the grant: the new token dies too.
      await expectOAuthError(refreshTokenGrant({ metadata, client, refreshToken: rotated.refresh_token! }), {
        code: 'OAUTH_RESPONSE_ERROR',
        error: 'invalid_grant',
      })
    },
  )
})
