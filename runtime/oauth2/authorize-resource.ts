import { ArgumentError, OAuthError } from '../errors.js'
import { authorizationCodeGrant } from './authorization-code.js'
import { type AuthorizationTransaction, buildAuthorizationUrl } from './authorization-url.js'
import { validateCallback } from './callback.js'
import { type ClientCredentialStore, createMemoryCredentialStore } from './client-credential-store.js'
import { type DiscoverAuthorizationInput, discoverAuthorization } from './discover-authorization.js'
import { checkClientIdMetadataUrl, clientForIssuer, obtainClient } from './lib/obtain-client.js'
import type { MetadataCache } from './metadata-cache.js'
import type { ClientMetadata } from './register-client.js'
import type { RequestOptions, ServerMetadata, TokenResponse } from './types.js'

export interface ResourceAuthorizerConfig extends RequestOptions {
  /** Where the authorization server sends the browser back (loopback http for native apps). */
  redirectUri: string
  /**
   * Your client ID metadata document's URL (https, with a path). Used as `client_id` where the
   * server advertises `client_id_metadata_document_supported`; the server fetches the document,
   * whose `redirect_uris` must include `redirectUri`.
   */
  clientIdMetadataUrl?: string | undefined
  /**
   * Metadata for RFC 7591 registration, where that is the way in. Defaults: `redirect_uris`
   * with `redirectUri`, `token_endpoint_auth_method: 'none'`, `grant_types` authorization_code
   * and refresh_token, `response_types: ['code']`, and `application_type` from the redirect URIs.
   */
  clientMetadata?: Partial<ClientMetadata> | undefined
  /**
   * Client credentials per issuer. Default: an in-memory store owned by this authorizer. Seed it
   * (or your own) with pre-registered clients; they win over registration.
   */
  credentials?: ClientCredentialStore | undefined
  /** Shared server metadata cache; default one per discovery. */
  metadataCache?: MetadataCache | undefined
  selectAuthorizationServer?: DiscoverAuthorizationInput['selectAuthorizationServer']
  /** Clock in milliseconds (transaction time, secret expiry); default `Date.now`. */
  now?: (() => number) | undefined
}

export interface StartResourceAuthorizationInput {
  resource: string | URL
  /** The resource's 401, when you already have it; else the resource is probed. */
  challenge?: Response | Headers | string | undefined
  /** Scopes to ask for; default the challenge's `scope`, else the resource's `scopes_supported`. */
  scope?: readonly string[] | undefined
}

/**
 * What the callback needs, to keep server-side between redirect and callback. Plain JSON. It
 * holds no secret: the client's credentials stay in the credential store, under `issuer`.
 */
export interface ResourceAuthorizationSession {
  transaction: AuthorizationTransaction
  /** The resource indicator sent in both requests (RFC 8707). */
  resource: string
  issuer: string
  metadata: ServerMetadata
}

export interface ResourceAuthorizationStart {
  /** Send the user's browser here. */
  url: URL
  session: ResourceAuthorizationSession
}

export interface ResourceTokens {
  tokens: TokenResponse
  resource: string
  issuer: string
  clientId: string
}

export interface ResourceAuthorizer {
  /** The store this authorizer keeps client credentials in. */
  readonly credentials: ClientCredentialStore
  /** Discovers the authorization server, obtains a client there, builds the authorization URL. */
  start(input: StartResourceAuthorizationInput): Promise<ResourceAuthorizationStart>
  /** Checks the callback (state, RFC 9207 `iss`) and exchanges the code with `resource`. */
  complete(
    callback: string | URL | URLSearchParams,
    session: ResourceAuthorizationSession,
  ): Promise<ResourceTokens>
}

/**
 * A client for resources that name their own authorization server: MCP servers and any
 * RFC 9728 protected resource. `start` goes from the resource URL through its 401 to its
 * metadata and its authorization server's (`discoverAuthorization`), refuses a server without
 * PKCE S256 (`UNSUPPORTED_AUTHORIZATION_SERVER`), obtains a client there (stored one, client ID
 * metadata document, or RFC 7591 registration) and builds the authorization URL with PKCE S256
 * and `resource`. `complete` checks `state` and `iss` and exchanges the code with the same
 * `resource` and the client stored for that issuer, so the audience of the token is the
 * resource and a client of one issuer is never presented to another.
 *
 * @example
 * const authorizer = createResourceAuthorizer({ redirectUri: 'http://127.0.0.1:8765/callback', clientMetadata: { client_name: 'My agent' } })
 * const { url, session } = await authorizer.start({ resource: 'https://mcp.example/mcp' })
 * // … the user signs in at url; the browser comes back to redirectUri …
 * const { tokens } = await authorizer.complete(callbackUrl, session)
 * await fetch('https://mcp.example/mcp', { headers: { authorization: `Bearer ${tokens.access_token}` } })
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function createResourceAuthorizer(config: ResourceAuthorizerConfig): ResourceAuthorizer {
  const {
    redirectUri,
    clientIdMetadataUrl,
    clientMetadata,
    credentials = createMemoryCredentialStore(),
    metadataCache,
    selectAuthorizationServer,
    now,
    ...options
  } = config
  if (!redirectUri) throw new ArgumentError('"redirectUri" is required')
  if (clientIdMetadataUrl !== undefined) checkClientIdMetadataUrl(clientIdMetadataUrl, options)

  async function start(input: StartResourceAuthorizationInput): Promise<ResourceAuthorizationStart> {
    const found = await discoverAuthorization(
      { resource: input.resource, challenge: input.challenge, metadataCache, selectAuthorizationServer },
      options,
    )
    requireS256(found.issuer, found.metadata)
    const client = await obtainClient(
      { ...found, credentials, redirectUri, clientMetadata, clientIdMetadataUrl, now },
      options,
    )
    const { url, transaction } = await buildAuthorizationUrl({
      metadata: found.metadata,
      issuer: found.issuer,
      client: { clientId: client.clientId },
      redirectUri,
      scope: input.scope ?? found.scope,
      pkce: 'S256',
      extraParams: { resource: found.resource },
      allowInsecureRequests: options.allowInsecureRequests,
      now,
    })
    return {
      url,
      session: { transaction, resource: found.resource, issuer: found.issuer, metadata: found.metadata },
    }
  }

  async function complete(
    callbackInput: string | URL | URLSearchParams,
    session: ResourceAuthorizationSession,
  ): Promise<ResourceTokens> {
    if (!session?.transaction || !session.issuer || !session.resource) {
      throw new ArgumentError('"session" must be the one start() returned')
    }
    const { transaction, issuer, metadata, resource } = session
    const callback = validateCallback(callbackInput, transaction, { metadata, issuer })
    const stored = await credentials.get(issuer)
    if (!stored || stored.clientId !== transaction.clientId) {
      throw new ArgumentError(
        `the credential store no longer holds the client this session used at ${issuer}`,
      )
    }
    const client = clientForIssuer(stored, issuer)
    const tokens = await authorizationCodeGrant(
      { metadata, client, transaction, callback, extraParams: { resource } },
      options,
    )
    return { tokens, resource, issuer, clientId: client.clientId }
  }

  return { credentials, start, complete }
}

/** The MCP profile: no S256 in `code_challenge_methods_supported`, no authorization. */
function requireS256(issuer: string, metadata: ServerMetadata): void {
  if (metadata.code_challenge_methods_supported?.includes('S256')) return
  throw new OAuthError('UNSUPPORTED_AUTHORIZATION_SERVER', {
    error: 'unsupported_authorization_server',
    error_description: `${issuer} does not advertise PKCE S256 in code_challenge_methods_supported`,
    claim: 'code_challenge_methods_supported',
  })
}
