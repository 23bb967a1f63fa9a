import { ArgumentError } from '../errors.js'
import type { AuthorizationTransaction } from './authorization-url.js'
import type { CallbackResult } from './callback.js'
import {
  appendParams,
  assertNoReserved,
  type EndpointSource,
  mergeParams,
  type ParamInput,
} from './lib/endpoint.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

export interface AuthorizationCodeGrantInput extends EndpointSource {
  client: ClientConfig
  /** The transaction `buildAuthorizationUrl` returned: gives `redirect_uri` and `code_verifier`. */
  transaction: AuthorizationTransaction
  /** What `validateCallback` returned: the code, and the parameters to echo (if any). */
  callback: Pick<CallbackResult, 'code'> & { params?: Record<string, string> | undefined }
  /** Further token request parameters (`resource`…); cannot replace the grant's own. */
  extraParams?: ParamInput | undefined
}

const OWN = ['code', 'redirect_uri', 'code_verifier'] as const

/**
 * Exchanges an authorization code for tokens (RFC 6749 §4.1.3) with the PKCE verifier
 * (RFC 7636 §4.5) and the exact `redirect_uri` of the request. Validate the callback first.
 * An `id_token` in the answer is not checked here: OpenID Connect clients pass the result
 * to the ID token validation of `runtime/oidc`.
 *
 * @example
 * const callback = validateCallback(request.url, session.tx, { metadata })
 * const tokens = await authorizationCodeGrant({ metadata, client, transaction: session.tx, callback })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function authorizationCodeGrant(
  input: AuthorizationCodeGrantInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  const { transaction, callback } = input
  if (!callback?.code) throw new ArgumentError('"callback.code" is required')
  if (!transaction?.redirectUri) throw new ArgumentError('"transaction.redirectUri" is required')
  if (transaction.clientId !== input.client.clientId) {
    throw new ArgumentError(
      '"transaction.clientId" differs from "client.clientId"; the code belongs to another client',
    )
  }
  assertNoReserved(callback.params, OWN, 'callback.params')
  const params = mergeParams(input.extraParams, {
    code: callback.code,
    redirect_uri: transaction.redirectUri,
    code_verifier: transaction.codeVerifier,
  })
  appendParams(params, callback.params)
  return tokenRequest(
    {
      endpoint: input.endpoint,
      metadata: input.metadata,
      client: input.client,
      grantType: 'authorization_code',
      params,
    },
    options,
  )
}
