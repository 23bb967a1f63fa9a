/**
 * The authspec child: an authorization server (MemoryStore, or SqliteStore with BENCH_STORE=sqlite)
 * with one confidential client. The endpoint workloads (issuance, introspection, revocation,
 * userinfo) are served by `toNodeListener(server.handler)`; the validation workloads by a protected
 * route behind `server.resourceProtector()` mounted with the node:http middleware `nodeProtect`.
 * Workloads that need a token get one the server issued at start-up (reported to the parent).
 */
import { nodeProtect, toNodeListener } from '../../runtime/http/node.js'
import { childEnv, SCOPE, serve } from './child.js'
import { createBenchServer, issueBenchToken } from './setup.js'

const { workload, alg, store } = childEnv()
const jwt = workload === 'issue-jwt' || workload === 'validate-jwt'
const { server } = await createBenchServer(jwt ? alg : undefined, store)

if (workload === 'issue-opaque' || workload === 'issue-jwt') {
  serve(toNodeListener(server.handler))
} else if (workload === 'bearer-opaque' || workload === 'validate-jwt') {
  const token = await issueBenchToken(server)
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
} else {
  serve(toNodeListener(server.handler), await issueBenchToken(server, workload === 'userinfo'))
}
