import type { HostMap } from '../runtime/lib/host-map.js'
import type { RsaPublicKey } from '../runtime/oauth1/types.js'

/** Options of `createMockProvider`. */
export interface MockProviderOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number
  /** The user the mock signs in; default `mock-user`. */
  subject?: string
  /** Access token lifetime in seconds; default 3600. */
  expiresIn?: number
  /**
   * OAuth 1.0a specs: the consumers the mock knows, by `oauth_consumer_key` (a shared `secret`
   * for HMAC-*, a `publicKey` for RSA-*). Default `{ 'mock-consumer': { secret: 'mock-secret' } }`.
   */
  consumers?: Readonly<Record<string, MockConsumer>>
  /** The customer hosts to answer as (spec `hosts`); default each one's `example`. */
  hosts?: Readonly<Record<string, string>>
  /**
   * OAuth 2.0 specs: the client secret the mock shares with its client, which signs HS* ID tokens
   * (spec `idToken.algorithms`). Default `mock-client-secret`.
   */
  clientSecret?: string
}

/** A consumer registered with an OAuth 1.0a mock. */
export interface MockConsumer {
  secret?: string | undefined
  publicKey?: RsaPublicKey | undefined
}

/**
 * Where a client finds the mock: the OAuth 2.0 names for `oauth2`/`oidc` specs, the OAuth 1.0a
 * ones for `oauth1` specs. Fits both clients' `endpointOverrides`.
 */
export interface MockEndpointOverrides {
  issuer?: string
  authorization?: string
  token?: string
  /** Where refresh requests go, for a spec with its own refresh endpoint. */
  refresh?: string
  revocation?: string
  userinfo?: string
  jwks?: string
  api?: string
  temporaryCredentials?: string
  tokenCredentials?: string
}

/** A running mock of one provider. */
export interface MockProvider {
  /** `http://127.0.0.1:<port>`. */
  url: string
  /** Issuer for discovery (OpenID Connect specs): the same as `url`. */
  issuer: string
  /**
   * What to pass as the client's `hostMap`: every origin the spec names mapped to this mock, so
   * the client talks to the mock and refuses any other host. The way to test.
   */
  hostMap: HostMap
  /** The spec's customer hosts the mock answers as (`{ domain: 'dev-123.okta.com' }`): give them to the client too. */
  hosts: Readonly<Record<string, string>>
  /**
   * The client credentials the mock accepts, to spread into the client's config: the shared
   * `clientSecret`, or for a spec with `signedClientSecret` the `{ teamId, keyId, privateKey }`
   * it verifies the signed secrets with. Empty for OAuth 1.0a (see `DEFAULT_MOCK_CONSUMER`).
   */
  credentials: Readonly<Record<string, string>>
  /** Lower level: the client's `endpointOverrides` naming the mock's own paths. */
  endpointOverrides: MockEndpointOverrides
  /** Every request the mock received, in order, for assertions. */
  requests: { method: string; path: string }[]
  close(): Promise<void>
}

/** One received request, its body read. */
export interface MockRequest {
  method: string
  url: URL
  headers: Readonly<Record<string, string | string[] | undefined>>
  body: string
}
