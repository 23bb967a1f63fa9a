import type { HttpResponse } from '../../lib/http.js'
import { applyClientAuth } from '../client-auth.js'
import type { ClientConfig, RequestOptions } from '../types.js'
import { sendForm } from './send-form.js'

/** Parameters client authentication owns; callers' extra parameters must not set them. */
export const CLIENT_AUTH_PARAMS = [
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
] as const

/** `sendForm` with every client authentication method, JWT assertions included. */
export function postForm(
  endpoint: URL,
  body: URLSearchParams,
  client: ClientConfig,
  issuer: string | undefined,
  options: RequestOptions,
): Promise<HttpResponse> {
  return sendForm(endpoint, body, client, issuer, options, applyClientAuth)
}
