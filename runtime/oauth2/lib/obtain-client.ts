import { ArgumentError, OAuthError } from '../../errors.js'
import { assertSecureUrl, type HttpOptions } from '../../lib/http.js'
import type { ClientCredentialStore, StoredClient } from '../client-credential-store.js'
import { type ClientMetadata, registerClient } from '../register-client.js'
import type { ClientAuthMethod, ClientConfig, RequestOptions, ServerMetadata } from '../types.js'

export interface ObtainClientInput {
  issuer: string
  metadata: ServerMetadata
  credentials: ClientCredentialStore
  redirectUri: string
  /** Metadata for dynamic registration beyond the defaults (`client_name`, `application_type`…). */
  clientMetadata?: Partial<ClientMetadata> | undefined
  /** The client's metadata document URL, used as `client_id` where the server supports it. */
  clientIdMetadataUrl?: string | undefined
  /** Clock in milliseconds, for secret expiry; default `Date.now`. */
  now?: (() => number) | undefined
}

const AUTH_METHODS: readonly string[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
] satisfies ClientAuthMethod[]

/**
 * The client to use at `issuer`, in the MCP profile's order: what the store holds for that
 * issuer (pre-registered or registered before) while it is still usable, else the client's
 * metadata document URL when the server says `client_id_metadata_document_supported`, else
 * RFC 7591 registration at its `registration_endpoint`. What is obtained is stored under the
 * issuer. None of the three is `UNSUPPORTED_AUTHORIZATION_SERVER`.
 */
export async function obtainClient(input: ObtainClientInput, options: RequestOptions): Promise<StoredClient> {
  const { issuer, metadata, credentials } = input
  const stored = await credentials.get(issuer)
  if (stored) {
    clientForIssuer(stored, issuer)
    if (usable(stored, input)) return stored
  }
  let client: StoredClient
  if (metadata.client_id_metadata_document_supported === true && input.clientIdMetadataUrl !== undefined) {
    client = { issuer, clientId: input.clientIdMetadataUrl, authMethod: 'none', source: 'metadata-document' }
  } else if (metadata.registration_endpoint !== undefined) {
    client = await register(input, options)
  } else {
    throw new OAuthError('UNSUPPORTED_AUTHORIZATION_SERVER', {
      error: 'unsupported_authorization_server',
      error_description: `${issuer} offers neither client ID metadata documents${input.clientIdMetadataUrl === undefined ? ' (none configured)' : ''} nor dynamic registration, and no client is stored for it`,
      claim: 'registration_endpoint',
    })
  }
  await credentials.set(client)
  return client
}

/**
 * A stored client as a `ClientConfig` for `issuer`. A record of another issuer (a store that
 * ignores its key) is refused rather than sent there.
 */
export function clientForIssuer(stored: StoredClient, issuer: string): ClientConfig {
  if (stored.issuer !== issuer) {
    throw new ArgumentError(
      `the credential store returned a client of ${JSON.stringify(stored.issuer)} for issuer ${JSON.stringify(issuer)}`,
    )
  }
  const client: ClientConfig = { clientId: stored.clientId }
  if (stored.clientSecret !== undefined) client.clientSecret = stored.clientSecret
  if (stored.authMethod !== undefined) client.authMethod = stored.authMethod
  return client
}

/**
 * Checks a client ID metadata document URL up front: https (http only for loopback or with the
 * escape hatch) with a path and no fragment, as the CIMD draft §3 requires of a `client_id`.
 */
export function checkClientIdMetadataUrl(value: string, opts: HttpOptions): string {
  const url = assertSecureUrl(value, 'clientIdMetadataUrl', opts)
  if (url.pathname === '/' || url.hash || value.includes('#')) {
    throw new ArgumentError('"clientIdMetadataUrl" must have a path and no fragment')
  }
  return value
}

function isAuthMethod(method: string): method is ClientAuthMethod {
  return AUTH_METHODS.includes(method)
}

/** A dynamic registration stays usable while its secret lives and it knows the redirect URI. */
function usable(stored: StoredClient, input: ObtainClientInput): boolean {
  if (stored.source !== 'dynamic') return true
  const expiresAt = stored.clientSecretExpiresAt ?? 0
  if (expiresAt !== 0 && expiresAt * 1000 <= (input.now ?? Date.now)()) return false
  return stored.redirectUris?.includes(input.redirectUri) ?? true
}

async function register(input: ObtainClientInput, options: RequestOptions): Promise<StoredClient> {
  const extra = input.clientMetadata ?? {}
  const uris = extra.redirect_uris ?? []
  const registered = await registerClient(
    {
      metadata: input.metadata,
      client: {
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        ...extra,
        redirect_uris: uris.includes(input.redirectUri) ? uris : [input.redirectUri, ...uris],
      },
    },
    options,
  )
  const method =
    registered.token_endpoint_auth_method ??
    (registered.client_secret === undefined ? 'none' : 'client_secret_basic')
  if (!isAuthMethod(method)) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `registration answered token_endpoint_auth_method ${JSON.stringify(method)}, which this client cannot use`,
      claim: 'token_endpoint_auth_method',
    })
  }
  const client: StoredClient = {
    issuer: input.issuer,
    clientId: registered.client_id,
    authMethod: method,
    redirectUris: registered.redirect_uris ?? [input.redirectUri],
    source: 'dynamic',
  }
  if (registered.client_secret !== undefined) client.clientSecret = registered.client_secret
  if (registered.client_secret_expires_at !== undefined)
    client.clientSecretExpiresAt = registered.client_secret_expires_at
  return client
}
