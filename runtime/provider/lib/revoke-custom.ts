import { OAuthError } from '../../errors.js'
import { httpRequest } from '../../lib/http.js'
import { decodeBody, errorFromBody } from '../../lib/json-response.js'
import type { ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import type { ClientConfig, RequestOptions } from '../../oauth2/types.js'
import type { ProviderLoginSpec, RevocationSpec } from '../spec-types.js'
import { renameClientId } from './client-id-param.js'

/**
 * Revokes a token at an endpoint described by the spec rather than by RFC 7009: any method, a
 * JSON or form body or the query string, a templated URL, the token under the spec's parameter name.
 */
export async function revokeCustom(
  spec: RevocationSpec,
  url: string,
  client: ClientConfig,
  token: string,
  tokenTypeHint: string | undefined,
  options: RequestOptions,
  auth: ClientAuthApplier,
  names: Pick<ProviderLoginSpec, 'clientIdParam'> = {},
): Promise<void> {
  const endpoint = new URL(url.replace('{client_id}', encodeURIComponent(client.clientId)))
  const form = new URLSearchParams({ [spec.tokenParam]: token })
  if (spec.sendTokenTypeHint && tokenTypeHint) form.set('token_type_hint', tokenTypeHint)
  if (spec.sendClientId) form.set('client_id', client.clientId)
  const headers = new Headers({ accept: 'application/json' })
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  await auth({ ...client, authMethod: spec.auth }, { body: form, headers }, { endpoint })
  renameClientId(names, form)
  let payload: string | undefined
  if (spec.body === 'json') {
    headers.set('content-type', 'application/json')
    payload = JSON.stringify(Object.fromEntries(form))
  } else if (spec.body === 'query') {
    for (const [name, value] of form) endpoint.searchParams.set(name, value)
  } else {
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    payload = form.toString()
  }
  const init =
    payload === undefined ? { method: spec.method, headers } : { method: spec.method, headers, body: payload }
  const res = await httpRequest(endpoint, init, options)
  if (res.status === 200 || res.status === 204) return
  let body: unknown
  try {
    body = decodeBody(res)
  } catch {
    body = undefined
  }
  const oauth = errorFromBody(body, res.status)
  if (oauth) throw oauth
  // REST-style revocation endpoints answer like the rest of the API (`{"message": "Not Found"}`).
  const message =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined
  throw new OAuthError('API_ERROR', {
    error: `http_${res.status}`,
    error_description: `revocation (${spec.method} ${endpoint.pathname}): ${typeof message === 'string' ? message : `HTTP ${res.status}`}`,
    status: res.status,
  })
}
