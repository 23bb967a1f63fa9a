import { ArgumentError, OAuthError } from '../errors.js'
import { assertSecureUrl } from '../lib/http.js'
import { validate } from '../lib/json-response.js'
import { CredentialsSchema } from './lib/credentials-schema.js'
import { extraFields, readCredentialsBody, sendSigned } from './lib/send.js'
import type { SigningOptions, TemporaryCredentials } from './types.js'

export interface TemporaryCredentialsOptions extends SigningOptions {
  /** `oauth_callback`: where the server sends the user back, or `oob` (RFC 5849 §2.1). */
  callback: string
  /** HTTP method; default `POST` (RFC 5849 §2.1). */
  method?: string | undefined
  /** Additional parameters the server defines (e.g. `scope`, `x_auth_access_type`), sent in the body. */
  params?: Record<string, string> | undefined
}

/**
 * Obtains temporary credentials (RFC 5849 §2.1): a signed request, with `oauth_callback`, to
 * the Temporary Credential Request endpoint. The response must carry
 * `oauth_callback_confirmed=true`, otherwise `OAUTH1_CALLBACK_NOT_CONFIRMED` (a pre-1.0a
 * server open to session fixation).
 *
 * @example
 * const temporary = await requestTemporaryCredentials('https://api.x.com/oauth/request_token', {
 *   consumer: { key: 'ck', secret: 'cs' },
 *   callback: 'https://app.example.com/callback',
 * })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
export async function requestTemporaryCredentials(
  endpoint: string | URL,
  options: TemporaryCredentialsOptions,
): Promise<TemporaryCredentials> {
  const url = assertSecureUrl(endpoint, 'endpoint', options)
  if (typeof options?.callback !== 'string')
    throw new ArgumentError('"callback" is required (a URI or "oob")')
  const method = options.method ?? 'POST'
  const params = new URLSearchParams(options.params)
  const hasBody = method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD'
  if (!hasBody && options.params) for (const [k, v] of params) url.searchParams.append(k, v)
  const res = await sendSigned(
    {
      ...options,
      method,
      url,
      body: hasBody && (options.params || options.placement === 'body') ? params : undefined,
    },
    options,
  )
  const body = validate(CredentialsSchema, readCredentialsBody(res), res.status)
  if (body['oauth_callback_confirmed'] !== 'true') {
    throw new OAuthError('OAUTH1_CALLBACK_NOT_CONFIRMED', {
      error: 'callback_not_confirmed',
      error_description: 'the temporary credentials response lacks oauth_callback_confirmed=true',
      claim: 'oauth_callback_confirmed',
      status: res.status,
    })
  }
  return {
    key: body.oauth_token,
    secret: body.oauth_token_secret,
    callbackConfirmed: true,
    extra: extraFields(body, ['oauth_token', 'oauth_token_secret', 'oauth_callback_confirmed']),
  }
}
