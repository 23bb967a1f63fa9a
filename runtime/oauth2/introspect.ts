import * as z from 'zod/mini'
import { ArgumentError } from '../errors.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import { type EndpointSource, mergeParams, type ParamInput, resolveEndpoint } from './lib/endpoint.js'
import { postForm } from './lib/post-form.js'
import type { ClientConfig, RequestOptions } from './types.js'

/**
 * The introspection response (RFC 7662 §2.2). Only `active` is required; the rest is checked
 * for type when present and unknown members are kept.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
const text = z.optional(z.string())
const seconds = z.optional(z.number())

export const IntrospectionResponseSchema = z.looseObject({
  active: z.boolean(),
  scope: text,
  client_id: text,
  username: text,
  token_type: text,
  exp: seconds,
  iat: seconds,
  nbf: seconds,
  sub: text,
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
  iss: text,
  jti: text,
})

export type IntrospectionResponse = z.output<typeof IntrospectionResponseSchema>

export interface IntrospectTokenInput extends EndpointSource {
  client: ClientConfig
  token: string
  tokenTypeHint?: 'access_token' | 'refresh_token' | (string & {}) | undefined
  extraParams?: ParamInput | undefined
}

/**
 * Asks the server whether a token is active and what it grants (RFC 7662 §2.1). An inactive,
 * unknown or revoked token is not an error: the result is `{ active: false }`.
 *
 * @example
 * const info = await introspectToken({ metadata, client, token: bearer })
 * if (!info.active) return new Response(null, { status: 401 })
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export async function introspectToken(
  input: IntrospectTokenInput,
  options: RequestOptions = {},
): Promise<IntrospectionResponse> {
  if (!input.token) throw new ArgumentError('"token" is required')
  const endpoint = resolveEndpoint(input, 'introspection_endpoint', options)
  const body = mergeParams(input.extraParams, { token: input.token, token_type_hint: input.tokenTypeHint })
  const res = await postForm(endpoint, body, input.client, input.metadata?.issuer, options)
  return parseOAuthResponse(res, IntrospectionResponseSchema)
}
