import { ArgumentError } from '../errors.js'
import { assertSecureUrl } from '../lib/http.js'
import { validate } from '../lib/json-response.js'
import { CredentialsSchema } from './lib/credentials-schema.js'
import { extraFields, readCredentialsBody, sendSigned } from './lib/send.js'
import type { SigningOptions, TokenCredentials, TokenPair } from './types.js'

export interface TokenCredentialsOptions extends SigningOptions {
  /** The temporary credentials from `requestTemporaryCredentials`. */
  temporary: TokenPair
  /** `oauth_verifier` from `parseAuthorizationCallback`. */
  verifier: string
  /** HTTP method; default `POST` (RFC 5849 §2.3). */
  method?: string | undefined
}

/**
 * Exchanges temporary credentials and the verifier for token credentials (RFC 5849 §2.3):
 * a request signed with the temporary credentials carrying `oauth_verifier`. Returns the
 * token, its secret, and every other field the server sent (`user_id`, `screen_name`, …).
 *
 * @example
 * const token = await requestTokenCredentials('https://api.x.com/oauth/access_token', {
 *   consumer, temporary, verifier,
 * })
 * console.log(token.extra.screen_name)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
export async function requestTokenCredentials(
  endpoint: string | URL,
  options: TokenCredentialsOptions,
): Promise<TokenCredentials> {
  const url = assertSecureUrl(endpoint, 'endpoint', options)
  if (typeof options?.verifier !== 'string' || options.verifier === '') {
    throw new ArgumentError('"verifier" must be the oauth_verifier from the callback')
  }
  if (typeof options.temporary?.key !== 'string' || typeof options.temporary.secret !== 'string') {
    throw new ArgumentError('"temporary" must be the temporary credentials ({ key, secret })')
  }
  const method = options.method ?? 'POST'
  const res = await sendSigned(
    {
      ...options,
      method,
      url,
      token: options.temporary,
      verifier: options.verifier,
      body: options.placement === 'body' ? new URLSearchParams() : undefined,
    },
    options,
  )
  const body = validate(CredentialsSchema, readCredentialsBody(res), res.status)
  return {
    key: body.oauth_token,
    secret: body.oauth_token_secret,
    extra: extraFields(body, ['oauth_token', 'oauth_token_secret']),
  }
}
