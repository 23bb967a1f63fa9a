// A small OAuth 1.0a server for the tests (RFC 5849 §2), protected by the runtime's verifier.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { constantTimeEqual, randomToken } from '../../runtime/lib/random.js'
import {
  createOAuth1Verifier,
  type OAuth1ConsumerRecord,
  type OAuth1Rejected,
  oauth1ProblemResponse,
  percentEncode,
} from '../../runtime/oauth1/index.js'

export interface TestConsumer extends OAuth1ConsumerRecord {
  /** Simulates a pre-1.0a server for this consumer: no oauth_callback_confirmed. */
  legacy?: boolean
}

interface Temporary {
  secret: string
  consumerKey: string
  callback: string
  verifier?: string
}

interface Access {
  secret: string
  consumerKey: string
  user: string
}

export interface TestServer {
  url: string
  /** Server clock, milliseconds; tests move it. */
  clock: { now: number }
  consumers: Map<string, TestConsumer>
  /** Every request the server saw, for assertions on placement. */
  seen: Array<{
    method: string
    path: string
    authorization: string | null
    contentType: string | null
    body: string
  }>
  close(): Promise<void>
}

export async function startOAuth1Server(
  consumers: Map<string, TestConsumer>,
  start: number,
): Promise<TestServer> {
  const clock = { now: start }
  const temporary = new Map<string, Temporary>()
  const access = new Map<string, Access>()
  const seen: TestServer['seen'] = []
  const base = {
    lookupConsumer: (key: string) => consumers.get(key),
    now: () => clock.now,
  }
  const tempVerifier = createOAuth1Verifier({
    ...base,
    lookupToken: (token, _c, consumerKey) => {
      const t = temporary.get(token)
      return t && t.consumerKey === consumerKey ? t : undefined
    },
  })
  const accessVerifier = createOAuth1Verifier({
    ...base,
    lookupToken: (token, _c, consumerKey) => {
      const t = access.get(token)
      return t && t.consumerKey === consumerKey ? t : undefined
    },
  })
  let origin = ''

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const problem = (r: OAuth1Rejected) => oauth1ProblemResponse(r, { realm: 'Photos' })
    if (url.pathname === '/initiate' && request.method === 'POST') {
      const result = await tempVerifier.verify(request, { requireToken: false })
      if (!result.ok) return problem(result)
      const callback = result.oauthParams['oauth_callback']
      if (!callback)
        return form({ oauth_problem: 'parameter_absent', oauth_parameters_absent: 'oauth_callback' }, 400)
      const key = randomToken(12)
      const secret = randomToken(12)
      temporary.set(key, { secret, consumerKey: result.consumerKey, callback })
      const body: Record<string, string> = { oauth_token: key, oauth_token_secret: secret }
      if (!result.consumer.legacy) body['oauth_callback_confirmed'] = 'true'
      return form(body)
    }
    if (url.pathname === '/authorize' && request.method === 'GET') {
      const token = url.searchParams.get('oauth_token') ?? ''
      if (!temporary.has(token)) return new Response('unknown request token', { status: 400 })
      return new Response(
        `<form method="post"><input name="oauth_token" value="${token}"><button>Approve</button></form>`,
        {
          headers: { 'content-type': 'text/html' },
        },
      )
    }
    if (url.pathname === '/authorize' && request.method === 'POST') {
      const fields = new URLSearchParams(await request.text())
      const token = fields.get('oauth_token') ?? ''
      const t = temporary.get(token)
      if (!t) return new Response('unknown request token', { status: 400 })
      const target = new URL(t.callback)
      if (fields.get('decision') !== 'approve') {
        target.searchParams.set('oauth_problem', 'user_refused')
      } else {
        t.verifier = randomToken(12)
        target.searchParams.set('oauth_token', token)
        target.searchParams.set('oauth_verifier', t.verifier)
      }
      return new Response(null, { status: 302, headers: { location: target.href } })
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const result = await tempVerifier.verify(request)
      if (!result.ok) return problem(result)
      const t = result.token!
      const verifier = result.oauthParams['oauth_verifier'] ?? ''
      if (!t.verifier || !constantTimeEqual(verifier, t.verifier)) {
        return form({ oauth_problem: 'permission_denied', oauth_problem_advice: 'wrong verifier' }, 401)
      }
      // Temporary credentials are single use (RFC 5849 §2.3).
      temporary.delete(result.tokenKey!)
      const key = randomToken(12)
      const secret = randomToken(12)
      access.set(key, { secret, consumerKey: result.consumerKey, user: 'jane' })
      return form({ oauth_token: key, oauth_token_secret: secret, user_id: '42', screen_name: 'jane' })
    }
    if (url.pathname === '/photos') {
      const result = await accessVerifier.verify(request)
      if (!result.ok) return problem(result)
      const query = Object.fromEntries([...url.searchParams].filter(([k]) => !k.startsWith('oauth_')))
      return Response.json({ user: result.token!.user, consumer: result.consumerKey, query })
    }
    return new Response('not found', { status: 404 })
  }

  const server: Server = createServer((req, res) => {
    void serve(req, res)
  })
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization ?? null,
      contentType: req.headers['content-type'] ?? null,
      body: body.toString('utf8'),
    })
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(origin + req.url, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body } : {}),
    })
    const response = await handle(request)
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    clock,
    consumers,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}

function form(fields: Record<string, string>, status = 200): Response {
  const body = Object.entries(fields)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
  return new Response(body, { status, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}
