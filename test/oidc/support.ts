import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void

/** A node:http server on 127.0.0.1:0 whose routes tests swap at will; it records every request. */
export interface TestServer {
  origin: string
  routes: Map<string, Handler>
  requests: RecordedRequest[]
  count(path: string): number
  close(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>()
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const recorded = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      const handler = routes.get(path)
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      handler(recorded, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    routes,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

export function json(body: unknown, status = 200, contentType = 'application/json'): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body))
  }
}

export interface SigningKey {
  kid: string
  alg: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

export async function signingKey(alg: string, kid: string, options?: { crv?: string }): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...options })
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
  return { kid, alg, privateKey, publicKey, publicJwk }
}

export interface SignOptions {
  header?: Record<string, unknown>
  /** Leave the kid out of the header. */
  noKid?: boolean
  crit?: Record<string, boolean>
}

export async function sign(key: SigningKey, claims: JWTPayload, opts: SignOptions = {}): Promise<string> {
  const header = { alg: key.alg, ...(opts.noKid ? {} : { kid: key.kid }), ...opts.header }
  const jwt = new SignJWT(claims).setProtectedHeader(header as { alg: string })
  return jwt.sign(key.privateKey, opts.crit ? { crit: opts.crit } : undefined)
}

export function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url')
}

/** at_hash / c_hash computed with node:crypto, independently of the code under test. */
export function halfHash(value: string, hash: 'sha256' | 'sha384' | 'sha512'): string {
  const digest = createHash(hash).update(value, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

export const ISSUER = 'https://op.example.test'
export const CLIENT_ID = 'client-123'
export const NOW = 1_800_000_000

export function baseClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: ISSUER,
    sub: 'user-42',
    aud: CLIENT_ID,
    exp: NOW + 600,
    iat: NOW - 10,
    nonce: 'n-0S6_WzA2Mj',
    auth_time: NOW - 60,
    ...overrides,
  }
}
