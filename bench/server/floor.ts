/**
 * The floor: a bare node:http handler doing the least each workload needs (Basic client check,
 * form parse, the same JSON), with raw `jose` for the JWT workloads (keys imported once).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { AUDIENCE, CLIENT_ID, CLIENT_SECRET, childEnv, ISSUER, readBody, SCOPE, serve } from './child.js'

const { workload, alg } = childEnv()
const TTL = 3600
const expectedBasic = Buffer.from(`Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`)
const { privateKey, publicKey } = await generateKeyPair(alg)
// The kid authspec's keys carry (RFC 7638 thumbprint), so both servers' tokens have the same size.
const kid = await calculateJwkThumbprint(await exportJWK(publicKey))

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(json),
  })
  res.end(json)
}

function signAccessToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ client_id: CLIENT_ID, scope: SCOPE, jti: randomBytes(16).toString('base64url') })
    .setProtectedHeader({ alg, typ: 'at+jwt', kid })
    .setIssuer(ISSUER)
    .setSubject(CLIENT_ID)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + TTL)
    .sign(privateKey)
}

async function issue(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const auth = Buffer.from(req.headers.authorization ?? '')
  const body = new URLSearchParams(await readBody(req))
  if (req.method !== 'POST' || auth.length !== expectedBasic.length || !timingSafeEqual(auth, expectedBasic))
    return send(res, 401, { error: 'invalid_client' })
  if (body.get('grant_type') !== 'client_credentials')
    return send(res, 400, { error: 'unsupported_grant_type' })
  const accessToken =
    workload === 'issue-jwt' ? await signAccessToken() : randomBytes(32).toString('base64url')
  send(res, 200, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: TTL,
    scope: body.get('scope'),
  })
}

const opaque = new Map<string, { clientId: string; scope: string; exp: number }>()

async function validate(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const header = req.headers.authorization ?? ''
  const value = header.startsWith('Bearer ') ? header.slice(7) : ''
  if (workload === 'bearer-opaque') {
    const info = opaque.get(value)
    if (!info || info.exp <= Date.now() / 1000) return send(res, 401, { error: 'invalid_token' })
    return send(res, 200, { client_id: info.clientId, sub: info.clientId, scope: info.scope })
  }
  void token
  try {
    const { payload } = await jwtVerify(value, publicKey, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [alg],
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'client_id', 'sub'],
    })
    send(res, 200, { client_id: payload['client_id'], sub: payload.sub, scope: payload['scope'] })
  } catch {
    send(res, 401, { error: 'invalid_token' })
  }
}

if (workload === 'issue-opaque' || workload === 'issue-jwt') {
  serve((req, res) => void issue(req, res))
} else {
  let token: string
  if (workload === 'bearer-opaque') {
    token = randomBytes(32).toString('base64url')
    opaque.set(token, { clientId: CLIENT_ID, scope: SCOPE, exp: Math.floor(Date.now() / 1000) + TTL })
  } else {
    token = await signAccessToken()
  }
  serve((req, res) => void validate(req, res, token), token)
}
