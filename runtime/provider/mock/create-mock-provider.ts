import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { ArgumentError } from '../../errors.js'
import type { EndpointOverrides } from '../client-types.js'
import type { OperationSpec, ProviderSpec } from '../spec-types.js'
import { fixtureFor } from './fixture.js'

/** Options of `createMockProvider`. */
export interface MockProviderOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number
  /** The user the mock signs in; default `mock-user`. */
  subject?: string
  /** Access token lifetime in seconds; default 3600. */
  expiresIn?: number
}

/** A running mock of one provider. */
export interface MockProvider {
  /** `http://127.0.0.1:<port>`. */
  url: string
  /** Issuer for discovery (OpenID Connect specs): the same as `url`. */
  issuer: string
  /** What to pass as the client's `endpointOverrides` so that it talks to the mock. */
  endpointOverrides: EndpointOverrides
  /** Every request the mock received, in order, for assertions. */
  requests: { method: string; path: string }[]
  close(): Promise<void>
}

interface Grant {
  clientId: string
  redirectUri: string
  scopes: string[]
  challenge: string | undefined
  nonce: string | undefined
  echoed: Record<string, string>
}

/**
 * Starts a local mock of a provider, driven by its spec, quirks included: the authorization
 * endpoint approves at once and redirects with `code`, `state`, echoed parameters and `iss`; the
 * token endpoint answers form-encoded or JSON as the spec says, with errors under HTTP 200 when
 * the provider does that, granted scopes joined with the provider's delimiter, the spec's extra
 * token fields, required PKCE enforced and ID tokens signed for OpenID Connect; API operations
 * answer data valid under their zod schemas, wrapped and authenticated the provider's way.
 * Node only (node:http). For offline tests of apps using a generated client.
 *
 * @example
 * const mock = await createMockProvider(githubSpec)
 * const client = github({ clientId: 'id', clientSecret: 's', redirectUri, endpointOverrides: mock.endpointOverrides })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export async function createMockProvider(
  spec: ProviderSpec,
  options: MockProviderOptions = {},
): Promise<MockProvider> {
  if (spec.protocol === 'oauth1') {
    throw new ArgumentError(
      `"spec" ${spec.id} is OAuth 1.0a; the mock serves OAuth 2.0 and OpenID Connect providers`,
    )
  }
  const subject = options.subject ?? 'mock-user'
  const expiresIn = options.expiresIn ?? 3600
  const grants = new Map<string, Grant>()
  const accessTokens = new Map<string, { clientId: string; scopes: string[] }>()
  const refreshTokens = new Map<
    string,
    { clientId: string; scopes: string[]; echoed: Record<string, string> }
  >()
  const requests: { method: string; path: string }[] = []
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'mock-key', alg: 'RS256', use: 'sig' }
  let base = ''

  const oidc = spec.protocol === 'oidc'
  const tokenOpts = spec.tokenResponse ?? {}
  const api = spec.api

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    requests.push({ method: req.method ?? 'GET', path: url.pathname })
    const raw = await readBody(req)
    if (
      url.pathname === '/.well-known/openid-configuration' ||
      url.pathname === '/.well-known/oauth-authorization-server'
    ) {
      return json(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        revocation_endpoint: `${base}/revoke`,
        userinfo_endpoint: `${base}/userinfo`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: Object.keys(spec.scopes.supported),
        token_endpoint_auth_methods_supported: [spec.clientAuth],
      })
    }
    if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] })
    if (url.pathname === '/authorize') return authorize(url, res)
    if (url.pathname === '/token') return token(req, raw, res)
    if (url.pathname === '/revoke') {
      const token = bodyParams(req, raw).get(spec.revocation?.tokenParam ?? 'token')
      if (token) accessTokens.delete(token)
      if (token) refreshTokens.delete(token)
      res.writeHead(spec.revocation?.method === 'DELETE' ? 204 : 200).end()
      return
    }
    if (url.pathname === '/userinfo') {
      const token = bearer(req) ?? bodyParams(req, raw).get('access_token') ?? undefined
      if (!token || !accessTokens.has(token)) return json(res, 401, { error: 'invalid_token' })
      return json(res, 200, userClaims())
    }
    if (api && url.pathname.startsWith('/api/')) return callOperation(req, url, raw, res)
    json(res, 404, { error: 'not_found' })
  }

  function userClaims(): Record<string, unknown> {
    return {
      sub: subject,
      name: 'Mock User',
      email: 'mock.user@example.com',
      email_verified: true,
      picture: 'https://example.com/avatar.png',
    }
  }

  function authorize(url: URL, res: ServerResponse): undefined {
    const q = url.searchParams
    const redirectUri = q.get('redirect_uri')
    const clientId = q.get('client_id')
    if (!redirectUri || !clientId)
      return json(res, 400, {
        error: 'invalid_request',
        error_description: 'redirect_uri and client_id are required',
      })
    const back = new URL(redirectUri)
    const state = q.get('state')
    if (state) back.searchParams.set('state', state)
    const challenge = q.get('code_challenge') ?? undefined
    if (spec.pkce === 'required' && (!challenge || q.get('code_challenge_method') !== 'S256')) {
      back.searchParams.set('error', 'invalid_request')
      back.searchParams.set('error_description', 'code_challenge with S256 is required')
    } else {
      const code = token32()
      const echoed: Record<string, string> = {}
      for (const name of spec.callback?.echoParams ?? []) {
        echoed[name] = `mock-${name}`
        back.searchParams.set(name, echoed[name])
      }
      grants.set(code, {
        clientId,
        redirectUri,
        scopes: (q.get('scope') ?? '').split(spec.scopes.requestDelimiter).filter(Boolean),
        challenge,
        nonce: q.get('nonce') ?? undefined,
        echoed,
      })
      back.searchParams.set('code', code)
    }
    const iss = spec.callback?.issuer?.value
    if (iss) back.searchParams.set('iss', iss)
    res.writeHead(302, { location: back.href }).end()
    return undefined
  }

  async function token(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const body = bodyParams(req, raw)
    const clientId = body.get('client_id') ?? basicClientId(req)
    const fail = (error: string, description: string) =>
      send(req, res, tokenOpts.errorsWithStatus200 ? 200 : 400, { error, error_description: description })
    if (!clientId) return fail('invalid_client', 'client authentication is missing')
    let scopes: string[]
    let echoed: Record<string, string> = {}
    let nonce: string | undefined
    if (body.get('grant_type') === 'authorization_code') {
      const grant = grants.get(body.get('code') ?? '')
      grants.delete(body.get('code') ?? '')
      if (!grant || grant.clientId !== clientId) return fail('invalid_grant', 'unknown or used code')
      if (body.get('redirect_uri') !== null && body.get('redirect_uri') !== grant.redirectUri)
        return fail('invalid_grant', 'redirect_uri differs')
      if (grant.challenge) {
        const verifier = body.get('code_verifier') ?? ''
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
          return fail('invalid_grant', 'code_verifier does not match')
      }
      for (const [name, value] of Object.entries(grant.echoed)) {
        if (body.get(name) !== value)
          return fail('invalid_request', `${name} from the callback must be sent back`)
      }
      ;({ scopes, echoed, nonce } = grant)
    } else if (body.get('grant_type') === 'refresh_token') {
      const held = refreshTokens.get(body.get('refresh_token') ?? '')
      if (!held || held.clientId !== clientId) return fail('invalid_grant', 'unknown refresh token')
      ;({ scopes, echoed } = held)
    } else return fail('unsupported_grant_type', 'authorization_code and refresh_token only')
    const access = token32()
    const refresh = token32()
    accessTokens.set(access, { clientId, scopes })
    refreshTokens.set(refresh, { clientId, scopes, echoed })
    const out: Record<string, unknown> = {
      access_token: access,
      token_type: tokenOpts.defaultTokenType ? undefined : 'Bearer',
      expires_in: expiresIn,
      refresh_token: refresh,
      scope: scopes.join(spec.scopes.responseDelimiter),
    }
    for (const [name, type] of Object.entries(tokenOpts.extraFields ?? {})) {
      out[name] = type === 'number' ? 1 : type === 'boolean' ? true : `mock-${name}`
    }
    if (oidc && scopes.includes('openid')) {
      out.id_token = await new SignJWT({ ...userClaims(), ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'mock-key' })
        .setIssuer(base)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey)
    }
    send(req, res, 200, out)
  }

  /** JSON, or form-encoded when the provider answers that way and the client did not ask for JSON. */
  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: Record<string, unknown>,
  ): void {
    const wantsJson = (req.headers.accept ?? '').includes('json')
    if (tokenOpts.formEncoded && !wantsJson) {
      const form = new URLSearchParams()
      for (const [k, v] of Object.entries(body)) if (v !== undefined) form.set(k, String(v))
      res.writeHead(status, { 'content-type': 'application/x-www-form-urlencoded' }).end(form.toString())
      return
    }
    json(res, status, body)
  }

  function callOperation(req: IncomingMessage, url: URL, raw: string, res: ServerResponse): undefined {
    if (!api) return json(res, 404, {})
    const path = url.pathname.slice('/api'.length)
    const found = Object.entries(api.operations).find(
      ([, op]) => op.method === req.method && pathPattern(op).test(path),
    )
    const apiError = (status: number, code: string, message: string) => {
      const shape = api.errorShape
      if (!shape) return json(res, status, { message })
      const body: Record<string, unknown> = {}
      setPath(body, shape.field, {})
      if (shape.code) setPath(body, shape.code, code)
      if (shape.message) setPath(body, shape.message, message)
      // Providers with an error shape in the body (VK) send it with HTTP 200.
      return json(res, api.unwrap ? 200 : status, body)
    }
    if (!found) return apiError(404, 'not_found', `no operation ${req.method} ${path}`)
    for (const [name, value] of Object.entries(api.headers ?? {})) {
      if (name.toLowerCase() === 'accept') continue
      if (!req.headers[name.toLowerCase()])
        return apiError(403, 'missing_header', `${name} header is required (${value})`)
    }
    for (const name of Object.keys(api.query ?? {})) {
      if (!url.searchParams.has(name)) return apiError(400, 'missing_parameter', `${name} is required`)
    }
    const auth = api.auth ?? { in: 'header' as const }
    const token =
      auth.in === 'header'
        ? bearer(req)
        : auth.in === 'query'
          ? url.searchParams.get(auth.name)
          : bodyParams(req, raw).get(auth.name)
    if (!token || !accessTokens.has(token))
      return apiError(401, 'invalid_token', 'a valid access token is required')
    const [name, op] = found
    const data = fixtureFor(op.response, name)
    return json(res, 200, api.unwrap ? { [api.unwrap]: data } : data)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      json(res, 500, { error: 'server_error', error_description: String(err) }),
    )
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    issuer: base,
    endpointOverrides: {
      ...(oidc || spec.issuer ? { issuer: base } : {}),
      authorization: `${base}/authorize`,
      token: `${base}/token`,
      revocation: `${base}/revoke`,
      userinfo: `${base}/userinfo`,
      jwks: `${base}/jwks`,
      ...(api ? { api: `${base}/api` } : {}),
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function token32(): string {
  return randomBytes(24).toString('base64url')
}

function pathPattern(op: OperationSpec): RegExp {
  const escaped = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${escaped}$`)
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined
}

function basicClientId(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  if (!h?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8')
  return decodeURIComponent(decoded.slice(0, decoded.indexOf(':')))
}

function bodyParams(req: IncomingMessage, raw: string): URLSearchParams {
  if ((req.headers['content-type'] ?? '').includes('json') && raw) {
    const parsed = JSON.parse(raw) as Record<string, unknown>
    return new URLSearchParams(Object.entries(parsed).map(([k, v]) => [k, String(v)]))
  }
  return new URLSearchParams(raw)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function json(res: ServerResponse, status: number, body: unknown): undefined {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body))
  return undefined
}
