import { ArgumentError, OAuthError } from '../errors.js'
import { constantTimeEqual } from '../lib/random.js'
import { signatureBaseString } from './base-string.js'
import { computeBodyHash } from './body-hash.js'
import { readIncoming } from './lib/incoming.js'
import { createMemoryNonceStore, type NonceStore } from './nonce-store.js'
import type { OAuth1ProblemCode } from './problem.js'
import { SIGNATURE_METHODS, verifySignature } from './sign.js'
import type { RsaPublicKey, SignatureMethod } from './types.js'

/** What `lookupConsumer` returns for a known client: its shared secret and/or RSA public key. */
export interface OAuth1ConsumerRecord {
  secret?: string | undefined
  publicKey?: RsaPublicKey | undefined
}

/** What `lookupToken` returns for a valid (temporary or token) credential. */
export interface OAuth1TokenRecord {
  secret: string
}

export interface OAuth1VerifierOptions<C extends OAuth1ConsumerRecord, T extends OAuth1TokenRecord> {
  /** The client registered under `oauth_consumer_key`, or undefined. */
  lookupConsumer: (consumerKey: string) => Promise<C | undefined> | C | undefined
  /** The credential named by `oauth_token`, if it is valid for this consumer; else undefined. */
  lookupToken?:
    | ((token: string, consumer: C, consumerKey: string) => Promise<T | undefined> | T | undefined)
    | undefined
  /** Largest accepted distance, in seconds, between `oauth_timestamp` and the clock. Default 300. */
  timestampWindow?: number | undefined
  /** Where used nonces are remembered; default an in-memory store. */
  nonceStore?: NonceStore | undefined
  /** Clock in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
  /** Accepted methods. Default all but PLAINTEXT; PLAINTEXT, when listed, only over https. */
  signatureMethods?: readonly SignatureMethod[] | undefined
  /** The URL the client signed, when a proxy changes it (scheme, host, port); default `request.url`. */
  requestUrl?: ((request: Request) => string | URL) | undefined
}

export interface VerifyOptions {
  /** Require `oauth_token` (protected resources, token requests). Default true; false for temporary credentials. */
  requireToken?: boolean | undefined
}

export interface OAuth1Verified<C, T> {
  ok: true
  consumerKey: string
  consumer: C
  /** `oauth_token` and its record, when the request carried one. */
  tokenKey: string | undefined
  token: T | undefined
  /** Every protocol parameter received (`oauth_callback`, `oauth_verifier`, …). */
  oauthParams: Record<string, string>
}

export interface OAuth1Rejected {
  ok: false
  problem: OAuth1ProblemCode
  /** 400 for a malformed request, 401 for failed authentication (RFC 5849 §3.2). */
  status: 400 | 401
  /** Extra Problem Reporting fields (`oauth_parameters_absent`, `oauth_acceptable_timestamps`, …). */
  details: Record<string, string>
  /** `OAUTH1_PROBLEM`, with `error` = the problem. */
  error: OAuthError
}

export type OAuth1VerifyResult<C, T> = OAuth1Verified<C, T> | OAuth1Rejected

export interface OAuth1Verifier<C, T> {
  verify(request: Request, options?: VerifyOptions): Promise<OAuth1VerifyResult<C, T>>
}

/**
 * Creates a server-side verifier of OAuth 1.0a requests (RFC 5849 §3.2): reads the protocol
 * parameters from the Authorization header, query and form body; checks the signature in
 * constant time, the timestamp window and nonce replay (nonce + timestamp + consumer + token
 * are single use); and returns the consumer and token, or a Problem Reporting code.
 *
 * @example
 * const verifier = createOAuth1Verifier({ lookupConsumer: (key) => clients.get(key), lookupToken })
 * const result = await verifier.verify(request)
 * if (!result.ok) return oauth1ProblemResponse(result, { realm: 'Photos' })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export function createOAuth1Verifier<
  C extends OAuth1ConsumerRecord,
  T extends OAuth1TokenRecord = OAuth1TokenRecord,
>(options: OAuth1VerifierOptions<C, T>): OAuth1Verifier<C, T> {
  const window = options.timestampWindow ?? 300
  const nonces = options.nonceStore ?? createMemoryNonceStore({ now: options.now })
  const now = options.now ?? Date.now
  const methods = options.signatureMethods ?? SIGNATURE_METHODS.filter((m) => m !== 'PLAINTEXT')

  async function verify(
    request: Request,
    verifyOptions: VerifyOptions = {},
  ): Promise<OAuth1VerifyResult<C, T>> {
    const url = new URL(options.requestUrl?.(request) ?? request.url)
    const req = await readIncoming(request, url)
    if (!req) return reject('parameter_rejected', 400, 'malformed OAuth Authorization header')
    if (req.duplicates.length > 0) {
      return reject('parameter_rejected', 400, `duplicated protocol parameters: ${req.duplicates.join(',')}`)
    }
    const p = req.oauth
    const method = p.get('oauth_signature_method') as SignatureMethod | undefined
    const required = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature']
    if (method !== 'PLAINTEXT') required.push('oauth_timestamp', 'oauth_nonce')
    if (verifyOptions.requireToken ?? true) required.push('oauth_token')
    // An empty value counts as absent: an empty oauth_token must not pass as "no token needed".
    const absent = required.filter((name) => !p.get(name))
    if (absent.length > 0) {
      return reject('parameter_absent', 400, undefined, { oauth_parameters_absent: absent.join('&') })
    }
    const version = p.get('oauth_version')
    if (version !== undefined && version !== '1.0') {
      return reject('version_rejected', 400, undefined, { oauth_acceptable_versions: '1.0-1.0' })
    }
    if (!method || !methods.includes(method) || (method === 'PLAINTEXT' && url.protocol !== 'https:')) {
      return reject('signature_method_rejected', 400, `accepted: ${methods.join(', ')}`)
    }
    const nowSec = Math.floor(now() / 1000)
    const ts = p.get('oauth_timestamp')
    if (ts !== undefined) {
      if (!/^[1-9][0-9]{0,15}$/.test(ts))
        return reject('parameter_rejected', 400, 'oauth_timestamp is malformed')
      if (Math.abs(Number(ts) - nowSec) > window) {
        return reject('timestamp_refused', 401, undefined, {
          oauth_acceptable_timestamps: `${nowSec - window}-${nowSec + window}`,
        })
      }
    }
    const consumerKey = p.get('oauth_consumer_key')!
    const consumer = await options.lookupConsumer(consumerKey)
    if (!consumer) return reject('consumer_key_unknown', 401)
    const tokenKey = p.get('oauth_token') || undefined
    let token: T | undefined
    if (tokenKey !== undefined) {
      token = await options.lookupToken?.(tokenKey, consumer, consumerKey)
      if (!token) return reject('token_rejected', 401)
    }
    const bodyHash = p.get('oauth_body_hash')
    if (bodyHash !== undefined) {
      if (req.isForm || method === 'PLAINTEXT') {
        return reject('parameter_rejected', 400, 'oauth_body_hash is not allowed here')
      }
      if (!constantTimeEqual(await computeBodyHash(req.body, method), bodyHash)) {
        return reject('signature_invalid', 401, 'oauth_body_hash does not match the body')
      }
    }
    const baseString = signatureBaseString({
      method: req.method,
      url,
      oauthParams: req.headerParams,
      body: req.isForm ? req.body : undefined,
      contentType: req.contentType,
    })
    const valid = await verifySignature(method, baseString, p.get('oauth_signature')!, {
      consumerSecret: consumer.secret,
      tokenSecret: token?.secret ?? '',
      publicKey: consumer.publicKey,
    }).catch((err: unknown) => {
      // A malformed received signature is just invalid; a bad key from lookupConsumer is the app's bug.
      if (err instanceof ArgumentError) throw err
      return false
    })
    if (!valid) return reject('signature_invalid', 401)
    // Recorded only after the signature checks out, so forged requests cannot burn nonces.
    const nonce = p.get('oauth_nonce')
    if (nonce !== undefined && ts !== undefined) {
      const key = JSON.stringify([consumerKey, tokenKey ?? '', ts, nonce])
      const fresh = await nonces.useOnce(key, Number(ts) + window - nowSec + 1)
      if (!fresh) return reject('nonce_used', 401)
    }
    return { ok: true, consumerKey, consumer, tokenKey, token, oauthParams: Object.fromEntries(p) }
  }

  return { verify }
}

function reject(
  problem: OAuth1ProblemCode,
  status: 400 | 401,
  advice?: string,
  details: Record<string, string> = {},
): OAuth1Rejected {
  const error = new OAuthError('OAUTH1_PROBLEM', {
    error: problem,
    error_description: advice,
    status,
    claim: details['oauth_parameters_absent'],
  })
  return {
    ok: false,
    problem,
    status,
    details: advice ? { ...details, oauth_problem_advice: advice } : details,
    error,
  }
}
