import { ArgumentError } from '../errors.js'
import type { ClientAuthMethod } from './types.js'

/** How a client came to have its `client_id` at an issuer. */
export type ClientSource =
  /** Registered by hand; the app put it in the store. */
  | 'preregistered'
  /** The `client_id` is the URL of the client's metadata document (CIMD). */
  | 'metadata-document'
  /** Registered through RFC 7591 dynamic registration. */
  | 'dynamic'

/** One client's credentials at one authorization server. Plain JSON: store it as is. */
export interface StoredClient {
  /** The issuer these credentials belong to; they are never sent to another. */
  issuer: string
  clientId: string
  clientSecret?: string | undefined
  authMethod?: ClientAuthMethod | undefined
  /** Seconds since the epoch when the secret expires (RFC 7591 §3.2.1); absent or 0: never. */
  clientSecretExpiresAt?: number | undefined
  /** The redirect URIs the client was registered with, so a change leads to a new registration. */
  redirectUris?: string[] | undefined
  source: ClientSource
}

/**
 * Where client credentials are kept, one client per issuer. The MCP profile requires that a
 * client registered at one authorization server is never presented to another; keying by issuer
 * (and the flow checking the returned `issuer`) is how. Implement it over your own storage to keep
 * registrations across restarts.
 */
export interface ClientCredentialStore {
  get(issuer: string): Promise<StoredClient | undefined>
  /** Saves `client` under `client.issuer`, replacing what was there. */
  set(client: StoredClient): Promise<void>
  delete(issuer: string): Promise<void>
}

/**
 * An in-memory `ClientCredentialStore`, optionally seeded with pre-registered clients. Each call
 * makes a new, empty map: nothing is shared between stores.
 *
 * @example
 * const credentials = createMemoryCredentialStore([
 *   { issuer: 'https://auth.example', clientId: 'my-agent', source: 'preregistered' },
 * ])
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 */
export function createMemoryCredentialStore(initial: readonly StoredClient[] = []): ClientCredentialStore {
  const clients = new Map<string, StoredClient>()
  const copy = (client: StoredClient): StoredClient => structuredClone(client)
  for (const client of initial) clients.set(checkStored(client).issuer, copy(client))
  return {
    get: async (issuer) => {
      const found = clients.get(issuer)
      return found && copy(found)
    },
    set: async (client) => {
      clients.set(checkStored(client).issuer, copy(client))
    },
    delete: async (issuer) => {
      clients.delete(issuer)
    },
  }
}

function checkStored(client: StoredClient): StoredClient {
  if (!client?.issuer) throw new ArgumentError('"client.issuer" is required')
  if (!client.clientId) throw new ArgumentError('"client.clientId" is required')
  return client
}
