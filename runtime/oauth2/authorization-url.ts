import { ArgumentError } from '../errors.js'
import { isLoopback } from '../lib/http.js'
import { randomToken } from '../lib/random.js'
import {
  appendParams,
  assertNoReserved,
  type EndpointSource,
  type ParamInput,
  resolveEndpoint,
} from './lib/endpoint.js'
import { type CodeChallengeMethod, createPkce } from './pkce.js'
import type { ClientConfig } from './types.js'

/**
 * Everything the callback and the code exchange need, to be kept server-side (session, cookie
 * sealed by the app) between the redirect and the callback. Plain JSON: serialise it as is.
 */
export interface AuthorizationTransaction {
  state: string
  codeVerifier?: string
  codeChallengeMethod?: CodeChallengeMethod
  nonce?: string
  redirectUri: string
  /** Issuer the request went to; the callback's `iss` (RFC 9207) must equal it. */
  issuer?: string
  clientId: string
  /** `max_age` sent, for the ID token's `auth_time` check (OIDC Core §3.1.2.1). */
  maxAge?: number
  responseType: string
  responseMode?: string
  scope: string[]
  /** Milliseconds since the epoch when the URL was built, so apps can expire stale transactions. */
  createdAt: number
}

export interface AuthorizationUrlInput extends EndpointSource {
  client: Pick<ClientConfig, 'clientId' | 'redirectUri'>
  /** Defaults to `client.redirectUri`. */
  redirectUri?: string | undefined
  scope?: readonly string[] | undefined
  /** Joins scopes; `' '` per RFC 6749 §3.3, some providers want `','`. */
  scopeDelimiter?: string | undefined
  /** Your own state (at least 22 characters, i.e. >= 128 bits); default 32 random bytes. */
  state?: string | undefined
  /** Default `'S256'`; `'plain'` or `false` only when asked for explicitly. */
  pkce?: CodeChallengeMethod | false | undefined
  /** Your own verifier (RFC 7636 §4.1 alphabet, 43-128 characters); default 32 random bytes. */
  codeVerifier?: string | undefined
  /** Default: random when `scope` includes `openid` or `responseType` includes `id_token`; `false` to omit. */
  nonce?: string | false | undefined
  /** Default `'code'`. */
  responseType?: string | undefined
  responseMode?: string | undefined
  /** Expected issuer; defaults to `metadata.issuer`. */
  issuer?: string | undefined
  maxAge?: number | undefined
  prompt?: string | undefined
  loginHint?: string | undefined
  /** Any further parameter (`audience`, `resource`, `access_type`…). Cannot override the ones above. */
  extraParams?: ParamInput | undefined
  /** Escape hatch for local testing: plain http endpoints and redirect URIs off loopback. */
  allowInsecureRequests?: boolean | undefined
  /** Clock for `createdAt`; default `Date.now`. */
  now?: (() => number) | undefined
}

export interface AuthorizationUrl {
  url: URL
  transaction: AuthorizationTransaction
}

/** Parameters this function owns: extra parameters must not replace them (RFC 9700 §2.1). */
const RESERVED = [
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'max_age',
  'prompt',
  'login_hint',
] as const

const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'blob:'])

/**
 * Builds the authorization request URL (RFC 6749 §4.1.1) with RFC 9700 defaults: random
 * `state`, PKCE S256, a `nonce` for OpenID Connect. Returns the transaction the callback needs.
 *
 * @example
 * const { url, transaction } = await buildAuthorizationUrl({
 *   metadata, client: { clientId: 'app' }, redirectUri: 'https://app.example/cb', scope: ['openid', 'email'],
 * })
 * session.tx = transaction
 * return Response.redirect(url, 302)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function buildAuthorizationUrl(input: AuthorizationUrlInput): Promise<AuthorizationUrl> {
  const opts = { allowInsecureRequests: input.allowInsecureRequests }
  const url = new URL(resolveEndpoint(input, 'authorization_endpoint', opts))
  const clientId = input.client.clientId
  if (!clientId) throw new ArgumentError('"client.clientId" is required')
  const redirectUri = checkRedirectUri(
    input.redirectUri ?? input.client.redirectUri,
    opts.allowInsecureRequests,
  )
  assertNoReserved(input.extraParams, RESERVED, 'extraParams')

  const scope = [...(input.scope ?? [])]
  const responseType = input.responseType ?? 'code'
  const state = input.state ?? randomToken(32)
  if (state.length < 22)
    throw new ArgumentError('"state" must be at least 22 characters (>= 128 bits of entropy)')
  const wantsNonce = scope.includes('openid') || responseType.split(' ').includes('id_token')
  const nonce =
    input.nonce === false ? undefined : (input.nonce ?? (wantsNonce ? randomToken(32) : undefined))
  const pkceMethod = input.pkce === undefined ? 'S256' : input.pkce
  const pkce = pkceMethod === false ? undefined : await createPkce(pkceMethod, input.codeVerifier)
  if (input.maxAge !== undefined && !(Number.isInteger(input.maxAge) && input.maxAge >= 0)) {
    throw new ArgumentError('"maxAge" must be a non-negative integer number of seconds')
  }

  const q = url.searchParams
  q.set('response_type', responseType)
  q.set('client_id', clientId)
  q.set('redirect_uri', redirectUri)
  if (scope.length > 0) q.set('scope', scope.join(input.scopeDelimiter ?? ' '))
  q.set('state', state)
  if (pkce) {
    q.set('code_challenge', pkce.codeChallenge)
    q.set('code_challenge_method', pkce.codeChallengeMethod)
  }
  if (nonce !== undefined) q.set('nonce', nonce)
  if (input.responseMode !== undefined) q.set('response_mode', input.responseMode)
  if (input.maxAge !== undefined) q.set('max_age', String(input.maxAge))
  if (input.prompt !== undefined) q.set('prompt', input.prompt)
  if (input.loginHint !== undefined) q.set('login_hint', input.loginHint)
  appendParams(q, input.extraParams)

  const issuer = input.issuer ?? input.metadata?.issuer
  const transaction: AuthorizationTransaction = {
    state,
    redirectUri,
    clientId,
    responseType,
    scope,
    createdAt: (input.now ?? Date.now)(),
  }
  if (pkce) {
    transaction.codeVerifier = pkce.codeVerifier
    transaction.codeChallengeMethod = pkce.codeChallengeMethod
  }
  if (nonce !== undefined) transaction.nonce = nonce
  if (issuer !== undefined) transaction.issuer = issuer
  if (input.maxAge !== undefined) transaction.maxAge = input.maxAge
  if (input.responseMode !== undefined) transaction.responseMode = input.responseMode
  return { url, transaction }
}

/** RFC 6749 §3.1.2: absolute, no fragment; RFC 8252: loopback http and private-use schemes allowed. */
function checkRedirectUri(value: string | undefined, allowInsecure: boolean | undefined): string {
  if (!value) throw new ArgumentError('"redirectUri" is required (or "client.redirectUri")')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ArgumentError(`"redirectUri" must be an absolute URL, got ${JSON.stringify(value)}`)
  }
  if (url.hash || value.includes('#')) throw new ArgumentError('"redirectUri" must not contain a fragment')
  if (UNSAFE_SCHEMES.has(url.protocol)) throw new ArgumentError(`"redirectUri" must not use ${url.protocol}`)
  if (url.protocol === 'http:' && !isLoopback(url) && !allowInsecure) {
    throw new ArgumentError('"redirectUri" must be an absolute https URL (http only for loopback)')
  }
  return value
}
