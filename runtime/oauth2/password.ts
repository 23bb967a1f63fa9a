import { ArgumentError } from '../errors.js'
import { type EndpointSource, joinScope, mergeParams, type ParamInput } from './lib/endpoint.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

export interface PasswordGrantInput extends EndpointSource {
  client: ClientConfig
  username: string
  password: string
  scope?: readonly string[] | undefined
  scopeDelimiter?: string | undefined
  extraParams?: ParamInput | undefined
}

/**
 * The resource owner password credentials grant (RFC 6749 §4.3). RFC 9700 §2.4 says it MUST
 * NOT be used; it is here for legacy servers that offer nothing else.
 *
 * @example
 * const tokens = await passwordGrant({ metadata, client, username: 'alice', password: 's3cret' })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export async function passwordGrant(
  input: PasswordGrantInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  if (!input.username) throw new ArgumentError('"username" is required')
  if (typeof input.password !== 'string') throw new ArgumentError('"password" must be a string')
  const params = mergeParams(input.extraParams, {
    username: input.username,
    password: input.password,
    scope: joinScope(input.scope, input.scopeDelimiter),
  })
  return tokenRequest(
    {
      endpoint: input.endpoint,
      metadata: input.metadata,
      client: input.client,
      grantType: 'password',
      params,
    },
    options,
  )
}
