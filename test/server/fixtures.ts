import { sha256Base64url } from '../../runtime/lib/random.js'
import type { AuthorizationServerOptions } from '../../runtime/server/authorization-server.js'
import type { AuthorizationServer, RotatingSigningKeys } from '../../runtime/server/index.js'
import { createAuthorizationServer, generateSigningKeys } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'

export const ISSUER = 'https://id.example'
export const WEB_REDIRECT = 'https://app.example/cb'
export const NATIVE_REDIRECT = 'http://127.0.0.1/cb'
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

export const USERS: Record<string, { sub: string; name: string; email: string; email_verified: boolean }> = {
  alice: { sub: 'alice', name: 'Alice Liddell', email: 'alice@example.org', email_verified: true },
}

let sharedKeys: Promise<RotatingSigningKeys> | undefined

/** One RSA key per test file: generating RSA keys is slow. */
export function testKeys(): Promise<RotatingSigningKeys> {
  sharedKeys ??= generateSigningKeys()
  return sharedKeys
}

export interface Fixture {
  server: AuthorizationServer
  store: MemoryStore
  clock: { now: number }
  keys: RotatingSigningKeys
}

/** A server with a confidential `web` client (basic), a `post` client and a public `native` client. */
export async function setup(options?: Partial<AuthorizationServerOptions>): Promise<Fixture> {
  const store = new MemoryStore()
  const clock = { now: Date.UTC(2026, 0, 1) }
  const keys = await testKeys()
  const scope = 'openid profile email offline_access api:read api:write'
  await store.saveClient({
    clientId: 'web',
    clientSecretHash: await sha256Base64url('web-secret'),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [WEB_REDIRECT, 'https://app.example/other'],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    responseTypes: ['code'],
    scope,
    clientName: 'Web App',
  })
  await store.saveClient({
    clientId: 'post',
    clientSecretHash: await sha256Base64url('post-secret'),
    tokenEndpointAuthMethod: 'client_secret_post',
    redirectUris: [WEB_REDIRECT],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    scope: 'api:read',
  })
  await store.saveClient({
    clientId: 'native',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [NATIVE_REDIRECT],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    scope,
  })
  const server = createAuthorizationServer({
    issuer: ISSUER,
    store,
    keys,
    now: () => clock.now,
    scopesSupported: ['openid', 'profile', 'email', 'offline_access', 'api:read', 'api:write'],
    findUserClaims: async (sub) => USERS[sub],
    ...options,
  })
  return { server, store, clock, keys }
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  return `Basic ${btoa(`${enc(id)}:${enc(secret)}`)}`
}

/** A form POST to the token endpoint (or another `path`). */
export function formRequest(
  path: string,
  form: Record<string, string> | string,
  headers?: Record<string, string>,
) {
  return new Request(`${ISSUER}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
  })
}

export function authorizeUrl(params: Record<string, string>): string {
  return `${ISSUER}/authorize?${new URLSearchParams(params)}`
}

export const webAuthorizeParams = {
  client_id: 'web',
  redirect_uri: WEB_REDIRECT,
  response_type: 'code',
  scope: 'openid profile email',
  state: 'st-1',
  nonce: 'n-1',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
}

/** Runs the authorization endpoint for alice and returns the redirect's query parameters. */
export async function approve(
  server: AuthorizationServer,
  params: Record<string, string>,
  authTime?: number,
): Promise<URLSearchParams> {
  const res = await server.createAuthorizationResponse(new Request(authorizeUrl(params)), {
    user: { sub: 'alice', authTime },
    approved: true,
  })
  if (res.status !== 302) throw new Error(`expected a redirect, got ${res.status}: ${await res.text()}`)
  return new URL(res.headers.get('location') ?? '').searchParams
}

/** Gets a code for `web` and exchanges it; returns the token response. */
export async function webTokens(f: Fixture, extra?: Record<string, string>) {
  const q = await approve(f.server, { ...webAuthorizeParams, ...extra })
  const res = await f.server.tokenEndpoint(
    formRequest(
      '/token',
      {
        grant_type: 'authorization_code',
        code: q.get('code')!,
        redirect_uri: WEB_REDIRECT,
        code_verifier: VERIFIER,
      },
      { authorization: basic('web', 'web-secret') },
    ),
  )
  return { res, body: (await res.json()) as Record<string, string>, code: q.get('code')! }
}
