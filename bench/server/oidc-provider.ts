/**
 * The oidc-provider 9 child: its default in-memory adapter, the clientCredentials, introspection
 * and revocation features on, one confidential client; client_credentials tokens are opaque (no
 * resource indicator). Workloads that need a token get one made with the provider's own models:
 * a ClientCredentials token, or for userinfo an AccessToken of a Grant with `openid`. Bearer
 * validation is a route of the provider's own Koa app (`provider.use`, as a resource in the
 * provider's process is mounted): `ClientCredentials.find`, then the expiry and scope checks.
 */
import Provider from 'oidc-provider'
import { CLIENT_ID, CLIENT_SECRET, childEnv, ISSUER, SCOPE, serve, USER } from './child.js'

/** The provider's token models this child uses (the package ships no typings; see examples/local-provider). */
interface TokenModels {
  Client: { find(id: string): Promise<object | undefined> }
  ClientCredentials: {
    new (init: { client: object; scope: string }): { save(): Promise<string> }
    find(
      token: string,
    ): Promise<{ isValid: boolean; scopes: Set<string>; clientId: string; scope: string } | undefined>
  }
  AccessToken: new (init: {
    accountId: string
    client: object
    grantId: string
    scope: string
    gty: string
  }) => { save(): Promise<string> }
}

const { workload } = childEnv()
const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: `openid ${SCOPE}`,
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    devInteractions: { enabled: false },
  },
  routes: { introspection: '/introspect', revocation: '/revoke', userinfo: '/userinfo' },
  findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  scopes: ['openid', SCOPE],
})
const models = provider as unknown as TokenModels

async function token(): Promise<string> {
  const client = await models.Client.find(CLIENT_ID)
  if (!client) throw new Error('the bench client is missing')
  if (workload !== 'userinfo') return new models.ClientCredentials({ client, scope: SCOPE }).save()
  const grant = new provider.Grant({ accountId: USER, clientId: CLIENT_ID })
  grant.addOIDCScope(`openid ${SCOPE}`)
  const grantId = await grant.save()
  return new models.AccessToken({
    accountId: USER,
    client,
    grantId,
    scope: `openid ${SCOPE}`,
    gty: 'authorization_code',
  }).save()
}

/** The Koa context members the resource route uses. */
interface KoaContext {
  path: string
  status: number
  body: unknown
  get(header: string): string
  set(header: string, value: string): void
}

/** The protected resource, a Koa middleware in front of the provider's routes. */
async function resource(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  if (ctx.path !== '/resource') return next()
  const header = ctx.get('authorization')
  const value = header.startsWith('Bearer ') ? header.slice(7) : ''
  const found = await models.ClientCredentials.find(value)
  ctx.set('cache-control', 'no-store')
  if (!found?.isValid || !found.scopes.has(SCOPE)) {
    ctx.status = 401
    ctx.body = { error: 'invalid_token' }
    return
  }
  ctx.body = { client_id: found.clientId, sub: found.clientId, scope: found.scope }
}

if (workload === 'bearer-opaque') (provider as unknown as { use(m: typeof resource): void }).use(resource)
serve(provider.callback(), workload === 'issue-opaque' ? undefined : await token())
