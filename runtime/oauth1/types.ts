import type { HttpOptions } from '../lib/http.js'

/** The signature methods of RFC 5849 §3.4 plus the widely deployed SHA-256 variants. */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'RSA-SHA256' | 'PLAINTEXT'

/** Where the protocol parameters travel (RFC 5849 §3.5); the Authorization header is the default. */
export type ParameterPlacement = 'header' | 'query' | 'body'

/**
 * A private RSA key for RSA-SHA1 / RSA-SHA256: a Web Crypto `CryptoKey` (RSASSA-PKCS1-v1_5 with the
 * matching hash) or a PKCS#8 PEM string.
 */
export type RsaPrivateKey = CryptoKey | string

/** A public RSA key that verifies RSA-SHA1 / RSA-SHA256: a `CryptoKey` or an SPKI PEM string. */
export type RsaPublicKey = CryptoKey | string

/** The client credentials (RFC 5849 §1.1): an identifier plus a shared secret and/or an RSA key. */
export interface ConsumerCredentials {
  /** `oauth_consumer_key`. */
  key: string
  /** Shared secret, for HMAC-* and PLAINTEXT. */
  secret?: string | undefined
  /** Private key, for RSA-*. */
  privateKey?: RsaPrivateKey | undefined
}

/** Temporary or token credentials: `oauth_token` and its shared secret. */
export interface TokenPair {
  key: string
  secret: string
}

/** Temporary credentials from the Temporary Credential Request endpoint (RFC 5849 §2.1). */
export interface TemporaryCredentials extends TokenPair {
  /** Always true: a response without `oauth_callback_confirmed=true` is refused. */
  callbackConfirmed: true
  /** Any other fields the server returned. */
  extra: Record<string, string>
}

/** Token credentials from the Token Request endpoint (RFC 5849 §2.3). */
export interface TokenCredentials extends TokenPair {
  /** Any other fields the server returned (e.g. `user_id`, `screen_name`). */
  extra: Record<string, string>
}

/** Request body forms the signer understands. A `URLSearchParams` body is form-encoded. */
export type RequestBody = string | Uint8Array | URLSearchParams

/** Options shared by every signed call: how to sign, plus the outbound HTTP options. */
export interface SigningOptions extends HttpOptions {
  consumer: ConsumerCredentials
  /** Default `HMAC-SHA1`, the method most OAuth 1.0a services document. */
  signatureMethod?: SignatureMethod | undefined
  /** Default `header`. */
  placement?: ParameterPlacement | undefined
  /** `realm` for the Authorization header (not signed). */
  realm?: string | undefined
  /** Send `oauth_version="1.0"` (optional in RFC 5849 §3.1, expected by some servers). */
  includeVersion?: boolean | undefined
  /** Extra `oauth_*` protocol parameters a server defines (e.g. `oauth_session_handle`). */
  extraOAuthParams?: Record<string, string> | undefined
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. The only thing tests mock. */
  now?: (() => number) | undefined
  /** Extra headers on the request (e.g. `User-Agent`, `Accept`). */
  headers?: Record<string, string> | undefined
}
