import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { defineProvider } from '../../runtime/provider/define-provider.js'

export const SECRET = 'test-secret-0123456789-abcdefghijklmnop'
export const APP = 'http://127.0.0.1:3000'

/** A plain OAuth 2.0 token endpoint on 127.0.0.1 that checks the PKCE verifier it is sent. */
export interface TokenServer {
  base: string
  /** The code_challenge of each code it will accept, by code. */
  challenges: Map<string, string>
  requests: URLSearchParams[]
  close(): Promise<void>
}

export async function startTokenServer(): Promise<TokenServer> {
  const challenges = new Map<string, string>()
  const requests: URLSearchParams[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      requests.push(form)
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        res.end(JSON.stringify(value))
      }
      if (req.url === '/.well-known/openid-configuration' && req.method === 'GET') {
        const base = `http://${req.headers.host}`
        return json(200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          end_session_endpoint: `${base}/logout`,
        })
      }
      if (req.url !== '/token' || req.method !== 'POST') return json(404, { error: 'not_found' })
      if (form.get('grant_type') === 'refresh_token') {
        return json(200, {
          access_token: `at-${randomBytes(8).toString('hex')}`,
          token_type: 'Bearer',
          expires_in: 3600,
        })
      }
      const code = form.get('code') ?? ''
      const challenge = challenges.get(code)
      const verifier = form.get('code_verifier') ?? ''
      const computed = createHash('sha256').update(verifier).digest('base64url')
      if (!challenge || computed !== challenge) return json(400, { error: 'invalid_grant' })
      challenges.delete(code)
      return json(200, {
        access_token: `at-${randomBytes(8).toString('hex')}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: `rt-${randomBytes(8).toString('hex')}`,
        scope: 'read',
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    challenges,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A minimal OAuth 2.0 provider spec whose endpoints are the token server's. */
export function acmeSpec(base: string) {
  return defineProvider({
    id: 'acme',
    displayName: 'Acme',
    protocol: 'oauth2',
    endpoints: { authorization: `${base}/authorize`, token: `${base}/token` },
    scopes: {
      supported: { read: { description: 'Read' }, write: { description: 'Write' } },
      defaults: ['read'],
      requestDelimiter: ' ',
      responseDelimiter: ' ',
    },
    clientAuth: 'client_secret_basic',
    pkce: 'required',
    profile: async (ctx) => ({
      id: `acme:${ctx.tokens.accessToken}`,
      name: null,
      email: null,
      emailVerified: false,
      avatarUrl: null,
      raw: {},
    }),
    docs: {
      endpoints: 'https://example.com',
      scopes: 'https://example.com',
      clientAuth: 'https://example.com',
      pkce: 'https://example.com',
    },
  })
}

/** `name=value` pairs of `Set-Cookie` values, as a browser would send them back. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .map((c) => c.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ')
}

/** The attributes of one `Set-Cookie` value, lower-cased names. */
export function parseSetCookie(value: string): { name: string; value: string; attrs: Map<string, string> } {
  const [pair = '', ...rest] = value.split(';').map((s) => s.trim())
  const eq = pair.indexOf('=')
  const attrs = new Map<string, string>()
  for (const a of rest) {
    const i = a.indexOf('=')
    attrs.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? '' : a.slice(i + 1))
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs }
}
