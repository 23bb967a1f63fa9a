import { ArgumentError, OAuthError } from '../errors.js'
import { assertSecureUrl, httpRequest } from '../lib/http.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import { type ServerMetadata, ServerMetadataSchema } from './lib/metadata-schema.js'
import { isMissingDocument } from './lib/missing-document.js'
import { jsonRequestHeaders } from './lib/request-headers.js'
import type { RequestOptions } from './types.js'

/** Which well-known document to read: OIDC Discovery, RFC 8414, or the first that answers. */
export type DiscoveryKind = 'oidc' | 'oauth' | 'auto'

export interface DiscoverOptions extends RequestOptions {
  /** Default `'auto'`: OpenID Connect discovery first, then RFC 8414. */
  kind?: DiscoveryKind | undefined
}

/** A metadata document with the response headers it came with (for caching). */
export interface DiscoveredMetadata {
  metadata: ServerMetadata
  headers: Headers
  /** The URL the document was read from. */
  url: URL
}

/**
 * The well-known URL of an issuer's metadata. OIDC Discovery §4 appends
 * `/.well-known/openid-configuration` to the issuer; RFC 8414 §3.1 inserts
 * `/.well-known/oauth-authorization-server` between the host and the path.
 *
 * @example
 * wellKnownUrl('https://as.example/tenant', 'oauth').href
 * // 'https://as.example/.well-known/oauth-authorization-server/tenant'
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 */
export function wellKnownUrl(issuer: string | URL, kind: 'oidc' | 'oauth', options?: RequestOptions): URL {
  const url = new URL(checkIssuer(issuer, options))
  const path = url.pathname.replace(/\/$/, '')
  url.pathname =
    kind === 'oidc'
      ? `${path}/.well-known/openid-configuration`
      : `/.well-known/oauth-authorization-server${path}`
  return url
}

/**
 * Fetches an authorization server's metadata (RFC 8414, OpenID Connect Discovery) and checks
 * that its `issuer` equals the issuer asked for, character for character (RFC 8414 §3.3), so a
 * document cannot impersonate another server (`METADATA_ISSUER_MISMATCH`).
 *
 * @example
 * const metadata = await discover('https://accounts.example.com', { kind: 'oidc', timeout: 5000 })
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export async function discover(issuer: string | URL, options: DiscoverOptions = {}): Promise<ServerMetadata> {
  return (await discoverWithHeaders(issuer, options)).metadata
}

/**
 * `discover`, returning the response headers too (for `MetadataCache`).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverWithHeaders(
  issuer: string | URL,
  options: DiscoverOptions = {},
): Promise<DiscoveredMetadata> {
  const kind = options.kind ?? 'auto'
  if (kind !== 'auto' && kind !== 'oidc' && kind !== 'oauth') {
    throw new ArgumentError(`"kind" must be "oidc", "oauth" or "auto", got ${JSON.stringify(kind)}`)
  }
  if (kind !== 'auto') return fetchDocument(issuer, kind, options)
  try {
    return await fetchDocument(issuer, 'oidc', options)
  } catch (err) {
    if (isMissingDocument(err)) return fetchDocument(issuer, 'oauth', options)
    throw err
  }
}

async function fetchDocument(
  issuer: string | URL,
  kind: 'oidc' | 'oauth',
  options: RequestOptions,
): Promise<DiscoveredMetadata> {
  const expected = checkIssuer(issuer, options)
  const url = wellKnownUrl(expected, kind, options)
  const headers = jsonRequestHeaders(options)
  const res = await httpRequest(url, { method: 'GET', headers }, options)
  const metadata = parseOAuthResponse(res, ServerMetadataSchema)
  if (metadata.issuer !== expected) {
    throw new OAuthError('METADATA_ISSUER_MISMATCH', {
      error: 'metadata_issuer_mismatch',
      error_description: `metadata at ${url.href} names issuer ${JSON.stringify(metadata.issuer)}, expected ${JSON.stringify(expected)}`,
      claim: 'issuer',
      status: res.status,
    })
  }
  return { metadata, headers: res.headers, url }
}

/** The issuer as the string the document must repeat: https, no query, no fragment (RFC 8414 §2). */
function checkIssuer(issuer: string | URL, options?: RequestOptions): string {
  const url = assertSecureUrl(issuer, 'issuer', options)
  if (url.search || url.hash) throw new ArgumentError('"issuer" must not contain a query or fragment')
  if (typeof issuer === 'string') return issuer
  return url.pathname === '/' ? url.origin : url.href
}
