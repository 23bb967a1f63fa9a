import { createServer, type Server } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { deviceCodeGrant } from '../../runtime/server/index.js'
import { chunked, closeServer, listenLocal, type RawAnswer, rawHttp } from '../helpers/raw-http.js'
import { basic, type Fixture, ISSUER, setup, webAuthorizeParams } from './fixtures.js'

// A seeded fuzz over real HTTP: every endpoint of the discovery document, every method (the
// ones fetch refuses too, over a raw socket), JSON nested deep, bodies oversized and chunked,
// requests the application clones, malformed headers. Goal: no 5xx, no request left unanswered,
// memory back where it started. A failure prints its seed and index; rerun with that seed.

const SEED = 7662
const RUNS = 3000
const WARM_UP = 300
const CONCURRENCY = 16
/** Client-side timeout: far above any honest answer, below the adapter's own deadline. */
const CLIENT_TIMEOUT_MS = 4000
const SERVER_MAX_BODY = 16 * 1024
const ADAPTER_MAX_BODY = 64 * 1024

let f: Fixture
const servers: Server[] = []
const ports = { lite: 0, cloning: 0 }
let paths: string[] = []

/**
 * An application handler that clones every request (to log its body, say), and so also POST
 * /authorize before `validateConsentRequest` reads it, as an app that needs the body again must.
 */
async function cloningApp(request: Request): Promise<Response> {
  const kept = request.clone()
  if (new URL(request.url).pathname !== '/authorize' || request.method !== 'POST') {
    return f.server.handler(kept)
  }
  try {
    const consent = await f.server.validateConsentRequest(request)
    return await f.server.createAuthorizationResponse(consent, { user: { sub: 'alice' }, approved: true })
  } catch (err) {
    return f.server.authorizationErrorResponse(err)
  }
}

beforeAll(async () => {
  f = await setup({
    maxBodyBytes: SERVER_MAX_BODY,
    registration: { open: true },
    endSession: async () => undefined,
    authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
  })
  f.server.registerGrant(deviceCodeGrant())
  const options = { origin: ISSUER, maxBodyBytes: ADAPTER_MAX_BODY, timeoutMs: 2000 }
  for (const [name, handler] of [
    ['lite', f.server.handler],
    ['cloning', cloningApp],
  ] as const) {
    const http = createServer(toNodeListener(handler, options))
    servers.push(http)
    ports[name] = await listenLocal(http)
  }
  const metadata = f.server.metadata()
  const advertised = Object.values(metadata).filter(
    (v): v is string => typeof v === 'string' && v.startsWith(`${ISSUER}/`),
  )
  paths = [
    ...new Set([
      ...advertised.map((url) => new URL(url).pathname),
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
      '/register/web',
      '/nope',
      '/',
    ]),
  ]
})

afterAll(() => Promise.all(servers.map(closeServer)))

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const b64 = (s: string) => Buffer.from(s).toString('base64url')
const ascii = fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''))
/** A header value Node's parser takes: printable ASCII (control characters come from x-ctl). */
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
})
const depth = fc.constantFrom(1, 19, 21, 100, 3000, 7000)
const PARAM_NAMES = ['grant_type', 'client_id', 'token', 'scope', 'redirect_uri', 'response_type', 'claims']

const formBody = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom(...PARAM_NAMES), ascii), { maxLength: 6 })
    .map((p) => new URLSearchParams(p).toString()),
  fc.constant(new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' }).toString()),
  fc.constant(new URLSearchParams(webAuthorizeParams).toString()),
  depth.map((d) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: `${b64('{"alg":"ES256"}')}.${b64(`{"iss":"web","sub":"web","x":${nested(d)}}`)}.c2ln`,
    }).toString(),
  ),
  depth.map((d) =>
    new URLSearchParams({
      ...webAuthorizeParams,
      claims: `{"userinfo":{"a":{"values":${nested(d)}}}}`,
    }).toString(),
  ),
)
const jsonBody = fc.oneof(
  depth.map((d) => `{"grant_types":["client_credentials"],"jwks":{"keys":[{"kty":"EC","x":${nested(d)}}]}}`),
  depth.map(nested),
  fc.constant('{"grant_types":["client_credentials"],"scope":"api:read"}'),
  ascii,
)

const requestArb = fc.record({
  server: fc.constantFrom('lite', 'cloning') as fc.Arbitrary<'lite' | 'cloning'>,
  method: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('POST', 'GET') },
    { weight: 3, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND') },
    { weight: 1, arbitrary: fc.constantFrom('TRACE', 'TRACK', 'CONNECT') },
  ),
  path: fc.nat(),
  query: fc.option(formBody, { freq: 3 }),
  body: fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: formBody },
    { weight: 3, arbitrary: jsonBody },
    // Oversized bodies as their length, built when sent: a few thousand of them kept as strings
    // would swamp the heap measurement.
    { weight: 2, arbitrary: fc.integer({ min: SERVER_MAX_BODY + 1, max: ADAPTER_MAX_BODY * 2 }) },
  ),
  contentType: fc.oneof(
    { weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') },
    { weight: 2, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(null, 'text/plain') },
    { weight: 1, arbitrary: printable },
  ),
  framing: fc.oneof(
    { weight: 5, arbitrary: fc.constant('length' as const) },
    { weight: 4, arbitrary: fc.constant('chunked' as const) },
    { weight: 1, arbitrary: fc.constant('broken-chunks' as const) },
  ),
  // Mostly headers a client might send; now and then one Node's parser refuses (400, 431).
  headers: fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(['authorization', basic('web', 'web-secret')] as const) },
      { weight: 2, arbitrary: printable.map((v) => ['authorization', `Basic ${v}`] as const) },
      { weight: 2, arbitrary: printable.map((v) => ['authorization', `Bearer ${v}`] as const) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('x-junk', 'cookie', 'accept'), printable) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom('host', 'content-length', 'transfer-encoding'), printable),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ['x-big', 'y'.repeat(20_000)] as const,
          ['bad header', 'v'] as const,
          ['x-ctl', 'a\u0001b'] as const,
        ),
      },
    ),
    { maxLength: 2 },
  ),
})
type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never

function bytesOf(r: FuzzRequest): string {
  const path = paths[r.path % paths.length]!
  const lines = [
    `${r.method} ${path}${r.query === null ? '' : `?${r.query}`} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
  ]
  if (r.contentType !== null) lines.push(`content-type: ${r.contentType}`)
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`)
  const text = typeof r.body === 'number' ? `a=${'x'.repeat(r.body)}` : r.body
  let body = ''
  if (r.framing === 'length') {
    lines.push(`content-length: ${Buffer.byteLength(text, 'latin1')}`)
    body = text
  } else if (r.framing === 'chunked') {
    lines.push('transfer-encoding: chunked')
    body = chunked(text, 4096)
  } else {
    lines.push('transfer-encoding: chunked')
    body = `zz\r\n${text.slice(0, 100)}\r\n0\r\n\r\n`
  }
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}

/** V8's collector, exposed at run time (vitest does not start its workers with --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

function heapAfterGc(gc: () => void): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** What the fuzz keeps of an answer (not its text, which would weigh on the heap measurement). */
interface Outcome {
  status: number
  timedOut: boolean
  /** Answered by Node's HTTP parser itself (a bare 400 or 431), before any adapter code ran. */
  byParser: boolean
}

function outcomeOf(answer: RawAnswer): Outcome {
  const byParser = answer.status !== 0 && !/\r\ncontent-type:/i.test(answer.head)
  return { status: answer.status, timedOut: answer.timedOut, byParser }
}

async function run(requests: readonly FuzzRequest[], offset: number) {
  const answers: { index: number; request: FuzzRequest; answer: Outcome }[] = []
  for (let i = 0; i < requests.length; i += CONCURRENCY) {
    const batch = requests.slice(i, i + CONCURRENCY)
    const results = await Promise.all(
      batch.map((r) => rawHttp(ports[r.server], Buffer.from(bytesOf(r), 'latin1'), CLIENT_TIMEOUT_MS)),
    )
    for (const [j, answer] of results.entries()) {
      answers.push({ index: offset + i + j, request: batch[j]!, answer: outcomeOf(answer) })
    }
  }
  return answers
}

describe('robustness fuzz over HTTP (seeded)', () => {
  it(`${RUNS} requests: no 5xx, none unanswered, memory back within 10%`, async () => {
    const requests = fc.sample(requestArb, { seed: SEED, numRuns: WARM_UP + RUNS })
    const gc = collector()
    await run(requests.slice(0, WARM_UP), 0)
    const heapBefore = heapAfterGc(gc)
    const rssBefore = process.memoryUsage().rss
    const answers = await run(requests.slice(WARM_UP), WARM_UP)
    const heapAfter = heapAfterGc(gc)
    const rssAfter = process.memoryUsage().rss

    const serverErrors = answers.filter((a) => a.answer.status >= 500)
    const unanswered = answers.filter((a) => a.answer.timedOut)
    // Node itself closes CONNECT (no `connect` listener) without an answer; nothing else may be.
    const closed = answers.filter(
      (a) => a.answer.status === 0 && !a.answer.timedOut && a.request.method !== 'CONNECT',
    )
    const byParser = answers.filter((a) => a.answer.byParser).length
    const statuses = new Map<number, number>()
    for (const a of answers) statuses.set(a.answer.status, (statuses.get(a.answer.status) ?? 0) + 1)
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`
    console.info(
      `robustness fuzz seed ${SEED}: ${answers.length} requests, ${serverErrors.length} 5xx, ${unanswered.length} unanswered, ${closed.length} closed without an answer (${byParser} answered by Node's parser); heap ${mb(heapBefore)} -> ${mb(heapAfter)}, rss ${mb(rssBefore)} -> ${mb(rssAfter)}; statuses ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}`,
    )
    const show = (list: typeof answers) =>
      list
        .slice(0, 3)
        .map((a) => ({ index: a.index, status: a.answer.status, head: bytesOf(a.request).slice(0, 300) }))
    expect(show(serverErrors)).toEqual([])
    expect(show(unanswered)).toEqual([])
    expect(show(closed)).toEqual([])
    expect(heapAfter).toBeLessThanOrEqual(heapBefore * 1.1)

    const md = await fetch(`http://127.0.0.1:${ports.lite}/.well-known/openid-configuration`)
    expect(md.status).toBe(200)
  })
})
