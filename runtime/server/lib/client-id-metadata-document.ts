import { ArgumentError, OAuthError } from '../../errors.js'
import { httpRequest } from '../../lib/http.js'
import { guardedFetch } from '../../lib/safe-fetch.js'
import { addressKind } from '../../lib/special-address.js'
import type { ClientRecord } from '../../storage/store.js'
import { OAuthServerError, serverError } from '../errors.js'
import type { ServerContext } from '../types.js'
import { absoluteUriParts } from './absolute-uri.js'
import { CLIENT_JSON_LIMITS, isJsonObject, parseBoundedJson } from './bounded-json.js'
import { ClientDocumentCache } from './client-document-cache.js'
import { validateClientMetadata } from './client-metadata.js'

/**
 * `clientIdMetadataDocuments` of `createAuthorizationServer`: a `client_id` that is an https URL
 * names the client's own metadata, which the server fetches (draft-ietf-oauth-client-id-metadata-document).
 */
export interface ClientIdMetadataDocumentOptions {
  /**
   * Testing and local development only: also fetch from loopback addresses, and over plain http
   * from a loopback IP literal (`http://127.0.0.1:8080/client.json`). Off by default; private,
   * link-local and other special-purpose addresses are refused even then.
   */
  allowLoopback?: boolean | undefined
  /** Extra trust anchors (PEM) for fetching over https, e.g. a test certificate authority. */
  ca?: string | undefined
  /** Milliseconds before a fetch is given up. Default 5000. */
  timeout?: number | undefined
  /** Largest document accepted, in bytes. Default 5120 (the draft's guidance: 5 KB). */
  maxResponseBytes?: number | undefined
  /** Seconds a document is kept at least, whatever its `Cache-Control` says. Default 60. */
  minTtl?: number | undefined
  /** Seconds a document is kept at most. Default 86400. */
  maxTtl?: number | undefined
  /** Documents kept in this server instance's cache (least recently used go first). Default 1000. */
  maxEntries?: number | undefined
}

/** The resolved options and the instance's cache, held by the server context. */
export interface ClientIdMetadataDocuments {
  fetch: ReturnType<typeof guardedFetch>
  allowLoopback: boolean
  timeout: number
  maxResponseBytes: number
  minTtl: number
  maxTtl: number
  cache: ClientDocumentCache
}

/** Checks the option and builds what the server keeps: undefined when the feature is off. */
export function clientIdMetadataDocuments(
  o: ClientIdMetadataDocumentOptions | boolean | undefined,
): ClientIdMetadataDocuments | undefined {
  if (o === undefined || o === false) return undefined
  const options = o === true ? {} : o
  const int = (name: keyof ClientIdMetadataDocumentOptions, d: number) => {
    const v = options[name] ?? d
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new ArgumentError(`"clientIdMetadataDocuments.${name}" must be a positive integer`)
    }
    return v
  }
  const allowLoopback = options.allowLoopback === true
  const minTtl = int('minTtl', 60)
  const maxTtl = int('maxTtl', 86400)
  if (minTtl > maxTtl) throw new ArgumentError('"clientIdMetadataDocuments.minTtl" must not exceed maxTtl')
  return {
    fetch: guardedFetch({ allowLoopback, ca: options.ca }),
    allowLoopback,
    timeout: int('timeout', 5000),
    maxResponseBytes: int('maxResponseBytes', 5120),
    minTtl,
    maxTtl,
    cache: new ClientDocumentCache(int('maxEntries', 1000)),
  }
}

/**
 * Whether `clientId` is meant as a metadata document: an http(s) URL. Anything else is an
 * ordinary client identifier; a URL that breaks the rules is refused saying which.
 */
export function isClientIdUrl(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId)
}

/**
 * The client a Client ID Metadata Document describes, fetched (or taken from the instance's
 * cache) and validated: the URL has a path and no fragment, credentials or dot segments; the
 * answer is 200 `application/json` within the size limit, without redirects; its `client_id` is
 * the URL exactly; it has `redirect_uris` and no shared secret (`none`, or `private_key_jwt` with
 * `jwks`, or with `jwks_uri`, fetched the same way and kept with the document); the rest is
 * checked as registration metadata. Every failure is `invalid_client` saying what was wrong.
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export function clientFromMetadataDocument(
  server: ServerContext,
  docs: ClientIdMetadataDocuments,
  url: string,
): Promise<ClientRecord> {
  // Plain invalid_client: the token endpoint adds its challenge, the authorization endpoint shows a page.
  const fail = (reason: string) =>
    serverError('invalid_client', `client metadata document ${url.slice(0, 200)}: ${reason}`)
  return docs.cache.get(url, server.now(), async () => {
    assertClientIdUrl(url, docs, fail)
    const { value: doc, headers } = await fetchJson(url, docs, docs.maxResponseBytes, DOCUMENT_TYPES, fail)
    const method = assertDocument(url, doc, fail)
    const { client_id: _, jwks_uri: jwksUri, ...metadata } = doc
    if (jwksUri !== undefined) {
      if (metadata['jwks'] !== undefined) throw fail('jwks and jwks_uri must not both be present')
      if (method !== 'private_key_jwt') throw fail('jwks_uri is for private_key_jwt only')
      if (typeof jwksUri !== 'string') throw fail('invalid jwks_uri')
      // Fetched once with the document and kept as long: the key set travels in the client record.
      const jwks = await fetchJson(jwksUri, docs, CLIENT_JSON_LIMITS.maxBytes, JWKS_TYPES, (r) =>
        fail(`jwks_uri ${r}`),
      )
      metadata['jwks'] = jwks.value
    }
    try {
      const client = validateClientMetadata(server, { ...metadata, token_endpoint_auth_method: method })
      return { client: { ...client, clientId: url }, ttl: ttlOf(headers, server.now(), docs) }
    } catch (err) {
      if (err instanceof OAuthServerError) throw fail(err.error_description ?? err.error)
      throw err
    }
  })
}

const DOCUMENT_TYPES = ['application/json']
const JWKS_TYPES = ['application/json', 'application/jwk-set+json']

/** One guarded GET of a JSON object: 200, one of `types`, at most `maxBytes`, bounded nesting. */
async function fetchJson(
  url: string,
  docs: ClientIdMetadataDocuments,
  maxBytes: number,
  types: readonly string[],
  fail: (r: string) => OAuthServerError,
): Promise<{ value: Record<string, unknown>; headers: Headers }> {
  let res: Awaited<ReturnType<typeof httpRequest>>
  try {
    res = await httpRequest(
      url,
      { headers: { accept: types.join(', ') } },
      { fetch: docs.fetch, timeout: docs.timeout, maxResponseBytes: maxBytes },
    )
  } catch (err) {
    if (err instanceof OAuthError) throw fail(err.error_description ?? err.error)
    throw fail('the fetch failed')
  }
  if (res.status !== 200) throw fail(`answered HTTP ${res.status}, not 200 (redirects are not followed)`)
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!types.includes(type)) throw fail(`the content type must be ${types.join(' or ')}`)
  let value: unknown
  try {
    value = parseBoundedJson(res.text(), { ...CLIENT_JSON_LIMITS, maxBytes })
  } catch (err) {
    throw fail(`the body is ${(err as Error).message}`)
  }
  if (!isJsonObject(value)) throw fail('the body must be a JSON object')
  return { value, headers: res.headers }
}

/** The server's absolute-URI refusals in the draft's wording, where it has its own. */
const CLIENT_ID_WORDING: Readonly<Record<string, string>> = {
  'must not have userinfo': 'must not contain credentials',
  'must not have a fragment': 'must not contain a fragment',
}

/**
 * The draft's rules for the URL itself (§3), read from the text as written, since a URL parser
 * would remove dot segments and an empty fragment: the server's one absolute-URI rule
 * (`absoluteUriParts`: no fragment, userinfo, whitespace or non-RFC 3986 text), then https (http
 * to loopback only when allowed), a path, and no dot segments.
 */
function assertClientIdUrl(
  url: string,
  docs: ClientIdMetadataDocuments,
  fail: (r: string) => OAuthServerError,
) {
  const parts = absoluteUriParts(url)
  if (typeof parts === 'string') throw fail(`the client_id ${CLIENT_ID_WORDING[parts] ?? parts}`)
  const scheme = parts.scheme.toLowerCase()
  const http = scheme === 'http' && docs.allowLoopback && addressKind(new URL(url).hostname) === 'loopback'
  if (scheme !== 'https' && !http) throw fail('the client_id must be an https URL')
  const path = url.replace(/^[a-z]+:\/\/[^/?]*/i, '').split('?')[0] ?? ''
  if (path === '' || path === '/') throw fail('the client_id must have a path')
  if (path.split('/').some((s) => s === '.' || s === '..' || /^(%2e|\.){1,2}$/i.test(s))) {
    throw fail('the client_id must not contain dot segments')
  }
}

/**
 * The draft's rules for the document itself, checked before anything else is fetched for it;
 * returns its authentication method (default `none`).
 */
function assertDocument(
  url: string,
  doc: Record<string, unknown>,
  fail: (r: string) => OAuthServerError,
): 'none' | 'private_key_jwt' {
  if (doc['client_id'] !== url) throw fail('its client_id must equal the URL it was fetched from')
  if (!Array.isArray(doc['redirect_uris']) || doc['redirect_uris'].length === 0) {
    throw fail('redirect_uris is required')
  }
  if ('client_secret' in doc || 'client_secret_expires_at' in doc) {
    throw fail('a client metadata document must not contain a client secret')
  }
  const method = doc['token_endpoint_auth_method'] ?? 'none'
  if (method !== 'none' && method !== 'private_key_jwt') {
    throw fail('token_endpoint_auth_method must be none or private_key_jwt (no shared secrets)')
  }
  return method
}

/**
 * Seconds to keep a document: `Cache-Control: max-age` (`no-store`/`no-cache` mean 0), else
 * `Expires`, bounded by the options' minimum and maximum (RFC 9111 §4.2.1).
 */
function ttlOf(headers: Headers, now: number, docs: ClientIdMetadataDocuments): number {
  const cc = (headers.get('cache-control') ?? '').toLowerCase()
  let ttl: number | undefined
  if (/(^|[\s,])no-(store|cache)\b/.test(cc)) ttl = 0
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)/.exec(cc)?.[1]
  if (ttl === undefined && maxAge !== undefined) ttl = Number(maxAge)
  const expires = headers.get('expires')
  if (ttl === undefined && expires !== null) {
    const at = Date.parse(expires)
    ttl = Number.isNaN(at) ? 0 : Math.floor(at / 1000) - now
  }
  return Math.min(docs.maxTtl, Math.max(docs.minTtl, ttl ?? 0))
}
