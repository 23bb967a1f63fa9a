import { ArgumentError } from '../errors.js'
import { buildAuthorizationUrl } from './authorization-url.js'
import { parseAuthorizationCallback } from './callback.js'
import { createOAuth1Fetch, type OAuth1Fetch } from './signed-fetch.js'
import { requestTemporaryCredentials } from './temporary-credentials.js'
import { requestTokenCredentials } from './token-credentials.js'
import type { SigningOptions, TokenCredentials, TokenPair } from './types.js'

/** A service's three endpoints (RFC 5849 §2). */
export interface OAuth1Endpoints {
  temporaryCredentials: string
  authorization: string
  tokenCredentials: string
}

export interface OAuth1ClientConfig extends SigningOptions {
  endpoints: OAuth1Endpoints
  /** `oauth_callback`: the app's callback URL, or `oob`. */
  callback: string
  /** Method for the two credential requests; default `POST` (RFC 5849 §2.1, §2.3). */
  credentialsMethod?: 'POST' | 'GET' | undefined
}

/**
 * What the callback needs, kept server-side between the redirect and the callback (session,
 * sealed cookie). Plain JSON. The temporary secret is in it: never send it to the browser.
 */
export interface OAuth1Transaction {
  temporary: TokenPair
  /** Milliseconds since the epoch, so apps can expire stale transactions. */
  createdAt: number
}

export interface OAuth1AuthorizationUrlOptions {
  /** Parameters for the temporary credentials request (e.g. `scope`, `x_auth_access_type`). */
  params?: Record<string, string> | undefined
  /** Parameters for the authorization URL (e.g. `force_login`). */
  authorizationParams?: Record<string, string> | undefined
}

/** An OAuth 1.0a client bound to one service: the shape generated provider clients expose. */
export interface OAuth1Client {
  /** Gets temporary credentials and returns where to send the user, plus the transaction to keep. */
  authorizationUrl(
    options?: OAuth1AuthorizationUrlOptions,
  ): Promise<{ url: URL; transaction: OAuth1Transaction }>
  /** Checks the callback against the transaction and exchanges it for token credentials. */
  callback(url: string | URL, transaction: OAuth1Transaction): Promise<TokenCredentials>
  /** A `fetch` that signs requests with these token credentials. */
  fetch(token: TokenPair): OAuth1Fetch
}

/**
 * Binds the three-legged flow (RFC 5849 §2) and signed requests (§3) to one service's endpoints
 * and credentials, with the same method shape as the OAuth 2.0 clients: `authorizationUrl()`,
 * `callback(url, transaction)`, then requests with the tokens.
 *
 * @example
 * const x = createOAuth1Client({ consumer: { key, secret }, callback: 'https://app.example/cb', endpoints: {
 *   temporaryCredentials: 'https://api.x.com/oauth/request_token',
 *   authorization: 'https://api.x.com/oauth/authorize',
 *   tokenCredentials: 'https://api.x.com/oauth/access_token',
 * } })
 * const { url, transaction } = await x.authorizationUrl()
 * const token = await x.callback(callbackUrl, transaction)
 * const me = await x.fetch(token)('https://api.x.com/1.1/account/verify_credentials.json')
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export function createOAuth1Client(config: OAuth1ClientConfig): OAuth1Client {
  const { endpoints, callback, credentialsMethod, ...signing } = config
  for (const name of ['temporaryCredentials', 'authorization', 'tokenCredentials'] as const) {
    if (typeof endpoints?.[name] !== 'string') throw new ArgumentError(`"endpoints.${name}" is required`)
  }
  const now = config.now ?? Date.now
  return {
    async authorizationUrl(options = {}) {
      const temporary = await requestTemporaryCredentials(endpoints.temporaryCredentials, {
        ...signing,
        callback,
        method: credentialsMethod,
        params: options.params,
      })
      const url = buildAuthorizationUrl(
        endpoints.authorization,
        temporary,
        options.authorizationParams,
        signing,
      )
      return {
        url,
        transaction: { temporary: { key: temporary.key, secret: temporary.secret }, createdAt: now() },
      }
    },
    async callback(url, transaction) {
      const { verifier } = parseAuthorizationCallback(url, transaction.temporary)
      return requestTokenCredentials(endpoints.tokenCredentials, {
        ...signing,
        temporary: transaction.temporary,
        verifier,
        method: credentialsMethod,
      })
    },
    fetch(token) {
      return createOAuth1Fetch({ ...signing, token })
    },
  }
}
