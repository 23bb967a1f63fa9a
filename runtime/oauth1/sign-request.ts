import { ArgumentError } from '../errors.js'
import { randomToken } from '../lib/random.js'
import { signatureBaseString } from './base-string.js'
import { computeBodyHash } from './body-hash.js'
import { formatAuthorizationHeader } from './lib/header.js'
import { FORM_TYPE, formPairs, httpUrl, isFormBody, queryPairs } from './lib/params.js'
import { percentEncode } from './percent-encode.js'
import { createSignature, SIGNATURE_METHODS } from './sign.js'
import type {
  ConsumerCredentials,
  ParameterPlacement,
  RequestBody,
  SignatureMethod,
  TokenPair,
} from './types.js'

/** What to sign. Only `method`, `url` and `consumer` are required. */
export interface SignRequestInput {
  method: string
  url: string | URL
  body?: RequestBody | undefined
  /** Content-Type of `body`; a `URLSearchParams` body defaults to `application/x-www-form-urlencoded`. */
  contentType?: string | undefined
  consumer: ConsumerCredentials
  /** Temporary or token credentials; omitted when requesting temporary credentials. */
  token?: TokenPair | undefined
  /** Default `HMAC-SHA1`. */
  signatureMethod?: SignatureMethod | undefined
  /** Default `header`. */
  placement?: ParameterPlacement | undefined
  /** `oauth_callback`: an absolute URI or `oob` (RFC 5849 §2.1). */
  callback?: string | undefined
  /** `oauth_verifier` (RFC 5849 §2.3). */
  verifier?: string | undefined
  realm?: string | undefined
  includeVersion?: boolean | undefined
  /** Add `oauth_body_hash` (for bodies that are not form-encoded). */
  bodyHash?: boolean | undefined
  extraOAuthParams?: Record<string, string> | undefined
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: (() => number) | undefined
  /** Fixed nonce, for reproducing published examples; by default 16 CSPRNG bytes. */
  nonce?: string | undefined
}

/** A signed request, ready for `fetch`: send `method` to `url` with `headers` and `body`. */
export interface SignedRequest {
  /** Uppercase method. */
  method: string
  /** Request URL; with the protocol parameters appended for `query` placement. */
  url: string
  /** `Authorization` (header placement) and `Content-Type` when there is a body. */
  headers: Record<string, string>
  /** Body to send; with the protocol parameters appended for `body` placement. */
  body: string | Uint8Array | undefined
  /** Every protocol parameter sent, `oauth_signature` included (not percent-encoded). */
  oauthParams: Record<string, string>
  /** The signature base string, for debugging a server's refusal. */
  baseString: string
}

const RESERVED = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
])

/**
 * Signs an HTTP request (RFC 5849 §3.1): assigns the protocol parameters (a CSPRNG nonce, the
 * clock's timestamp), computes `oauth_signature` over the base string, and places the
 * parameters in the Authorization header (default), the query or a form body (§3.5).
 *
 * @example
 * const signed = await signRequest({
 *   method: 'GET',
 *   url: 'https://api.example.com/1.1/account/verify_credentials.json',
 *   consumer: { key: 'ck', secret: 'cs' },
 *   token: { key: 'tk', secret: 'ts' },
 * })
 * await fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.1
 */
export async function signRequest(input: SignRequestInput): Promise<SignedRequest> {
  const method = typeof input?.method === 'string' ? input.method.toUpperCase() : undefined
  const url = httpUrl(input.url, 'url')
  const signatureMethod = input.signatureMethod ?? 'HMAC-SHA1'
  const placement = input.placement ?? 'header'
  checkInput(input, method, signatureMethod, placement)
  const contentType = input.contentType ?? (input.body instanceof URLSearchParams ? FORM_TYPE : undefined)
  const form = isFormBody(input.body, contentType)
  if (input.body !== undefined && !form && placement === 'body') {
    throw new ArgumentError('"placement" "body" needs an application/x-www-form-urlencoded body')
  }
  if (input.bodyHash && form) throw new ArgumentError('"bodyHash" must not be used with a form-encoded body')
  for (const [name] of [...queryPairs(url), ...(form && input.body ? formPairs(input.body) : [])]) {
    if (name.startsWith('oauth_')) {
      throw new ArgumentError(`"url" or "body" must not carry protocol parameter "${name}"; sign it instead`)
    }
  }

  const timestamp = Math.floor((input.now ?? Date.now)() / 1000)
  const params: Record<string, string> = { oauth_consumer_key: input.consumer.key }
  if (input.token) params['oauth_token'] = input.token.key
  params['oauth_signature_method'] = signatureMethod
  params['oauth_timestamp'] = String(timestamp)
  params['oauth_nonce'] = input.nonce ?? randomToken(16)
  if (input.includeVersion) params['oauth_version'] = '1.0'
  if (input.callback !== undefined) params['oauth_callback'] = input.callback
  if (input.verifier !== undefined) params['oauth_verifier'] = input.verifier
  if (input.bodyHash) params['oauth_body_hash'] = await computeBodyHash(input.body, signatureMethod)
  Object.assign(params, input.extraOAuthParams)

  const baseString = signatureBaseString({ method, url, oauthParams: params, body: input.body, contentType })
  params['oauth_signature'] = await createSignature(signatureMethod, baseString, {
    consumerSecret: input.consumer.secret,
    tokenSecret: input.token?.secret ?? '',
    privateKey: input.consumer.privateKey,
  })

  const headers: Record<string, string> = {}
  let body: string | Uint8Array | undefined =
    input.body instanceof URLSearchParams ? serializeForm([...input.body]) : input.body
  const out = new URL(url)
  out.hash = ''
  const encoded = serializeForm(Object.entries(params))
  if (placement === 'header')
    headers['Authorization'] = formatAuthorizationHeader(Object.entries(params), input.realm)
  else if (placement === 'query') out.search = out.search ? `${out.search.slice(1)}&${encoded}` : encoded
  else body = joinForm(body, encoded)
  const sentType = contentType ?? (placement === 'body' ? FORM_TYPE : undefined)
  if (sentType !== undefined && body !== undefined) headers['Content-Type'] = sentType
  return { method, url: out.href, headers, body, oauthParams: params, baseString }
}

function checkInput(
  input: SignRequestInput,
  method: string | undefined,
  signatureMethod: SignatureMethod,
  placement: ParameterPlacement,
): asserts method is string {
  if (!method) throw new ArgumentError('"method" is required')
  if (typeof input.consumer?.key !== 'string' || input.consumer.key === '') {
    throw new ArgumentError('"consumer.key" must be a non-empty string')
  }
  if (!SIGNATURE_METHODS.includes(signatureMethod)) {
    throw new ArgumentError(`"signatureMethod" must be one of ${SIGNATURE_METHODS.join(', ')}`)
  }
  if (placement !== 'header' && placement !== 'query' && placement !== 'body') {
    throw new ArgumentError('"placement" must be "header", "query" or "body"')
  }
  if (placement === 'body' && (method === 'GET' || method === 'HEAD')) {
    throw new ArgumentError(`"placement" "body" is not possible for ${method} requests`)
  }
  if (input.token && (typeof input.token.key !== 'string' || typeof input.token.secret !== 'string')) {
    throw new ArgumentError('"token" must have string "key" and "secret"')
  }
  if (input.callback !== undefined && input.callback !== 'oob' && !URL.canParse(input.callback)) {
    throw new ArgumentError('"callback" must be an absolute URI or "oob"')
  }
  if (input.realm !== undefined && !/^[ !#-[\]-~]*$/.test(input.realm)) {
    throw new ArgumentError('"realm" must be printable ASCII without quotes or backslashes')
  }
  for (const name of Object.keys(input.extraOAuthParams ?? {})) {
    if (!name.startsWith('oauth_') || RESERVED.has(name)) {
      throw new ArgumentError(
        `"extraOAuthParams" may only add non-standard oauth_* parameters, got "${name}"`,
      )
    }
  }
}

function serializeForm(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs].map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&')
}

function joinForm(body: string | Uint8Array | undefined, extra: string): string {
  const text = body === undefined ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body)
  return text === '' ? extra : `${text}&${extra}`
}
