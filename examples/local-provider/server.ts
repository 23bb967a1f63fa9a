import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { type Account, type Configuration, Provider } from 'oidc-provider'
import { devicePages } from './device-pages.js'
import { type DemoUser, handleInteraction } from './interactions.js'

export type { DemoUser } from './interactions.js'

/** The confidential web client: `client_secret_basic` with a secret that needs form-encoding. */
export interface SecretClient {
  clientId: string
  clientSecret: string
  redirectUri: string
  authMethod: 'client_secret_basic'
}

/** A confidential client authenticating with `private_key_jwt` (RFC 7523 §2.2). */
export interface PrivateKeyJwtClient {
  clientId: string
  redirectUri: string
  authMethod: 'private_key_jwt'
  /** Private signing key (non-extractable use is fine; the JWK below is the same key). */
  privateKey: CryptoKey
  /** Same key as a private JWK, with `kid` and `alg`. */
  privateJwk: JsonWebKey & { kid: string; alg: string }
  kid: string
  alg: 'ES256'
}

/** A public native client (`token_endpoint_auth_method: none`) for PKCE and the device flow. */
export interface PublicClient {
  clientId: string
  redirectUri: string
  authMethod: 'none'
}

export interface LocalProviderOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number | undefined
  /** Redirect URI registered for the web clients; never contacted. */
  redirectUri?: string | undefined
  /** Token lifetimes in seconds, passed to oidc-provider's `ttl`. */
  ttl?:
    | { AccessToken?: number; RefreshToken?: number; DeviceCode?: number; ClientCredentials?: number }
    | undefined
}

/** A running oidc-provider on 127.0.0.1 with the clients and the user below. */
export interface LocalProvider {
  issuer: string
  port: number
  /** The user `loginThroughProvider` signs in by default. */
  user: DemoUser
  users: readonly DemoUser[]
  clients: { confidential: SecretClient; privateKeyJwt: PrivateKeyJwtClient; public: PublicClient }
  /** Errors oidc-provider reported as `server_error` (a test can assert it stays empty). */
  serverErrors: unknown[]
  close(): Promise<void>
}

const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'alice',
    password: 'wonderland',
    sub: 'user-alice-0001',
    claims: {
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      email: 'alice@example.test',
      email_verified: true,
    },
  },
]

/** ':' and '%' break naive Basic encoding (RFC 6749 §2.3.1); "%2F" would silently decode to '/'. */
const CONFIDENTIAL_SECRET = 's3cr:et%2F with space'

/**
 * Starts the real `oidc-provider` (an OpenID Certified implementation) on http://127.0.0.1 with an
 * in-memory store, PKCE required for every client, refresh-token rotation on every use, and
 * client credentials, device flow, introspection, revocation and userinfo enabled.
 *
 * @example
 * const op = await startLocalProvider()
 * console.log(op.issuer) // http://127.0.0.1:54321
 * await op.close()
 */
export async function startLocalProvider(options: LocalProviderOptions = {}): Promise<LocalProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  let provider: Provider | undefined
  const serverErrors: unknown[] = []
  const server = createServer((req, res) => {
    if (!provider || !handler) {
      res.statusCode = 503
      res.end()
      return
    }
    const op = provider
    const next = handler
    handleInteraction(op, DEMO_USERS, req, res)
      .then((handled) => {
        if (!handled) next(req, res)
      })
      .catch((error: unknown) => {
        serverErrors.push(error)
        if (!res.headersSent) res.statusCode = 500
        res.end()
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const issuer = `http://127.0.0.1:${port}`
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/authspec/callback'

  const [opRsa, opEc, clientKey] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
  ])
  const opKeys = [
    { ...(await exportJWK(opRsa.privateKey)), kid: 'op-rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(opEc.privateKey)), kid: 'op-ec-1', alg: 'ES256', use: 'sig' },
  ]
  const clientKid = 'client-ec-1'
  const clientPrivateJwk = { ...(await exportJWK(clientKey.privateKey)), kid: clientKid, alg: 'ES256' }
  const clientPublicJwk = {
    ...(await exportJWK(clientKey.publicKey)),
    kid: clientKid,
    alg: 'ES256',
    use: 'sig',
  }

  const clients = {
    confidential: {
      clientId: 'authspec-basic',
      clientSecret: CONFIDENTIAL_SECRET,
      redirectUri,
      authMethod: 'client_secret_basic',
    },
    privateKeyJwt: {
      clientId: 'authspec-jwt',
      redirectUri,
      authMethod: 'private_key_jwt',
      privateKey: clientKey.privateKey,
      privateJwk: clientPrivateJwk,
      kid: clientKid,
      alg: 'ES256',
    },
    public: { clientId: 'authspec-public', redirectUri, authMethod: 'none' },
  } satisfies LocalProvider['clients']

  const configuration: Configuration = {
    clients: [
      {
        client_id: clients.confidential.clientId,
        client_secret: clients.confidential.clientSecret,
        client_name: 'authspec confidential client',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: [
          'authorization_code',
          'refresh_token',
          'client_credentials',
          'urn:ietf:params:oauth:grant-type:device_code',
        ],
      },
      {
        client_id: clients.privateKeyJwt.clientId,
        client_name: 'authspec private_key_jwt client',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [clientPublicJwk] },
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      },
      {
        client_id: clients.public.clientId,
        client_name: 'authspec public client',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      },
    ],
    jwks: { keys: opKeys },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    findAccount: (_ctx: unknown, sub: string): Account | undefined => findAccount(sub),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true, ...devicePages },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // RFC 9700 §2.1.1: PKCE for every client, confidential ones included.
    pkce: { required: () => true },
    // RFC 9700 §4.14.2: a new refresh token on every use; oidc-provider then refuses the old one.
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: options.ttl?.AccessToken ?? 600,
      AuthorizationCode: 60,
      ClientCredentials: options.ttl?.ClientCredentials ?? 600,
      DeviceCode: options.ttl?.DeviceCode ?? 600,
      IdToken: 600,
      Interaction: 600,
      RefreshToken: options.ttl?.RefreshToken ?? 86_400,
      Session: 3_600,
      Grant: 86_400,
    },
  }
  provider = new Provider(issuer, configuration)
  provider.on('server_error', (_ctx: unknown, error: unknown) => serverErrors.push(error))
  handler = provider.callback()

  return {
    issuer,
    port,
    user: DEMO_USERS[0]!,
    users: DEMO_USERS,
    clients,
    serverErrors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

function findAccount(sub: string): Account | undefined {
  const user = DEMO_USERS.find((u) => u.sub === sub)
  if (!user) return undefined
  return { accountId: user.sub, claims: () => ({ sub: user.sub, ...user.claims }) }
}

interface PolicyClient {
  clientId: string
  clientAuthMethod: string
}

// Public clients may only see their own tokens; confidential ones act as resource servers.
async function introspectionAllowed(_ctx: unknown, client: PolicyClient, token: { clientId?: string }) {
  return client.clientAuthMethod !== 'none' || token.clientId === client.clientId
}

// RFC 7009 §2.1: a client may revoke only tokens issued to it.
async function revocationAllowed(_ctx: unknown, client: PolicyClient, token: { clientId?: string }) {
  return token.clientId === client.clientId
}
