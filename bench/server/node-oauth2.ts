/**
 * The @node-oauth/oauth2-server 5 child: an in-memory model with one confidential client;
 * `token()` for client_credentials and `authenticate()` for bearer validation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import OAuth2Server from '@node-oauth/oauth2-server'
import { CLIENT_ID, CLIENT_SECRET, childEnv, readBody, SCOPE, serve } from './child.js'

const { workload } = childEnv()
const client = { id: CLIENT_ID, grants: ['client_credentials'] }
const user = { id: CLIENT_ID }
const tokens = new Map<string, OAuth2Server.Token>()

const model: OAuth2Server.ClientCredentialsModel & OAuth2Server.RequestAuthenticationModel = {
  async getClient(id: string, secret: string) {
    return id === CLIENT_ID && secret === CLIENT_SECRET ? client : false
  },
  async getUserFromClient() {
    return user
  },
  async validateScope(_user, _client, scope) {
    return scope?.every((s) => s === SCOPE) ? scope : false
  },
  async saveToken(token, c, u) {
    const saved = { ...token, client: c, user: u }
    tokens.set(token.accessToken, saved)
    return saved
  },
  async getAccessToken(accessToken: string) {
    return tokens.get(accessToken) ?? false
  },
  async verifyScope(token, scope) {
    return scope.every((s) => token.scope?.includes(s))
  },
}
const oauth = new OAuth2Server({ model, accessTokenLifetime: 3600 })

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.method === 'POST' ? await readBody(req) : ''
  const request = new OAuth2Server.Request({
    method: req.method ?? 'GET',
    headers: req.headers as Record<string, string>,
    query: {},
    body: Object.fromEntries(new URLSearchParams(raw)),
  })
  const response = new OAuth2Server.Response({ headers: {} })
  try {
    if (workload === 'issue-opaque') {
      await oauth.token(request, response)
      send(res, response.status ?? 200, response.headers ?? {}, response.body)
    } else {
      const token = await oauth.authenticate(request, response, { scope: [SCOPE] })
      send(res, 200, response.headers ?? {}, {
        client_id: token.client.id,
        sub: token.user['id'],
        scope: token.scope?.join(' '),
      })
    }
  } catch (err) {
    const e = err as { code?: number; name?: string; message?: string }
    send(res, e.code ?? 500, {}, { error: e.name, error_description: e.message })
  }
}

let token: string | undefined
if (workload === 'bearer-opaque') {
  token = 'nodeoauth2-bench-token-0123456789abcdef0123456789abcdef'
  tokens.set(token, {
    accessToken: token,
    accessTokenExpiresAt: new Date(Date.now() + 3600_000),
    scope: [SCOPE],
    client,
    user,
  })
}
serve((req, res) => void handle(req, res), token)
