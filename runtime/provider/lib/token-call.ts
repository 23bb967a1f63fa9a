import { OAuthError } from '../../errors.js'
import { type HttpResponse, httpRequest } from '../../lib/http.js'
import { decodeBody, errorFromBody, validate } from '../../lib/json-response.js'
import type { ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import { type TokenResponse, TokenResponseSchema } from '../../oauth2/lib/token-response-schema.js'
import type { ClientConfig, RequestOptions } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import { renameClientId } from './client-id-param.js'
import { TOKEN_QUIRKS } from './token-quirks.js'

/** One token endpoint request of a sign-in client. */
export interface TokenExchange {
  endpoint: string
  /** `grant_type` and its parameters; the request quirks may add to it. */
  body: URLSearchParams
  /** The callback's `state` on a code exchange (for `tokenRequest.sendState`). */
  callbackState?: string | undefined
  /** The requested scopes as the authorization request wrote them (for `tokenRequest.sendScope`). */
  scope: string
  /** The discovered issuer, for client assertions. */
  issuer: string | undefined
}

const QUIRKS = Object.values(TOKEN_QUIRKS)

/**
 * One token endpoint request, the spec's quirks applied in one place (`TOKEN_QUIRKS`, in order):
 * the request shaped, the answer decoded once, then read before and after the schema. An error
 * body with an error status is the provider's `OAUTH_RESPONSE_ERROR` (RFC 6749 §5.2); what a 200
 * with an error body means is the `tokenResponse.errorsWithStatus200` quirk's to say.
 *
 * @example
 * const response = await tokenCall(spec, { endpoint, body, issuer }, client, http, auth)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
export async function tokenCall(
  spec: ProviderLoginSpec,
  exchange: TokenExchange,
  client: ClientConfig,
  options: RequestOptions,
  auth: ClientAuthApplier,
): Promise<TokenResponse> {
  const url = new URL(exchange.endpoint)
  const { body } = exchange
  const headers = new Headers()
  const draft = { body, headers, callbackState: exchange.callbackState, scope: exchange.scope }
  for (const quirk of QUIRKS) quirk.request?.(spec, draft)
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  await auth(client, { body, headers }, { endpoint: url, issuer: exchange.issuer })
  renameClientId(spec, body)
  let wire = body.toString()
  for (const quirk of QUIRKS) wire = quirk.encode?.(spec, draft) ?? wire
  const res = await httpRequest(url, { method: 'POST', headers, body: wire }, options)
  const allowForm = QUIRKS.some((quirk) => quirk.allowsForm?.(spec) === true)
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  let decoded = decodeAnswer(res, allowForm)
  for (const quirk of QUIRKS) if (quirk.decoded) decoded = quirk.decoded(spec, { mediaType, body: decoded })
  let response = validate(TokenResponseSchema, decoded, res.status)
  for (const quirk of QUIRKS) if (quirk.validated) response = quirk.validated(spec, response, body)
  return response
}

/**
 * The body of a 200 answer as an object; any other status is the provider's OAuth error when the
 * body is one, and `INVALID_RESPONSE` when it is not.
 */
function decodeAnswer(res: HttpResponse, allowForm: boolean): Readonly<Record<string, unknown>> {
  let body: unknown
  try {
    body = decodeBody(res, allowForm)
  } catch (cause) {
    if (res.status === 200) throw cause
    throw unexpected(res.status, 'without an OAuth error body', cause)
  }
  if (res.status !== 200) throw errorFromBody(body, res.status) ?? unexpected(res.status, '', undefined)
  // Not an object: the schema refuses it, naming the root, as it would any other shape error.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return validate(TokenResponseSchema, body, res.status)
  }
  return body as Readonly<Record<string, unknown>>
}

function unexpected(status: number, detail: string, cause: unknown): OAuthError {
  return new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: `unexpected HTTP ${status}${detail ? ` ${detail}` : ''}`,
    status,
    cause,
  })
}
