import { OAuthError } from '../errors.js'
import { assertSecureUrl, httpRequest } from '../lib/http.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import { jsonRequestHeaders } from './lib/request-headers.js'
import {
  type ProtectedResourceMetadata,
  ProtectedResourceMetadataSchema,
} from './lib/resource-metadata-schema.js'
import { checkResourceUrl, sameResource } from './lib/resource-url.js'
import type { RequestOptions } from './types.js'

export { type ProtectedResourceMetadata, ProtectedResourceMetadataSchema }

export interface FetchResourceMetadataOptions extends RequestOptions {
  /**
   * Where to read the document: the `resource_metadata` URL of the resource's `WWW-Authenticate`
   * challenge (RFC 9728 §5.1). Default: the well-known URL of `resource`.
   */
  metadataUrl?: string | URL | undefined
}

/**
 * The well-known URL of a protected resource's metadata: `/.well-known/oauth-protected-resource`
 * inserted between the host and the path of the resource identifier, its query kept.
 *
 * @example
 * protectedResourceMetadataUrl('https://mcp.example/mcp').href
 * // 'https://mcp.example/.well-known/oauth-protected-resource/mcp'
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function protectedResourceMetadataUrl(resource: string | URL, options?: RequestOptions): URL {
  const url = new URL(checkResourceUrl(resource, 'resource', options))
  const path = url.pathname === '/' ? '' : url.pathname
  url.pathname = `/.well-known/oauth-protected-resource${path}`
  return url
}

/**
 * Fetches a protected resource's metadata (RFC 9728) and checks that its `resource` is the
 * resource it was fetched for (§3.3): from the well-known URL, the resource the URL was built
 * from; from a `WWW-Authenticate` challenge, the URL the client requested. Anything else is
 * `RESOURCE_METADATA_MISMATCH`, because a resource that could name another resource in its
 * metadata could send the client's tokens for that resource to itself. The two are compared as
 * parsed URLs, so `https://a.example` and `https://a.example/` match but nothing else does.
 *
 * @example
 * const prm = await fetchProtectedResourceMetadata('https://mcp.example/mcp', { timeout: 5000 })
 * prm.authorization_servers // ['https://auth.example']
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 */
export async function fetchProtectedResourceMetadata(
  resource: string | URL,
  options: FetchResourceMetadataOptions = {},
): Promise<ProtectedResourceMetadata> {
  const { metadataUrl, ...requestOptions } = options
  const expected = checkResourceUrl(resource, 'resource', requestOptions)
  const url =
    metadataUrl === undefined
      ? protectedResourceMetadataUrl(expected, requestOptions)
      : assertSecureUrl(metadataUrl, 'metadataUrl', requestOptions)
  const headers = jsonRequestHeaders(requestOptions)
  const res = await httpRequest(url, { method: 'GET', headers }, requestOptions)
  const metadata = parseOAuthResponse(res, ProtectedResourceMetadataSchema)
  if (!sameResource(metadata.resource, expected)) {
    throw new OAuthError('RESOURCE_METADATA_MISMATCH', {
      error: 'resource_metadata_mismatch',
      error_description: `metadata at ${url.href} names resource ${JSON.stringify(metadata.resource)}, expected ${JSON.stringify(expected.href)}`,
      claim: 'resource',
      status: res.status,
    })
  }
  return metadata
}
