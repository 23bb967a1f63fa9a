import { ArgumentError, OAuthError } from '../../errors.js'
import { checkHostMap, type HostMap, hostMapFetch, remapUrl } from '../../lib/host-map.js'
import type { HttpOptions } from '../../lib/http.js'
import { createOAuth1Client, type OAuth1Transaction } from '../../oauth1/client.js'
import { createOAuth1Fetch } from '../../oauth1/signed-fetch.js'
import type { RsaPrivateKey } from '../../oauth1/types.js'
import type { NormalizedProfile, OperationSpec, ProviderSpec } from '../spec-types.js'

/** How an app is registered with an OAuth 1.0a service. */
export interface OAuth1ProviderConfig extends HttpOptions {
  /** `oauth_consumer_key` (X: the API key). */
  consumerKey: string
  /** Shared secret for HMAC-* and PLAINTEXT. */
  consumerSecret?: string | undefined
  /** Private key for RSA-*. */
  privateKey?: RsaPrivateKey | undefined
  /** `oauth_callback`: the app's callback URL (or `oob`). */
  callbackUrl: string
  /** Headers added to every API call; they win over the spec's. */
  headers?: Record<string, string> | undefined
  /** Clock in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
  /**
   * The way to test: each origin the spec names to a local origin, any other host refused with
   * `UNMAPPED_HOST` (see `ProviderClientConfig.hostMap`; `authspec mock <id>` prints it).
   */
  hostMap?: HostMap | undefined
  /** Lower-level escape hatch: replaces single spec URLs; one left out stays the production URL. */
  endpointOverrides?:
    | { temporaryCredentials?: string; authorization?: string; tokenCredentials?: string; api?: string }
    | undefined
}

/** What to keep server-side between the redirect and the callback. Holds a secret: never send it to the browser. */
export interface OAuth1ProviderSession {
  provider: string
  transaction: OAuth1Transaction
}

/** Token credentials from an OAuth 1.0a service, with what else the token response said. */
export interface OAuth1ProviderTokens {
  provider: string
  /** `oauth_token`. */
  accessToken: string
  /** `oauth_token_secret`: a secret, keep it server-side. */
  tokenSecret: string
  /** Other token response fields (X: `user_id`, `screen_name`). */
  fields: Readonly<Record<string, string>>
}

/** The OAuth 1.0a client every `protocol: 'oauth1'` spec gets: the OAuth 2.0 method names where they fit. */
export interface OAuth1ProviderClient<P, A> {
  readonly id: string
  authorizationUrl(options?: {
    params?: P | undefined
  }): Promise<{ url: URL; session: OAuth1ProviderSession }>
  callback(callbackUrl: string | URL, session: OAuth1ProviderSession): Promise<OAuth1ProviderTokens>
  profile(tokens: OAuth1ProviderTokens): Promise<NormalizedProfile>
  api: A
}

type Params = Readonly<Record<string, string | number | boolean | undefined>>

/**
 * Builds the client of an OAuth 1.0a spec on `createOAuth1Client`: the three-legged flow, then API
 * operations signed with the token credentials and validated against the spec's schemas.
 *
 * @example
 * const client = createOAuth1ProviderClient(xSpec, { consumerKey, consumerSecret, callbackUrl })
 * const { url, session } = await client.authorizationUrl()
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export function createOAuth1ProviderClient<C>(spec: ProviderSpec, config: OAuth1ProviderConfig): C {
  const o1 = spec.oauth1
  if (spec.protocol !== 'oauth1' || !o1)
    throw new ArgumentError(`"spec" ${spec.id} is not an OAuth 1.0a spec`)
  if (typeof config?.consumerKey !== 'string') throw new ArgumentError('"consumerKey" is required')
  const over = config.endpointOverrides ?? {}
  const hostMap = config.hostMap === undefined ? undefined : checkHostMap(config.hostMap)
  const signing = {
    consumer: { key: config.consumerKey, secret: config.consumerSecret, privateKey: config.privateKey },
    signatureMethod: o1.signatureMethod,
    placement: o1.placement,
    now: config.now,
    // Signed for the provider's URL; the mock checks it as the host named in `Forwarded`.
    fetch: hostMap ? hostMapFetch(hostMap, config.fetch) : config.fetch,
    timeout: config.timeout,
    maxResponseBytes: config.maxResponseBytes,
    allowInsecureRequests: config.allowInsecureRequests,
  }
  const flow = createOAuth1Client({
    ...signing,
    callback: config.callbackUrl,
    credentialsMethod: o1.credentialsMethod,
    endpoints: {
      temporaryCredentials: over.temporaryCredentials ?? o1.endpoints.temporaryCredentials,
      authorization: over.authorization ?? o1.endpoints.authorization,
      tokenCredentials: over.tokenCredentials ?? o1.endpoints.tokenCredentials,
    },
  })

  async function call(name: string, op: OperationSpec, tokens: OAuth1ProviderTokens, params: Params = {}) {
    const api = spec.api!
    let path = op.path
    const query = new URLSearchParams(api.query ?? {})
    const body = new URLSearchParams()
    for (const [key, p] of Object.entries(op.params ?? {})) {
      const value =
        p.from === 'clientId'
          ? config.consumerKey
          : p.from === 'accessToken'
            ? tokens.accessToken
            : params[key]
      if (value === undefined) {
        if (p.required || p.in === 'path') throw new ArgumentError(`"${key}" is required by api.${name}`)
        continue
      }
      if (p.in === 'path') path = path.replace(`{${key}}`, encodeURIComponent(String(value)))
      else (p.in === 'query' ? query : body).set(key, String(value))
    }
    const url = new URL(`${(over.api ?? api.baseUrl).replace(/\/$/, '')}${path}`)
    for (const [k, v] of query) url.searchParams.append(k, v)
    const signed = createOAuth1Fetch({
      ...signing,
      token: { key: tokens.accessToken, secret: tokens.tokenSecret },
      headers: { ...api.headers, ...config.headers },
    })
    const hasBody = [...body.keys()].length > 0
    const res = await signed(url, { method: op.method, ...(hasBody ? { body } : {}) })
    const text = await res.text()
    let decoded: unknown
    try {
      decoded = JSON.parse(text)
    } catch {
      decoded = text
    }
    if (!res.ok) {
      throw new OAuthError('API_ERROR', {
        error: 'api_error',
        error_description: `${name} (${op.method} ${op.path}) answered HTTP ${res.status}`,
        status: res.status,
      })
    }
    const value =
      api.unwrap && typeof decoded === 'object' && decoded
        ? (decoded as Record<string, unknown>)[api.unwrap]
        : decoded
    const parsed = op.response.safeParse(value)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)'
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `${name} (${op.method} ${op.path}): response field "${field}": ${issue?.message ?? 'invalid'}`,
      claim: field,
      status: res.status,
    })
  }

  const api: Record<string, (tokens: OAuth1ProviderTokens, params?: Params) => Promise<unknown>> = {}
  for (const [name, op] of Object.entries(spec.api?.operations ?? {})) {
    api[name] = (tokens, params) => call(name, op, tokens, params)
  }

  const client: OAuth1ProviderClient<Record<string, string>, typeof api> = {
    id: spec.id,
    async authorizationUrl(options = {}) {
      const { url, transaction } = await flow.authorizationUrl({
        authorizationParams: stringParams(options.params),
      })
      return { url: hostMap ? remapUrl(hostMap, url) : url, session: { provider: spec.id, transaction } }
    },
    async callback(callbackUrl, session) {
      if (session?.provider !== spec.id)
        throw new ArgumentError(`"session" is not a ${spec.displayName} session`)
      const token = await flow.callback(callbackUrl, session.transaction)
      return { provider: spec.id, accessToken: token.key, tokenSecret: token.secret, fields: token.extra }
    },
    profile(tokens) {
      const bound: Record<string, (params?: Params) => Promise<unknown>> = {}
      for (const name of Object.keys(api)) bound[name] = (params) => api[name]!(tokens, params)
      return spec.profile({
        tokens: { accessToken: tokens.accessToken, scopes: [], raw: tokens.fields },
        claims: undefined,
        userinfo: () => Promise.reject(new ArgumentError(`${spec.displayName} has no UserInfo endpoint`)),
        api: bound as never,
      })
    },
    api,
  }
  return client as C
}

function stringParams(params: object | undefined): Record<string, string> | undefined {
  if (!params) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = String(v)
  return out
}
