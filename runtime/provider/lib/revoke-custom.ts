import { z } from 'zod'
import { httpRequest } from '../../lib/http.js'
import { parseOAuthResponse } from '../../lib/json-response.js'
import { applyClientAuth } from '../../oauth2/client-auth.js'
import type { ClientConfig, RequestOptions } from '../../oauth2/types.js'
import type { RevocationSpec } from '../spec-types.js'

/**
 * Revokes a token at an endpoint described by the spec rather than by RFC 7009: any method, a
 * JSON or form body, a templated URL, the token under the spec's parameter name.
 */
export async function revokeCustom(
  spec: RevocationSpec,
  url: string,
  client: ClientConfig,
  token: string,
  tokenTypeHint: string | undefined,
  options: RequestOptions,
): Promise<void> {
  const endpoint = new URL(url.replace('{client_id}', encodeURIComponent(client.clientId)))
  const form = new URLSearchParams({ [spec.tokenParam]: token })
  if (spec.sendTokenTypeHint && tokenTypeHint) form.set('token_type_hint', tokenTypeHint)
  if (spec.sendClientId) form.set('client_id', client.clientId)
  const headers = new Headers({ accept: 'application/json' })
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  await applyClientAuth({ ...client, authMethod: spec.auth }, { body: form, headers }, { endpoint })
  let body: string
  if (spec.body === 'json') {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(Object.fromEntries(form))
  } else {
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    body = form.toString()
  }
  const res = await httpRequest(endpoint, { method: spec.method, headers, body }, options)
  if (res.status === 200 || res.status === 204) return
  parseOAuthResponse(res, z.unknown(), { okStatuses: [] })
}
