/**
 * The benchmarked process: an authorization server on the store named by AUTHSPEC_STORE_URL
 * (and AUTHSPEC_EPHEMERAL_URL / AUTHSPEC_KEY_PREFIX for Redis), with one confidential client
 * `bench` / `bench-secret`. Prints `{"port":N}` once it listens on 127.0.0.1.
 */
import { createServer } from 'node:http'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { createAuthorizationServer } from '../../runtime/server/index.js'
import { openStore } from '../../runtime/storage/open-store.js'

const url = process.env.AUTHSPEC_STORE_URL
if (!url) throw new Error('AUTHSPEC_STORE_URL is required')
const store = await openStore(url, {
  ephemeral: process.env.AUTHSPEC_EPHEMERAL_URL || undefined,
  keyPrefix: process.env.AUTHSPEC_KEY_PREFIX || undefined,
})
await store.saveClient({
  clientId: 'bench',
  clientSecretHash: await sha256Base64url('bench-secret'),
  tokenEndpointAuthMethod: 'client_secret_basic',
  redirectUris: ['https://app.example/cb'],
  grantTypes: ['client_credentials'],
  responseTypes: [],
  scope: 'api',
})
const server = createAuthorizationServer({ issuer: 'http://127.0.0.1', store, scopesSupported: ['api'] })
const http = createServer({ keepAlive: true }, toNodeListener(server.handler))
http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  if (address && typeof address === 'object')
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`)
})
process.on('SIGTERM', () => {
  http.close()
  http.closeAllConnections()
  void store.close().finally(() => process.exit(0))
})
