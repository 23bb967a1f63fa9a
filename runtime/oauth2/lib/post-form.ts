import { type HttpResponse, httpRequest } from '../../lib/http.js'
import { applyClientAuth } from '../client-auth.js'
import type { ClientConfig, RequestOptions } from '../types.js'

/** Parameters client authentication owns; callers' extra parameters must not set them. */
export const CLIENT_AUTH_PARAMS = [
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
] as const

/**
 * POSTs a form to an endpoint that authenticates the client (token, revocation, introspection,
 * device authorization): form body, `Accept: application/json`, the caller's headers, then
 * client authentication, through `httpRequest` so timeout and size limit apply.
 */
export async function postForm(
  endpoint: URL,
  body: URLSearchParams,
  client: ClientConfig,
  issuer: string | undefined,
  options: RequestOptions,
): Promise<HttpResponse> {
  const headers = new Headers({ accept: 'application/json' })
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  await applyClientAuth(client, { body, headers }, { endpoint, issuer })
  return httpRequest(endpoint, { method: 'POST', headers, body: body.toString() }, options)
}
