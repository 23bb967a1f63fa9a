import { type HttpResponse, httpRequest } from '../../lib/http.js'
import type { ClientConfig, RequestOptions } from '../types.js'
import { jsonRequestHeaders } from './request-headers.js'
import type { ClientAuthApplier } from './secret-auth.js'

/**
 * POSTs a form to an endpoint that authenticates the client (token, revocation, introspection,
 * device authorization): form body, `Accept: application/json`, the caller's headers, then
 * client authentication by `auth`, through `httpRequest` so timeout and size limit apply.
 */
export async function sendForm(
  endpoint: URL,
  body: URLSearchParams,
  client: ClientConfig,
  issuer: string | undefined,
  options: RequestOptions,
  auth: ClientAuthApplier,
): Promise<HttpResponse> {
  const headers = jsonRequestHeaders(options)
  headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  await auth(client, { body, headers }, { endpoint, issuer })
  return httpRequest(endpoint, { method: 'POST', headers, body: body.toString() }, options)
}
