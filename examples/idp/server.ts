import { createServer } from 'node:http'
import { toNodeListener } from '../../runtime/http/node.js'
import { createIdentityProvider, hashPassword } from '../../runtime/idp/index.js'
import { randomToken } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/index.js'

const port = Number(process.env['PORT'] ?? 4000)
const issuer = `http://127.0.0.1:${port}`
const store = new MemoryStore() // SqliteStore, PostgresStore… to keep data across restarts
const ada = { sub: 'u1', name: 'Ada Lovelace', passwordHash: await hashPassword('lovelace') }
await store.saveClient({
  clientId: 'notes',
  tokenEndpointAuthMethod: 'none',
  redirectUris: ['http://127.0.0.1:3000/callback'],
  postLogoutRedirectUris: ['http://127.0.0.1:3000/'],
  grantTypes: ['authorization_code', 'refresh_token'],
  responseTypes: ['code'],
  scope: 'openid profile',
})
const idp = await createIdentityProvider({
  issuer,
  store,
  secret: process.env['IDP_SECRET'] ?? randomToken(32), // 32 bytes, kept outside the store
  accounts: {
    findByLogin: async (login) => (login === 'ada' ? ada : undefined),
    claims: async (sub) => (sub === ada.sub ? { sub, name: ada.name } : undefined),
  },
})
const server = createServer(toNodeListener(idp.handler))
server.listen(port, '127.0.0.1', () => console.log(`OpenID Provider at ${issuer}`))
