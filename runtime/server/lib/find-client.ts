import type { ClientRecord } from '../../storage/store.js'
import type { ServerContext } from '../types.js'
import { clientFromMetadataDocument, isClientIdUrl } from './client-id-metadata-document.js'

/**
 * The one way an endpoint looks a client up: a client in the store first (registered by the app
 * or through RFC 7591), else, when `clientIdMetadataDocuments` is on and the identifier is an
 * https URL, the client its Client ID Metadata Document describes (which throws `invalid_client`
 * saying why the document was refused). Undefined for an unknown client.
 */
export async function findClient(server: ServerContext, clientId: string): Promise<ClientRecord | undefined> {
  const stored = await server.store.getClient(clientId)
  if (stored) return stored
  const docs = server.clientIdMetadataDocuments
  if (!docs || !isClientIdUrl(clientId)) return undefined
  return clientFromMetadataDocument(server, docs, clientId)
}
