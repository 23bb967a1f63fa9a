import { parseWwwAuthenticate } from '../lib/www-authenticate.js'

/** What a protected resource's `WWW-Authenticate` challenge tells a client that wants in. */
export interface ResourceChallenge {
  /** The auth-scheme, lower-cased (`bearer`, `dpop`). */
  scheme: string
  /** `resource_metadata`: where the resource's RFC 9728 metadata lives. */
  resourceMetadata?: string
  /** `scope`: the scopes the request needs (RFC 6750 §3), split on spaces. */
  scope?: string[]
  /** `error` (RFC 6750 §3.1): `invalid_token`, `insufficient_scope`… */
  error?: string
  errorDescription?: string
}

/**
 * Reads the challenge of a 401 or 403 from a protected resource: the first challenge carrying
 * `resource_metadata` (RFC 9728 §5.1), else the first `Bearer` one; undefined when there is
 * none. Takes the response, its headers, or the header value(s) themselves; the parsing is the
 * runtime's one `WWW-Authenticate` parser.
 *
 * @example
 * const res = await fetch('https://mcp.example/mcp', { method: 'POST', body })
 * const challenge = parseResourceChallenge(res)
 * challenge?.resourceMetadata // 'https://mcp.example/.well-known/oauth-protected-resource/mcp'
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseResourceChallenge(
  value: Response | Headers | string | readonly string[] | null | undefined,
): ResourceChallenge | undefined {
  const header =
    value instanceof Response
      ? value.headers.get('www-authenticate')
      : value instanceof Headers
        ? value.get('www-authenticate')
        : value
  const challenges = parseWwwAuthenticate(header)
  const found =
    challenges.find((c) => c.params.resource_metadata !== undefined) ??
    challenges.find((c) => c.scheme === 'bearer')
  if (!found) return undefined
  const { resource_metadata, scope, error, error_description } = found.params
  const out: ResourceChallenge = { scheme: found.scheme }
  if (resource_metadata !== undefined) out.resourceMetadata = resource_metadata
  if (scope !== undefined) out.scope = scope.split(' ').filter(Boolean)
  if (error !== undefined) out.error = error
  if (error_description !== undefined) out.errorDescription = error_description
  return out
}
