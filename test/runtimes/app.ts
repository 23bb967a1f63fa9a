/**
 * The Web-standard app that test/runtimes bundles and runs on Bun, Deno and workerd: one
 * `fetch(request) => Promise<Response>` over authspec's core, with no Node API anywhere in its
 * import graph (the bundle is built for the `neutral` platform, so a `node:` import fails the
 * build). Two jobs, both done inside the runtime under test:
 *
 * - `POST /login/<provider>` with the mock's `endpointOverrides` as JSON: a generated provider
 *   client signs in against the mock (authorization URL, the mock's redirect, callback with a
 *   wrong and then the right state, tokens, profile, one typed API call) and answers a report.
 * - Every other path: an `AuthorizationServer` over a `MemoryStore` with one confidential
 *   client_credentials client (`SERVICE`), its secret stored hashed.
 */
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import type { AuthorizationSession, EndpointOverrides } from '../../runtime/provider/client-types.js'
import { createAuthorizationServer, hashSecret } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'

/** The one client registered with the app's authorization server. */
export const SERVICE = { clientId: 'runtime-service', clientSecret: 'runtime-secret', scope: 'api' }

/** What a sign-in inside the runtime saw, for the Node test to assert on. */
export interface LoginReport {
  /** `navigator.userAgent` where the sign-in ran: the runtime under test, not Node. */
  runtime: string
  /** Status of the mock's authorization endpoint (it approves at once and redirects). */
  authorizeStatus: number
  stateSent: string
  /** `state` in the redirect back, before the client checked it. */
  stateReturned: string | null
  /** `code` of the error a callback with another state threw (the client must refuse it). */
  wrongState: string
  accessToken: string
  scopes: readonly string[]
  /** The validated ID token claims (OpenID Connect providers), checked with jose in the runtime. */
  idToken: { iss: string; aud: string | string[]; sub: string; email: unknown } | null
  profile: { id: string; name: string | null; email: string | null | undefined }
  /** The answer of one typed API operation. */
  api: unknown
}

type Flow = (endpointOverrides: EndpointOverrides) => Promise<LoginReport>

const redirectUri = 'http://127.0.0.1/callback'

const flows: Readonly<Record<string, Flow>> = {
  async github(endpointOverrides) {
    const client = github({
      clientId: 'gh-client',
      clientSecret: 'gh-secret',
      redirectUri,
      endpointOverrides,
    })
    const { tokens, report } = await signIn(client.authorizationUrl(), (url, s) => client.callback(url, s))
    const profile = await client.profile(tokens)
    const api = await client.api.getAuthenticatedUser(tokens)
    return { ...report, idToken: null, profile: pick(profile), api }
  },
  async google(endpointOverrides) {
    const client = google({ clientId: 'g-client', clientSecret: 'g-secret', redirectUri, endpointOverrides })
    const { tokens, report } = await signIn(client.authorizationUrl(), (url, s) => client.callback(url, s))
    const c = tokens.claims
    const idToken = c ? { iss: c.iss, aud: c.aud, sub: c.sub, email: c.email } : null
    const profile = await client.profile(tokens)
    const api = await client.api.getUserInfo(tokens)
    return { ...report, idToken, profile: pick(profile), api }
  },
}

/**
 * Follows the authorization URL to the mock (which redirects back at once), checks that a callback
 * with another state is refused, then completes the callback with the real redirect.
 */
async function signIn<
  S extends AuthorizationSession,
  T extends { accessToken: string; scopes: readonly string[] },
>(
  start: Promise<{ url: URL; session: S }>,
  callback: (url: string, session: S) => Promise<T>,
): Promise<{ tokens: T; report: Omit<LoginReport, 'idToken' | 'profile' | 'api'> }> {
  const { url, session } = await start
  const redirect = await fetch(url, { redirect: 'manual' })
  const location = redirect.headers.get('location') ?? ''
  const forged = new URL(location)
  forged.searchParams.set('state', `${session.transaction.state}-forged`)
  const wrongState = await callback(forged.href, session).then(
    () => 'accepted',
    (err: unknown) => String((err as { code?: unknown }).code),
  )
  const tokens = await callback(location, session)
  return {
    tokens,
    report: {
      runtime: navigator.userAgent,
      authorizeStatus: redirect.status,
      stateSent: session.transaction.state,
      stateReturned: new URL(location).searchParams.get('state'),
      wrongState,
      accessToken: tokens.accessToken,
      scopes: tokens.scopes,
    },
  }
}

function pick(p: { id: string; name: string | null; email?: string | null }): LoginReport['profile'] {
  return { id: p.id, name: p.name, email: p.email }
}

/**
 * Builds the app. The client is saved on the first request, not at start-up: workerd forbids
 * crypto and other async work in a module's global scope, and `hashSecret` uses Web Crypto.
 */
export function createApp(): { fetch(request: Request): Promise<Response> } {
  const store = new MemoryStore()
  const server = createAuthorizationServer({
    issuer: 'http://127.0.0.1',
    store,
    scopesSupported: [SERVICE.scope],
  })
  let registered: Promise<void> | undefined
  const register = async () =>
    store.saveClient({
      clientId: SERVICE.clientId,
      clientSecretHash: await hashSecret(SERVICE.clientSecret),
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      responseTypes: [],
      scope: SERVICE.scope,
    })
  return {
    async fetch(request) {
      const path = new URL(request.url).pathname
      const name = path.startsWith('/login/') ? path.slice('/login/'.length) : ''
      const flow = Object.hasOwn(flows, name) ? flows[name] : undefined
      if (flow) {
        try {
          return Response.json(await flow((await request.json()) as EndpointOverrides))
        } catch (err) {
          return Response.json({ error: String(err), stack: (err as Error).stack }, { status: 500 })
        }
      }
      registered ??= register()
      await registered
      return server.handler(request)
    },
  }
}

export default createApp()
