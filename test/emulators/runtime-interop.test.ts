// The Google emulator is a standard OpenID Provider: the generic runtime (no provider spec) runs a
// whole login, refresh, userinfo and revocation against it. Proves the emulator before generated
// clients are tested on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  discover,
  refreshTokenGrant,
  revokeToken,
  validateCallback,
} from '../../runtime/oauth2/index.js'
import { createRemoteJwks, fetchUserInfo, validateIdToken } from '../../runtime/oidc/index.js'
import { type GoogleEmulator, startGoogleEmulator } from './google.js'
import { followAuthorize } from './lib/client.js'

const CB = 'http://127.0.0.1:9999/cb'
let g: GoogleEmulator
beforeAll(async () => {
  g = await startGoogleEmulator({
    users: [
      {
        sub: '42',
        email: 'ada@corp.example',
        email_verified: true,
        name: 'Ada L',
        given_name: 'Ada',
        family_name: 'L',
        picture: 'https://lh3.example/a.png',
        hd: 'corp.example',
      },
    ],
    clients: [{ clientId: 'app', clientSecret: 'secret', redirectUris: [CB] }],
  })
})
afterAll(() => g.close())

describe('google emulator with the generic runtime', () => {
  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'login, ID token, userinfo, refresh, revoke (%s)',
    async (authMethod) => {
      const metadata = await discover(g.url, { kind: 'oidc' })
      expect(metadata.issuer).toBe(g.url)
      const client = { clientId: 'app', clientSecret: 'secret', authMethod, redirectUri: CB }
      const { url, transaction } = await buildAuthorizationUrl({
        metadata,
        client,
        scope: ['openid', 'email', 'profile'],
        prompt: 'consent',
        extraParams: { access_type: 'offline' },
      })
      const callback = validateCallback(await followAuthorize(url), transaction, { metadata })
      const tokens = await authorizationCodeGrant({ metadata, client, transaction, callback })
      expect(tokens.refresh_token).toBeTruthy()
      const keys = createRemoteJwks(metadata.jwks_uri!)
      const claims = await validateIdToken(tokens.id_token!, {
        issuer: g.url,
        clientId: 'app',
        keys,
        nonce: transaction.nonce,
        accessToken: tokens.access_token,
      })
      expect(claims).toMatchObject({ sub: '42', email: 'ada@corp.example', hd: 'corp.example' })
      const me = await fetchUserInfo(metadata.userinfo_endpoint!, tokens.access_token, {
        expectedSub: claims.sub,
      })
      expect(me['email']).toBe('ada@corp.example')
      const refreshed = await refreshTokenGrant({ metadata, client, refreshToken: tokens.refresh_token! })
      expect(refreshed.access_token).toMatch(/^ya29\./)
      await revokeToken({ metadata, client, token: tokens.refresh_token! })
      expect(g.state.revoked).toContain(refreshed.access_token)
    },
  )
})
