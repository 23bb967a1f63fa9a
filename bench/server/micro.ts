/**
 * `tsx bench/server/micro.ts`: in-process CPU per call of the hot paths the server bench drives
 * (no HTTP), to see which layer costs what without the noise of autocannon and the network.
 */
import type { IncomingMessage } from 'node:http'
import { toCoreRequest } from '../../runtime/http/node.js'
import { CLIENT_ID, CLIENT_SECRET, ISSUER, SCOPE } from './child.js'
import { createBenchServer } from './setup.js'

async function measure(name: string, n: number, f: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n / 5; i++) await f()
  const t = process.cpuUsage()
  for (let i = 0; i < n; i++) await f()
  const u = process.cpuUsage(t)
  console.log(`${name}: ${((u.user + u.system) / n).toFixed(1)} µs/call`)
}

const basic = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`
const form = new TextEncoder().encode(`grant_type=client_credentials&scope=${SCOPE}`)
/** A stand-in for node's IncomingMessage with just what `toCoreRequest` reads. */
function nodeRequest(headers: Record<string, string>, path: string, method: 'GET' | 'POST') {
  const rawHeaders = Object.entries({ host: '127.0.0.1', ...headers }).flat()
  return { method, url: path, headers: { host: '127.0.0.1' }, rawHeaders } as unknown as IncomingMessage
}

for (const alg of [undefined, 'RS256', 'ES256'] as const) {
  const { server } = await createBenchServer(alg)
  const issueHeaders = {
    authorization: basic,
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(form.byteLength),
  }
  const n = alg === 'RS256' ? 300 : 3000
  let token = ''
  await measure(`${alg ?? 'opaque'} issuance (server.handler, Web Request)`, n, async () => {
    const res = await server.handler(
      new Request(`${ISSUER}/token`, { method: 'POST', headers: issueHeaders, body: form }),
    )
    token = ((await res.json()) as { access_token: string }).access_token
  })
  const issueReq = nodeRequest(issueHeaders, '/token', 'POST')
  await measure(`${alg ?? 'opaque'} issuance (server.core, as the node adapter calls it)`, n, async () => {
    const res = await server.core(toCoreRequest(issueReq, { body: form }))
    if (res.status !== 200) throw new Error('issuance failed')
  })
  const protector = server.resourceProtector()
  const bearerReq = nodeRequest({ authorization: `Bearer ${token}` }, '/resource', 'GET')
  await measure(`${alg ?? 'opaque'} validation (protector.validate, as nodeProtect calls it)`, n, async () =>
    protector.validate(toCoreRequest(bearerReq), { scopes: [SCOPE] }),
  )
}

const { generateKeyPair, jwtVerify, SignJWT } = await import('jose')
for (const alg of ['RS256', 'ES256'] as const) {
  const { privateKey, publicKey } = await generateKeyPair(alg)
  let jwt = ''
  const n = alg === 'RS256' ? 300 : 3000
  await measure(`${alg} raw jose sign`, n, async () => {
    jwt = await new SignJWT({ client_id: CLIENT_ID, scope: SCOPE, jti: 'x' })
      .setProtectedHeader({ alg, typ: 'at+jwt', kid: 'k' })
      .setIssuer(ISSUER)
      .setSubject(CLIENT_ID)
      .setAudience(ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey)
  })
  await measure(`${alg} raw jose verify`, n, () =>
    jwtVerify(jwt, publicKey, {
      issuer: ISSUER,
      audience: ISSUER,
      algorithms: [alg],
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'client_id', 'sub'],
    }),
  )
}
