import { ArgumentError, OAuthError } from '../errors.js'
import { httpRequest } from '../lib/http.js'
import { isMissingDocument } from './lib/missing-document.js'
import { checkResourceUrl } from './lib/resource-url.js'
import { MetadataCache } from './metadata-cache.js'
import {
  fetchProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from './protected-resource-metadata.js'
import { parseResourceChallenge } from './resource-challenge.js'
import type { RequestOptions, ServerMetadata } from './types.js'

export interface DiscoverAuthorizationInput {
  /** The protected resource the client wants to call (an MCP server's URL). */
  resource: string | URL
  /**
   * The resource's 401 (or its `WWW-Authenticate` value) when the caller already made a request.
   * Without it the resource is probed with a plain `GET`.
   */
  challenge?: Response | Headers | string | undefined
  /** Picks one of the metadata's `authorization_servers`; default the first. */
  selectAuthorizationServer?:
    | ((issuers: readonly string[], metadata: ProtectedResourceMetadata) => string)
    | undefined
  /**
   * Where server metadata is looked up and kept. Default: a cache made for this call with the
   * call's request options; pass one to share it (its own options then apply).
   */
  metadataCache?: MetadataCache | undefined
}

/** Everything the authorization request needs, found from the resource alone. */
export interface AuthorizationDiscovery {
  /** The resource indicator to send (RFC 8707): the metadata's own `resource`. */
  resource: string
  resourceMetadata: ProtectedResourceMetadata
  /** The chosen authorization server's issuer identifier. */
  issuer: string
  /** Its metadata, with `issuer` checked against `issuer` (RFC 8414 §3.3). */
  metadata: ServerMetadata
  /** Scopes to ask for: the challenge's `scope`, else the resource's `scopes_supported`, else none. */
  scope: string[]
}

/**
 * From a resource URL to its authorization server, as the MCP authorization profile lays it
 * out: the resource's 401 names its metadata (`resource_metadata`, RFC 9728 §5.1); without one,
 * the well-known URL with the resource's path, then the one at the root (MCP's fallback, whose
 * `resource` is then the origin). The metadata's `resource` must be the resource it was read for
 * (`RESOURCE_METADATA_MISMATCH`). Of its `authorization_servers` one is chosen, and that issuer's
 * metadata read: RFC 8414 first, then OpenID Connect Discovery, each checked to name that issuer
 * (`METADATA_ISSUER_MISMATCH`).
 *
 * @example
 * const found = await discoverAuthorization({ resource: 'https://mcp.example/mcp' })
 * found.issuer // 'https://auth.example'
 * found.metadata.authorization_endpoint // 'https://auth.example/authorize'
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 */
export async function discoverAuthorization(
  input: DiscoverAuthorizationInput,
  options: RequestOptions = {},
): Promise<AuthorizationDiscovery> {
  const resource = checkResourceUrl(input.resource, 'resource', options)
  const challenge = parseResourceChallenge(input.challenge ?? (await probe(resource, options)))
  const resourceMetadata = await readResourceMetadata(resource, challenge?.resourceMetadata, options)
  const issuer = chooseIssuer(resourceMetadata, input.selectAuthorizationServer)
  const cache = input.metadataCache ?? new MetadataCache(options)
  const metadata = await cache.get(issuer, { kind: 'oauth' }).catch((err: unknown) => {
    if (isMissingDocument(err)) return cache.get(issuer, { kind: 'oidc' })
    throw err
  })
  return {
    resource: resourceMetadata.resource,
    resourceMetadata,
    issuer,
    metadata,
    scope: challenge?.scope ?? resourceMetadata.scopes_supported ?? [],
  }
}

/** The `WWW-Authenticate` of an unauthenticated GET, when the resource answers 401. */
async function probe(resource: URL, options: RequestOptions): Promise<string | undefined> {
  const headers = new Headers(options.headers)
  const res = await httpRequest(resource, { method: 'GET', headers }, options)
  return res.status === 401 ? (res.headers.get('www-authenticate') ?? undefined) : undefined
}

async function readResourceMetadata(
  resource: URL,
  metadataUrl: string | undefined,
  options: RequestOptions,
): Promise<ProtectedResourceMetadata> {
  if (metadataUrl !== undefined) return fetchProtectedResourceMetadata(resource, { ...options, metadataUrl })
  try {
    return await fetchProtectedResourceMetadata(resource, options)
  } catch (err) {
    // The root document describes the origin as a resource; only "none at the path" leads there.
    if (resource.pathname === '/' || !isMissingDocument(err)) throw err
    return fetchProtectedResourceMetadata(resource.origin, options)
  }
}

function chooseIssuer(
  metadata: ProtectedResourceMetadata,
  select: DiscoverAuthorizationInput['selectAuthorizationServer'],
): string {
  const issuers = metadata.authorization_servers ?? []
  if (issuers.length === 0) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `resource metadata of ${metadata.resource} names no authorization server`,
      claim: 'authorization_servers',
    })
  }
  const issuer = select ? select(issuers, metadata) : issuers[0]!
  if (!issuers.includes(issuer)) {
    throw new ArgumentError(
      `"selectAuthorizationServer" must return one of ${JSON.stringify(issuers)}, got ${JSON.stringify(issuer)}`,
    )
  }
  return issuer
}
