/**
 * The authorization server every authspec bench drives: a MemoryStore with one confidential
 * client_credentials client, opaque tokens or, given an algorithm, JWT access tokens.
 */
import { createAuthorizationServer, generateSigningKeys, hashSecret } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { CLIENT_ID, CLIENT_SECRET, ISSUER, SCOPE } from './child.js'

export async function createBenchServer(alg?: 'RS256' | 'ES256') {
  const store = new MemoryStore()
  await store.saveClient({
    clientId: CLIENT_ID,
    clientSecretHash: await hashSecret(CLIENT_SECRET),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['https://app.example/cb'],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: SCOPE,
  })
  const keys = alg ? await generateSigningKeys({ alg }) : undefined
  const server = createAuthorizationServer({
    issuer: ISSUER,
    store,
    scopesSupported: [SCOPE],
    ...(keys ? { keys, accessTokenFormat: 'jwt' as const } : {}),
  })
  return { store, server, keys }
}

/** One access token from the server's own token endpoint (the validation workloads' token). */
export async function issueBenchToken(server: Awaited<ReturnType<typeof createBenchServer>>['server']) {
  const res = await server.handler(
    new Request(`${ISSUER}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=client_credentials&scope=${SCOPE}`,
    }),
  )
  return ((await res.json()) as { access_token: string }).access_token
}
