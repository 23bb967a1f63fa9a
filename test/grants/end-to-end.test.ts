import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../generator/cli.js'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import type { DefinedGrant } from '../../runtime/server/grant-definition/types.js'
import { type AuthorizationServer, createAuthorizationServer } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys, USERS } from '../server/fixtures.js'
import { scaffoldAndFill as fill } from './scaffold-fill.js'

const ROOT = new URL('../..', import.meta.url).pathname
const REDIRECT = 'http://127.0.0.1/callback'
const PARTNER = 'https://partner.example'

/** Small real implementations that replace each scaffolded `throw new NotImplementedError(…)`. */
const FIXTURES: Record<string, Record<string, string>> = {
  authorization_code: {
    authorizeRequest: "return !input.scopes.includes('admin')",
    saveAuthorizationCode: 'appCodes().set(input.record.codeHash, input.record)',
    queryAuthorizationCode: 'return appCodes().get(input.codeHash)',
    deleteAuthorizationCode: 'appCodes().delete(input.record.codeHash)',
    authenticateUser: "return input.sub === 'alice' ? { sub: input.sub } : undefined",
  },
  client_credentials: { authorizeClient: "return input.client.clientId !== 'blocked'" },
  refresh_token: {
    isGrantActive:
      'return !((globalThis as { disabled?: Set<string> }).disabled?.has(input.sub ?? "") ?? false)',
  },
  token_exchange: {
    findSubjectTokenKeys: 'return undefined',
    authorizeExchange: "return input.audience === 'https://api.example' && input.subject.sub === 'alice'",
  },
  jwt_bearer: {
    findIssuerKeys: `return input.issuer === '${PARTNER}' ? (globalThis as { partnerJwks?: JwtBearerFindIssuerKeysOutput }).partnerJwks : undefined`,
    authorizeSubject: "return input.subject === 'partner-alice' ? { sub: 'alice' } : undefined",
  },
  otp: { resolveGrant: "return input.otp === '123456' ? { sub: 'alice', scopes: ['api'] } : undefined" },
}

/** The application's own code table for the filled authorization_code hooks. */
const APP_CODES = `
function appCodes(): Map<string, AuthorizationCodeQueryAuthorizationCodeOutput> {
  const g = globalThis as { appCodes?: Map<string, AuthorizationCodeQueryAuthorizationCodeOutput> }
  g.appCodes ??= new Map()
  return g.appCodes
}
`

function scaffoldAndFill(root: string, out: string, name: string): Promise<DefinedGrant> {
  return fill(root, out, name, FIXTURES[name] ?? {}, name === 'authorization_code' ? APP_CODES : '')
}

let http: Server
let issuer: string
let server: AuthorizationServer
let config: oidc.Configuration
let metadata: ReturnType<typeof registerDefinedGrants>
let partnerKey: CryptoKey

beforeAll(async () => {
  // A custom grant defined only by a new definition file, generated with the CLI.
  const custom = await mkdtemp(path.join(tmpdir(), 'authspec-otp-'))
  await copyFile(path.join(ROOT, 'tsconfig.json'), path.join(custom, 'tsconfig.json'))
  await writeFile(path.join(custom, 'package.json'), '{ "type": "module" }\n')
  expect(await main(['new', 'grant', 'otp', '--type', 'urn:example:otp', '--root', custom])).toBe(0)
  const defFile = path.join(custom, 'grants/otp.ts')
  const skeleton = await readFile(defFile, 'utf8')
  await writeFile(
    defFile,
    skeleton
      .replace(
        "scope: { type: 'scope', required: false },",
        "otp: { type: 'string', required: true },\n    scope: { type: 'scope', required: false },",
      )
      .replace("input: { client: 'ClientRecord' },", "input: { client: 'ClientRecord', otp: 'string' },"),
  )
  expect(await main(['generate', '--root', custom])).toBe(0)

  const out = await mkdtemp(path.join(tmpdir(), 'authspec-impl-'))
  const grants = [
    await scaffoldAndFill(ROOT, out, 'authorization_code'),
    await scaffoldAndFill(ROOT, out, 'refresh_token'),
    await scaffoldAndFill(ROOT, out, 'client_credentials'),
    await scaffoldAndFill(ROOT, out, 'token_exchange'),
    await scaffoldAndFill(ROOT, out, 'jwt_bearer'),
    await scaffoldAndFill(custom, path.join(custom, 'src'), 'otp'),
  ]
  const pair = await generateKeyPair('ES256', { extractable: true })
  partnerKey = pair.privateKey
  ;(globalThis as { partnerJwks?: unknown }).partnerJwks = {
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'p1', alg: 'ES256' }],
  }

  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  http = createServer(toNodeListener((r) => handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const store = new MemoryStore()
  const grantTypes = grants.flatMap((g) => (g.grant.grantType ? [g.grant.grantType] : []))
  for (const clientId of ['rp', 'blocked']) {
    await store.saveClient({
      clientId,
      clientSecretHash: await sha256Base64url(`${clientId}-secret`),
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: [REDIRECT],
      grantTypes,
      responseTypes: ['code'],
      scope: 'openid profile email api admin',
    })
  }
  server = createAuthorizationServer({
    issuer,
    store,
    keys: await testKeys(),
    defaultGrants: false,
    scopesSupported: ['openid', 'profile', 'email', 'api', 'admin'],
    findUserClaims: async (sub) => USERS[sub],
    authorize: async () => ({
      user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000) },
      approved: true,
    }),
  })
  metadata = registerDefinedGrants(server, grants)
  handler = server.handler
  config = await oidc.discovery(new URL(issuer), 'rp', undefined, oidc.ClientSecretBasic('rp-secret'), {
    execute: [oidc.allowInsecureRequests],
  })
})

afterAll(async () => {
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()))
})

async function token(form: Record<string, string>, client = 'rp') {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${client}:${client}-secret`)}`,
    },
    body: new URLSearchParams(form),
  })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

async function signIn(scope: string) {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const res = await fetch(url, { redirect: 'manual' })
  return { callback: new URL(res.headers.get('location')!), verifier, state }
}

describe('scaffolded grants over HTTP', () => {
  it('the metadata lists exactly the registered grants', async () => {
    const doc = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >
    expect(doc['grant_types_supported']).toEqual(metadata.grant_types_supported)
    expect(metadata.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'urn:example:otp',
    ])
    expect(doc['response_types_supported']).toEqual(metadata.response_types_supported)
  })

  it('authorization code with PKCE and OpenID, then refresh, through openid-client', async () => {
    const { callback, verifier, state } = await signIn('openid email api')
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      idTokenExpected: true,
    })
    expect(tokens.claims()?.sub).toBe('alice')
    expect(tokens.refresh_token).toBeTypeOf('string')
    // The code went through the application's own table and was deleted once exchanged.
    expect((globalThis as { appCodes?: Map<string, unknown> }).appCodes?.size).toBe(0)
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.access_token).not.toBe(tokens.access_token)

    ;(globalThis as { disabled?: Set<string> }).disabled = new Set(['alice'])
    try {
      const res = await token({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token! })
      expect(res).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'the grant is no longer active' },
      })
    } finally {
      delete (globalThis as { disabled?: Set<string> }).disabled
    }
  })

  it("the authorization code hook's policy refuses a request with access_denied", async () => {
    const { callback } = await signIn('openid admin')
    expect(callback.searchParams.get('error')).toBe('access_denied')
  })

  it('client credentials through openid-client; the hook refuses a blocked client', async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' })
    expect(tokens.scope).toBe('api')
    const refused = await token({ grant_type: 'client_credentials', scope: 'api' }, 'blocked')
    expect(refused).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } })
  })

  it('token exchange (RFC 8693) of an access token of this server', async () => {
    const { callback, verifier, state } = await signIn('openid api')
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    const form = {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: tokens.access_token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      audience: 'https://api.example',
      scope: 'api',
    }
    const ok = await token(form)
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'api',
    })
    expect(ok.body['refresh_token']).toBeUndefined()
    const cases: [Record<string, string>, string][] = [
      [{ subject_token_type: 'urn:example:unknown' }, 'invalid_request'],
      [{ subject_token: 'not-a-token' }, 'invalid_grant'],
      [{ audience: 'https://elsewhere.example' }, 'invalid_target'],
      [{ scope: 'admin' }, 'invalid_scope'],
      [{ requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }, 'invalid_request'],
    ]
    for (const [patch, error] of cases) expect((await token({ ...form, ...patch })).body['error']).toBe(error)
  })

  it('JWT bearer assertions (RFC 7523) verified with the trusted issuer keys', async () => {
    const now = Math.floor(Date.now() / 1000)
    const assertion = (claims: Record<string, unknown>) =>
      new SignJWT({
        iss: PARTNER,
        sub: 'partner-alice',
        aud: issuer,
        exp: now + 300,
        iat: now,
        jti: crypto.randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'p1' })
        .sign(partnerKey)
    const grant_type = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
    const once = await assertion({})
    const ok = await token({ grant_type, assertion: once, scope: 'api' })
    expect(ok).toMatchObject({ status: 200, body: { scope: 'api', token_type: 'Bearer' } })
    // The same assertion (same iss + jti) a second time is a replay.
    expect((await token({ grant_type, assertion: once, scope: 'api' })).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the assertion was already used (jti replay)',
    })
    // A new assertion reusing the jti is refused too; another jti is fine.
    const fixed = crypto.randomUUID()
    expect((await token({ grant_type, assertion: await assertion({ jti: fixed }) })).status).toBe(200)
    expect((await token({ grant_type, assertion: await assertion({ jti: fixed }) })).body['error']).toBe(
      'invalid_grant',
    )
    const cases: [Record<string, unknown>, string][] = [
      [{ aud: 'https://other.example' }, 'invalid_grant'],
      [{ exp: now - 60 }, 'invalid_grant'],
      [{ iss: 'https://stranger.example' }, 'invalid_grant'],
      [{ sub: 'someone-else' }, 'invalid_grant'],
      [{ jti: undefined }, 'invalid_grant'],
      [{ jti: 'x'.repeat(257) }, 'invalid_grant'],
    ]
    for (const [claims, error] of cases) {
      expect((await token({ grant_type, assertion: await assertion(claims) })).body['error']).toBe(error)
    }
    expect((await token({ grant_type })).body['error']).toBe('invalid_request')
  })

  it('a custom urn:example:otp grant defined only by a definition file works after generate', async () => {
    const ok = await token({ grant_type: 'urn:example:otp', otp: '123456', scope: 'api' })
    expect(ok).toMatchObject({ status: 200, body: { scope: 'api', token_type: 'Bearer' } })
    const info = await server.introspectionEndpoint(
      new Request(`${issuer}/introspect`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa('rp:rp-secret')}`,
        },
        body: new URLSearchParams({ token: ok.body['access_token']! }),
      }),
    )
    expect(await info.json()).toMatchObject({ active: true, sub: 'alice', scope: 'api' })
    expect((await token({ grant_type: 'urn:example:otp', otp: '000000' })).body['error']).toBe(
      'invalid_grant',
    )
    expect((await token({ grant_type: 'urn:example:otp' })).body).toMatchObject({
      error: 'invalid_request',
      error_description: 'otp is required',
    })
  })
})
