/**
 * `tsx bench/server/jwt-micro.ts [RS256|ES256]`: in-process CPU per call of JWT access token
 * validation, our protector against raw `jose` with the same key, interleaved over several rounds
 * so that machine noise hits both alike; plus the pieces of our path on their own.
 */
import type { IncomingMessage } from 'node:http'
import { jwtVerify } from 'jose'
import { toCoreRequest } from '../../runtime/http/node.js'
import { hashSecret } from '../../runtime/server/index.js'
import { extractBearerToken } from '../../runtime/server/lib/bearer.js'
import { validateJwtAccessToken } from '../../runtime/server/lib/jwt-access-token.js'
import { ISSUER, SCOPE } from './child.js'
import { createBenchServer, issueBenchToken } from './setup.js'

const alg = (process.argv[2] ?? 'RS256') as 'RS256' | 'ES256'
const n = Number(process.env['N'] ?? (alg === 'RS256' ? 1000 : 2000))
const { server, store, keys: maybeKeys } = await createBenchServer(alg)
const keys = maybeKeys!
const token = await issueBenchToken(server)
const protector = server.resourceProtector()
const publicKey = keys.keySet.keys()[0]!.publicKey
const resolver = keys.keySet.resolver()
const bearerReq = {
  method: 'GET',
  url: '/resource',
  headers: { host: '127.0.0.1' },
  rawHeaders: ['host', '127.0.0.1', 'authorization', `Bearer ${token}`],
} as unknown as IncomingMessage

const cases: Record<string, () => Promise<unknown>> = {
  'raw jose verify': () =>
    jwtVerify(token, publicKey, {
      issuer: ISSUER,
      audience: ISSUER,
      algorithms: [alg],
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'client_id', 'sub'],
    }),
  'protector.validate': async () => protector.validate(toCoreRequest(bearerReq), { scopes: [SCOPE] }),
  'jose verify via KeySet resolver': () =>
    jwtVerify(token, resolver, {
      issuer: ISSUER,
      audience: ISSUER,
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      typ: 'at+jwt',
      currentDate: new Date(),
      requiredClaims: ['exp', 'iat', 'jti', 'client_id', 'sub'],
    }),
  validateJwtAccessToken: () =>
    validateJwtAccessToken(token, {
      issuer: ISSUER,
      audience: ISSUER,
      jwks: () => keys.jwks(),
      keys: resolver,
      realm: 'authspec',
      now: Math.floor(Date.now() / 1000),
      store,
    }),
  'extract + core request': () => extractBearerToken(toCoreRequest(bearerReq), { realm: 'authspec' }),
  'hashSecret + getToken': async () => store.getToken(await hashSecret(token)),
}
const totals: Record<string, number> = {}
for (let round = 0; round < 5; round++) {
  for (const [name, f] of Object.entries(cases)) {
    for (let i = 0; i < n / 10; i++) await f()
    const t = process.cpuUsage()
    for (let i = 0; i < n; i++) await f()
    const u = process.cpuUsage(t)
    const us = (u.user + u.system) / n
    totals[name] = Math.min(totals[name] ?? Number.POSITIVE_INFINITY, us)
  }
}
for (const [name, us] of Object.entries(totals))
  console.log(`${alg} ${name}: ${us.toFixed(1)} µs/call (best of 5)`)
