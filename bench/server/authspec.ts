/**
 * The authspec child: an authorization server on a MemoryStore with one confidential client, and
 * for the validation workloads a protected route behind `server.resourceProtector()` mounted with
 * the node:http middleware `nodeProtect`, with a token the server issued at start-up (reported to
 * the parent).
 */
import { nodeProtect, toNodeListener } from '../../runtime/http/node.js'
import { createAuthorizationServer, generateSigningKeys, hashSecret } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { CLIENT_ID, CLIENT_SECRET, childEnv, ISSUER, SCOPE, serve } from './child.js'

const { workload, alg } = childEnv()
const jwt = workload === 'issue-jwt' || workload === 'validate-jwt'
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
const server = createAuthorizationServer({
  issuer: ISSUER,
  store,
  scopesSupported: [SCOPE],
  ...(jwt ? { keys: await generateSigningKeys({ alg }), accessTokenFormat: 'jwt' as const } : {}),
})

if (workload === 'issue-opaque' || workload === 'issue-jwt') {
  serve(toNodeListener(server.handler))
} else {
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
  const { access_token: token } = (await res.json()) as { access_token: string }
  const protector = server.resourceProtector()
  // The node:http middleware of the protector, as a node:http app would mount it; the route
  // writes the same JSON as the floor.
  const resource = nodeProtect(
    protector,
    (_req, res, t) => {
      const json = JSON.stringify({
        client_id: t.clientId,
        sub: t.sub ?? t.clientId,
        scope: t.scopes.join(' '),
      })
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(json),
      })
      res.end(json)
    },
    { scopes: [SCOPE] },
  )
  serve(resource, token)
}
