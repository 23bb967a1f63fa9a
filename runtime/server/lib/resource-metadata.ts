import { ArgumentError } from '../../errors.js'
import { protectedResourceMetadataUrl } from '../../oauth2/protected-resource-metadata.js'
import type { CoreHandler } from './core-http.js'
import { jsonResponse } from './responses.js'

/** What a resource server says about itself in its metadata (RFC 9728 §2), beside its `resource`. */
export interface ProtectedResourceMetadataOptions {
  /** Issuers of the authorization servers whose tokens it accepts (`authorization_servers`). */
  authorizationServers?: readonly string[] | undefined
  /** Scopes its routes ask for (`scopes_supported`); list them so clients can request them. */
  scopesSupported?: readonly string[] | undefined
  /** Human-readable name (`resource_name`), for consent pages. */
  resourceName?: string | undefined
  /** Page for developers about using it (`resource_documentation`). */
  resourceDocumentation?: string | undefined
}

/** A resource server's published metadata and where it is served. */
export interface ResourceMetadata {
  /** The resource identifier, as configured and published. */
  resource: string
  /** The well-known URL (`resource_metadata` of the challenges). */
  url: string
  /** Its path, for mounting the route. */
  path: string
  document: Readonly<Record<string, unknown>>
}

/**
 * The metadata document of `resource` (RFC 9728 §2) and its URL: the well-known path inserted
 * between host and path (§3.1), as the client derives it. `bearer_methods_supported` says what the
 * protector accepts: the header, and the query when `allowQueryToken` is on (RFC 6750 §2).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function resourceMetadata(
  resource: string,
  options: ProtectedResourceMetadataOptions,
  allowQueryToken: boolean,
): ResourceMetadata {
  const url = protectedResourceMetadataUrl(resource)
  const urls = (name: string, values: readonly string[] | undefined) => {
    if (values === undefined) return undefined
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !URL.canParse(v)))
      throw new ArgumentError(`"${name}" must be an array of absolute URLs`)
    return [...values]
  }
  const scopes = options.scopesSupported
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || s === ''))
  )
    throw new ArgumentError('"scopesSupported" must be an array of scopes')
  const doc = options.resourceDocumentation
  if (doc !== undefined && !URL.canParse(doc))
    throw new ArgumentError('"resourceDocumentation" must be an absolute URL')
  const document: Record<string, unknown> = {
    resource,
    authorization_servers: urls('authorizationServers', options.authorizationServers),
    scopes_supported: scopes && [...scopes],
    bearer_methods_supported: allowQueryToken ? ['header', 'query'] : ['header'],
    resource_name: options.resourceName,
    resource_documentation: doc,
  }
  for (const key of Object.keys(document)) if (document[key] === undefined) delete document[key]
  return { resource, url: url.href, path: url.pathname, document: Object.freeze(document) }
}

/**
 * Serves the document at its path (GET and HEAD); any other path is 404 and any other method 405,
 * both as RFC 6749 §5.2 JSON.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.2
 */
export function resourceMetadataCore(metadata: ResourceMetadata): CoreHandler {
  const body = jsonResponse(metadata.document, { noStore: false })
  return async (request) => {
    if (request.pathname !== metadata.path)
      return jsonResponse({ error: 'not_found' }, { status: 404, noStore: false })
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return jsonResponse(
        { error: 'invalid_request', error_description: 'the metadata accepts only GET' },
        { status: 405, noStore: false, headers: { allow: 'GET, HEAD' } },
      )
    }
    return request.method === 'HEAD' ? { ...body, body: null } : body
  }
}
