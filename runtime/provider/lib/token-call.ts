import { httpRequest } from '../../lib/http.js'
import { decodeBody, parseOAuthResponse } from '../../lib/json-response.js'
import type { ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import { type TokenResponse, TokenResponseSchema } from '../../oauth2/lib/token-response-schema.js'
import type { ClientConfig, RequestOptions } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { checkStateEcho } from './state-echo.js'
import { checkExpiresInEncoding, withLifetime } from './token-lifetime.js'

/**
 * One token endpoint request shaped by the spec's quirks: `Accept: application/json` when the
 * provider needs it to answer JSON, form-encoded answers accepted when it may send them, a
 * default `token_type` when it omits one. Error bodies are errors at any HTTP status, which is
 * what providers that send errors with 200 need.
 */
export async function tokenCall(
  spec: ProviderLoginSpec,
  endpoint: string,
  client: ClientConfig,
  body: URLSearchParams,
  issuer: string | undefined,
  options: RequestOptions,
  auth: ClientAuthApplier,
): Promise<TokenResponse> {
  const url = new URL(endpoint)
  const headers = new Headers()
  // Sent to every provider: harmless where JSON is the default, required where it is not.
  headers.set('accept', 'application/json')
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  await auth(client, { body, headers }, { endpoint: url, issuer })
  const res = await httpRequest(url, { method: 'POST', headers, body: body.toString() }, options)
  const fallback = spec.tokenResponse?.defaultTokenType
  const allowForm = spec.tokenResponse?.formEncoded === true
  // A default filled in before validation rather than a derived schema: deriving one (extend,
  // default) costs a client bundle more than the whole token request.
  const defaults = fallback ? { token_type: fallback } : undefined
  const parsed = parseOAuthResponse(res, TokenResponseSchema, { allowForm, defaults })
  // The shared schema reads "3600" as 3600; the spec says whether this provider may send that.
  checkExpiresInEncoding(spec, decodeBody(res, allowForm), res.headers.get('content-type'))
  checkStateEcho(spec, body, parsed)
  return withLifetime(spec, parsed)
}
