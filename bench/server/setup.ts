/**
 * The authorization server every authspec bench drives: one confidential client_credentials
 * client on a MemoryStore or a SqliteStore, opaque tokens or, given an algorithm, JWT access
 * tokens. The client may also use a bench-only grant that issues an end-user token (`openid`),
 * so the userinfo workload gets its token through the token endpoint like any other.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AuthorizationServer,
  createAuthorizationServer,
  generateSigningKeys,
  hashSecret,
  issueTokenResponse,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import { CLIENT_ID, CLIENT_SECRET, ISSUER, SCOPE, USER } from './child.js'

/** The bench-only grant of end-user tokens. */
const USER_GRANT = 'urn:authspec:bench:user'

export async function createBenchServer(alg?: 'RS256' | 'ES256', storeKind: 'memory' | 'sqlite' = 'memory') {
  const store =
    storeKind === 'sqlite'
      ? new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'authspec-bench-')), 'authspec.db') })
      : new MemoryStore()
  await store.saveClient({
    clientId: CLIENT_ID,
    clientSecretHash: await hashSecret(CLIENT_SECRET),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['https://app.example/cb'],
    grantTypes: ['client_credentials', USER_GRANT],
    responseTypes: [],
    scope: `openid ${SCOPE}`,
  })
  const keys = alg ? await generateSigningKeys({ alg }) : undefined
  const server = createAuthorizationServer({
    issuer: ISSUER,
    store,
    scopesSupported: ['openid', SCOPE],
    ...(keys ? { keys, accessTokenFormat: 'jwt' as const } : {}),
  })
  server.registerGrant({
    grantType: USER_GRANT,
    handleTokenRequest: (ctx) =>
      issueTokenResponse(ctx, { grantType: USER_GRANT, sub: USER, scopes: ['openid', SCOPE] }),
  })
  return { store, server, keys }
}

/**
 * One access token from the server's own token endpoint (the validation workloads' token): a
 * client token, or with `user` an end-user token carrying `openid`.
 */
export async function issueBenchToken(server: AuthorizationServer, user = false) {
  const grant = user ? `grant_type=${encodeURIComponent(USER_GRANT)}` : 'grant_type=client_credentials'
  const res = await server.handler(
    new Request(`${ISSUER}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `${grant}&scope=${SCOPE}`,
    }),
  )
  return ((await res.json()) as { access_token: string }).access_token
}
