import { ArgumentError } from '../errors.js'
import { httpRequest, isLoopback } from '../lib/http.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import { type EndpointSource, resolveEndpoint } from './lib/endpoint.js'
import { type ClientRegistration, ClientRegistrationSchema } from './lib/registration-schema.js'
import { jsonRequestHeaders } from './lib/request-headers.js'
import type { RequestOptions } from './types.js'

export { type ClientRegistration, ClientRegistrationSchema }

/**
 * Client metadata as sent to the registration endpoint (RFC 7591 §2), in its wire names so any
 * further member (`logo_uri`, `software_statement`, `jwks`…) goes through as given.
 */
export interface ClientMetadata {
  redirect_uris: string[]
  /**
   * `web` or `native` (OpenID Connect Dynamic Client Registration §2, asked for by the MCP
   * profile). Default: `native` when every redirect URI is loopback http or a private-use scheme
   * (RFC 8252 §7), else `web`.
   */
  application_type?: 'web' | 'native' | undefined
  /** Default, as RFC 7591 §2 says, `client_secret_basic`; public clients send `none`. */
  token_endpoint_auth_method?: string | undefined
  grant_types?: string[] | undefined
  response_types?: string[] | undefined
  client_name?: string | undefined
  client_uri?: string | undefined
  scope?: string | undefined
  software_id?: string | undefined
  software_version?: string | undefined
  [member: string]: unknown
}

export interface RegisterClientInput extends EndpointSource {
  client: ClientMetadata
  /** Initial access token, for servers that allow registration only with one (RFC 7591 §3). */
  initialAccessToken?: string | undefined
}

/**
 * Registers a client dynamically (RFC 7591 §3): POSTs its metadata as JSON to the registration
 * endpoint and returns the zod-checked client information (201, or 200 from servers that say so).
 * An RFC 7591 §3.2.2 error body (`invalid_redirect_uri`, `invalid_client_metadata`…) becomes
 * `OAUTH_RESPONSE_ERROR`. The answer is the server's: read `token_endpoint_auth_method` and
 * `client_secret` from it, not from what was asked for.
 *
 * @example
 * const registered = await registerClient({
 *   metadata, client: { redirect_uris: ['http://127.0.0.1:8765/callback'], client_name: 'My agent', token_endpoint_auth_method: 'none' },
 * })
 * registered.client_id
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
export async function registerClient(
  input: RegisterClientInput,
  options: RequestOptions = {},
): Promise<ClientRegistration> {
  const endpoint = resolveEndpoint(input, 'registration_endpoint', options)
  const uris = input.client?.redirect_uris
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string')) {
    throw new ArgumentError('"client.redirect_uris" must be a non-empty array of URLs')
  }
  const body = { ...input.client, application_type: input.client.application_type ?? applicationType(uris) }
  const headers = jsonRequestHeaders(options)
  headers.set('content-type', 'application/json')
  if (input.initialAccessToken !== undefined)
    headers.set('authorization', `Bearer ${input.initialAccessToken}`)
  const res = await httpRequest(endpoint, { method: 'POST', headers, body: JSON.stringify(body) }, options)
  return parseOAuthResponse(res, ClientRegistrationSchema, { okStatuses: [201, 200] })
}

/** `native` when every redirect URI stays on the device (RFC 8252 §7.1, §7.3), else `web`. */
function applicationType(redirectUris: readonly string[]): 'web' | 'native' {
  const native = redirectUris.every((uri) => {
    if (!URL.canParse(uri)) return false
    const url = new URL(uri)
    if (url.protocol === 'http:') return isLoopback(url)
    return url.protocol !== 'https:'
  })
  return native ? 'native' : 'web'
}
