import { KeySet } from '../jose/index.js'
import { type AuthorizationServer, createAuthorizationServer } from '../server/authorization-server.js'
import { deviceCodeGrant } from '../server/grants/device-code.js'
import { openIdExtension } from '../server/grants/openid.js'
import { fromKeySet } from '../server/lib/keys.js'
import { loadOrCreateKeySet } from '../storage/key-vault.js'
import { homeRoute, revokeRoute } from './account.js'
import { authorizeRoute, consentRoute, loginRoute, selectAccountRoute } from './authorize.js'
import { type Kit, type Route, showError } from './context.js'
import { deviceGetRoute, devicePostRoute } from './device.js'
import { logoutRoute } from './logout.js'
import { type IdentityProviderOptions, resolveOptions } from './options.js'
import { defaultPages } from './pages/index.js'
import { unmatchableHash } from './passwords.js'
import { pendingSeals } from './pending.js'
import { readForm, sameOrigin, stylesheet } from './respond.js'
import { csrfMatches, sessionCookies } from './session.js'

/** A running identity provider. */
export interface IdentityProvider {
  /** Web-standard handler for every path under the issuer; serve it with `toNodeListener` or any Fetch runtime. */
  handler: (request: Request) => Promise<Response>
  /**
   * The authorization server inside, for registering grants or clients' tooling; its
   * `revokeConsent(sub, clientId)` is what the account page's "Disconnect" calls.
   */
  server: AuthorizationServer
}

/**
 * An OpenID Provider with its interactive pages: one call, given the application's accounts.
 * It serves the authorization server's endpoints plus login, consent, account choice
 * (`prompt=select_account`), device code verification, logout confirmation, the account page with
 * connected apps (every client the user approved, from the store), and error pages, all non-frameable, with a CSRF token on every form and a sealed
 * session cookie. It owns the protocol around the login: GET and POST `/authorize`, `prompt`,
 * `max_age` and `auth_time`, `id_token_hint`, essential `acr`, consent remembered per user, client
 * and scopes (and revocable), and RP-initiated logout.
 *
 * @example
 * const idp = await createIdentityProvider({
 *   issuer: 'https://id.example.com',
 *   store: new SqliteStore({ path: './data/id.db' }),
 *   secret: process.env.IDP_SECRET, // randomToken(32), kept outside the store
 *   accounts: {
 *     findByLogin: (login) => db.users.find(login), // { sub, passwordHash: await hashPassword(pw) }
 *     claims: (sub) => db.users.claims(sub),
 *   },
 * })
 * createServer(toNodeListener(idp.handler)).listen(443)
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export async function createIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const o = resolveOptions(options, defaultPages)
  const keys =
    options.keys ??
    fromKeySet(
      await loadOrCreateKeySet(options.store, {
        kek: await o.keysKey,
        create: () => KeySet.generate(['RS256']),
        now: o.now,
      }),
      'RS256',
    )
  const accounts = options.accounts
  const server = createAuthorizationServer({
    ...options.server,
    issuer: options.issuer,
    store: options.store,
    keys,
    now: o.now,
    findUserClaims: (sub, scopes) => accounts.claims(sub, scopes),
    // The kit ends its own session before handing logout to the server (logout.ts).
    endSession: async () => undefined,
  })
  if (options.server?.defaultGrants !== false) server.registerGrant(deviceCodeGrant(), [openIdExtension()])
  const kit: Kit = {
    server,
    store: options.store,
    accounts,
    options: o,
    sessions: sessionCookies({ key: o.sessionKey, secure: o.secure, ttl: o.sessionTtl, now: o.now }),
    pending: pendingSeals({ key: o.pendingKey, now: o.now }),
    dummyHash: unmatchableHash(),
  }
  const routes = routeTable(kit, new URL(server.metadata()['authorization_endpoint'] as string).pathname)
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    // The stylesheet needs no session: no cookie to open on every page's CSS fetch.
    if (request.method === 'GET' && path === o.paths.styles) return stylesheet(o.branding.stylesheet)
    const route = routes.get(`${request.method} ${path}`)
    if (!route) return server.handler(request)
    const session = await kit.sessions.load(request)
    try {
      if (route.form === 'none') return await route.run(kit, request, session, new URLSearchParams())
      const form = await readForm(request)
      const checked = route.form === 'csrf' || form.get('confirm') === 'yes'
      if (checked && (!sameOrigin(request) || !csrfMatches(session, form)))
        return await showError(kit, session, 'csrf', 403)
      return await route.run(kit, request, session, form)
    } catch {
      return showError(kit, session, 'server_error', 500)
    }
  }
  return { handler, server }
}

/**
 * Which routes the kit serves, and what each needs of a POST body: `csrf` (the kit's own forms),
 * `open` (posted by a relying party: `/authorize`, and `/logout`, whose `confirm` step is ours and
 * checked), `none` (GET).
 */
function routeTable(kit: Kit, authorizePath: string) {
  const p = kit.options.paths
  const table: [string, 'none' | 'open' | 'csrf', Route][] = [
    [`GET ${authorizePath}`, 'none', authorizeRoute],
    [`POST ${authorizePath}`, 'none', authorizeRoute],
    [`POST ${p.login}`, 'csrf', loginRoute],
    [`POST ${p.consent}`, 'csrf', consentRoute],
    [`POST ${p.selectAccount}`, 'csrf', selectAccountRoute],
    [`GET ${p.device}`, 'none', deviceGetRoute],
    [`POST ${p.device}`, 'csrf', devicePostRoute],
    [`GET ${p.logout}`, 'none', logoutRoute],
    [`POST ${p.logout}`, 'open', logoutRoute],
    [`GET ${p.home}`, 'none', homeRoute],
    [`POST ${p.revoke}`, 'csrf', revokeRoute],
  ]
  return new Map(table.map(([key, form, run]) => [key, { form, run }]))
}
