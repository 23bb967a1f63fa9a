import * as z from 'zod/mini'
import { ArgumentError, OAuthError } from '../errors.js'
import type { FetchLike } from '../lib/http.js'
import { parseOAuthResponse } from '../lib/json-response.js'
import {
  type EndpointSource,
  joinScope,
  mergeParams,
  type ParamInput,
  resolveEndpoint,
} from './lib/endpoint.js'
import { postForm } from './lib/post-form.js'
import { nonEmpty } from './lib/schema.js'
import { tokenRequest } from './token-request.js'
import type { ClientConfig, RequestOptions, TokenResponse } from './types.js'

/** RFC 8628 §3.4 `grant_type` of the device access token request. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code'

/**
 * The device authorization response (RFC 8628 §3.2). Unknown members are kept; some servers
 * send `verification_url` instead of `verification_uri`, which is mapped over.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export const DeviceAuthorizationResponseSchema = z.pipe(
  z.transform((v: unknown) =>
    typeof v === 'object' && v !== null && !('verification_uri' in v) && 'verification_url' in v
      ? { ...v, verification_uri: (v as { verification_url: unknown }).verification_url }
      : v,
  ),
  z.looseObject({
    device_code: nonEmpty(),
    user_code: nonEmpty(),
    verification_uri: z.url(),
    verification_uri_complete: z.optional(z.url()),
    expires_in: z.coerce.number().check(z.int(), z.positive()),
    interval: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
  }),
)

export type DeviceAuthorizationResponse = z.output<typeof DeviceAuthorizationResponseSchema>

export interface DeviceAuthorizationInput extends EndpointSource {
  client: ClientConfig
  scope?: readonly string[] | undefined
  scopeDelimiter?: string | undefined
  extraParams?: ParamInput | undefined
}

/**
 * Starts the device flow (RFC 8628 §3.1): asks for a device code and the user code to show.
 *
 * @example
 * const auth = await requestDeviceAuthorization({ metadata, client, scope: ['openid'] })
 * console.log(`Visit ${auth.verification_uri} and enter ${auth.user_code}`)
 * const tokens = await pollDeviceToken({ metadata, client, authorization: auth })
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function requestDeviceAuthorization(
  input: DeviceAuthorizationInput,
  options: RequestOptions = {},
): Promise<DeviceAuthorizationResponse> {
  const endpoint = resolveEndpoint(input, 'device_authorization_endpoint', options)
  const body = mergeParams(input.extraParams, { scope: joinScope(input.scope, input.scopeDelimiter) })
  const res = await postForm(endpoint, body, input.client, input.metadata?.issuer, options)
  return parseOAuthResponse(res, DeviceAuthorizationResponseSchema)
}

export interface PollDeviceTokenInput extends EndpointSource {
  client: ClientConfig
  /** The device authorization response (`device_code`, `expires_in`, `interval`). */
  authorization: Pick<DeviceAuthorizationResponse, 'device_code' | 'expires_in'> & {
    interval?: number | undefined
  }
  /** When the device authorization response arrived (ms since epoch); default: when polling starts. */
  startedAt?: number | undefined
  /** Cancels polling; the returned promise then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined
  /** Waits `ms` milliseconds; inject a fake for tests. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: (() => number) | undefined
  extraParams?: ParamInput | undefined
}

const DEFAULT_INTERVAL = 5
/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval for this and all later requests. */
const SLOW_DOWN_STEP = 5

/**
 * Polls the token endpoint until the user has approved or denied the device (RFC 8628 §3.4-3.5):
 * waits `interval` (default 5 s) between requests, adds 5 s on `slow_down`, keeps going on
 * `authorization_pending`, and fails with `DEVICE_CODE_EXPIRED` on `expired_token` or once
 * `expires_in` has passed, `ACCESS_DENIED` on `access_denied`.
 *
 * @example
 * const controller = new AbortController()
 * const tokens = await pollDeviceToken({ metadata, client, authorization: auth, signal: controller.signal })
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(
  input: PollDeviceTokenInput,
  options: RequestOptions = {},
): Promise<TokenResponse> {
  const { authorization, signal } = input
  if (!authorization?.device_code) throw new ArgumentError('"authorization.device_code" is required')
  if (!(Number.isFinite(authorization.expires_in) && authorization.expires_in > 0)) {
    throw new ArgumentError('"authorization.expires_in" must be a positive number of seconds')
  }
  if (
    authorization.interval !== undefined &&
    !(Number.isFinite(authorization.interval) && authorization.interval >= 0)
  ) {
    throw new ArgumentError('"authorization.interval" must be a non-negative number of seconds')
  }
  const now = input.now ?? Date.now
  const sleep = input.sleep ?? abortableSleep
  const deadline = (input.startedAt ?? now()) + authorization.expires_in * 1000
  let interval = authorization.interval ?? DEFAULT_INTERVAL
  const params = mergeParams(input.extraParams, { device_code: authorization.device_code })
  const requestOptions = signal ? { ...options, fetch: withSignal(options.fetch ?? fetch, signal) } : options

  for (;;) {
    signal?.throwIfAborted()
    await sleep(interval * 1000, signal)
    signal?.throwIfAborted()
    if (now() >= deadline) throw expired('the device code expired before the user approved it')
    try {
      return await tokenRequest(
        {
          endpoint: input.endpoint,
          metadata: input.metadata,
          client: input.client,
          grantType: DEVICE_CODE_GRANT_TYPE,
          params,
        },
        requestOptions,
      )
    } catch (err) {
      signal?.throwIfAborted()
      if (!(err instanceof OAuthError) || err.code !== 'OAUTH_RESPONSE_ERROR') throw err
      switch (err.error) {
        case 'authorization_pending':
          continue
        case 'slow_down':
          interval += SLOW_DOWN_STEP
          continue
        case 'expired_token':
          throw expired(err.error_description ?? 'the device code expired', err)
        case 'access_denied':
          throw new OAuthError('ACCESS_DENIED', {
            error: 'access_denied',
            error_description: err.error_description ?? 'the user denied the authorization request',
            error_uri: err.error_uri,
            status: err.status,
            cause: err,
          })
        default:
          throw err
      }
    }
  }
}

function expired(description: string, cause?: OAuthError): OAuthError {
  return new OAuthError('DEVICE_CODE_EXPIRED', {
    error: 'expired_token',
    error_description: description,
    status: cause?.status,
    cause,
  })
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** `httpRequest` owns the request's signal (for its timeout); join the caller's to it. */
function withSignal(doFetch: FetchLike, signal: AbortSignal): FetchLike {
  return (url, init) => {
    const signals = init?.signal ? [init.signal, signal] : [signal]
    return doFetch(url, { ...init, signal: AbortSignal.any(signals) })
  }
}
