import { ArgumentError } from '../../errors.js'
import { type CheckedHostMap, checkHostMap, hostMapFetch } from '../../lib/host-map.js'
import { applySecretClientAuth, type ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import type { ClientConfig, RequestOptions } from '../../oauth2/types.js'
import type { KeyResolver } from '../../oidc/types.js'
import type { ProviderClientConfig, SignedSecretKey } from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import type { ClientSupport, IdTokenSupport } from '../support.js'
import { bindHosts } from './bind-hosts.js'
import { clientAuthFor } from './client-auth-methods.js'
import { type ClientKind, requireSupport } from './needed-support.js'
import { issuerOf, type ResolvedEndpoints, resolveEndpoints } from './resolve-endpoints.js'

/**
 * Everything a client's methods read, decided once when the client is created: the spec, the
 * caller's configuration, the support modules, and what follows from them. Each method is a small
 * function of it (lib/login-methods.ts, lib/profile-and-api.ts).
 */
export interface ClientContext<S extends ProviderLoginSpec = ProviderLoginSpec> {
  readonly spec: S
  readonly config: ProviderClientConfig & { issuer?: string }
  readonly support: ClientSupport
  /** The client as `runtime/oauth2` takes it. */
  readonly client: ClientConfig
  readonly http: RequestOptions
  /** The caller's `hostMap`, checked; `http.fetch` already remaps and refuses through it. */
  readonly hostMap: CheckedHostMap | undefined
  readonly now: () => number
  /**
   * `support.jwtClientAuth`, else the secret-based methods; for a spec with `signedClientSecret`,
   * wrapped to sign the secret per request.
   */
  readonly clientAuth: ClientAuthApplier
  /** The endpoints: the spec's, the caller's overrides, and what discovery found. */
  endpoints(): Promise<ResolvedEndpoints>
  /** The ID token keys: the caller's, else the provider's JWKS, fetched when first needed. */
  keys(ep: ResolvedEndpoints): KeyResolver | undefined
}

/**
 * Checks the arguments of `createClient` (at once, naming the argument or the missing support
 * module) and builds the context its methods share.
 */
export function clientContext<S extends ProviderLoginSpec>(
  given: S,
  config: ProviderClientConfig & { issuer?: string },
  support: ClientSupport,
  kind: ClientKind,
): ClientContext<S> {
  if (typeof given !== 'object' || given === null) throw new ArgumentError('"spec" must be a provider spec')
  if (!config?.clientId) throw new ArgumentError('"clientId" is required')
  if (!config.redirectUri) throw new ArgumentError('"redirectUri" is required')
  // From here on the spec names the customer's hosts (`okta({ domain })`), never `{domain}`.
  const spec = bindHosts(given, config)
  const mayDiscover = issuerOf(spec, config) !== undefined || spec.issuerAtRuntime === true
  requireSupport(spec, kind, support, mayDiscover && config.metadataCache === undefined)
  const hostMap = config.hostMap === undefined ? undefined : checkHostMap(config.hostMap)
  const http: RequestOptions = {
    fetch: hostMap ? hostMapFetch(hostMap, config.fetch) : config.fetch,
    timeout: config.timeout,
    maxResponseBytes: config.maxResponseBytes,
    allowInsecureRequests: config.allowInsecureRequests,
  }
  const cache = config.metadataCache ?? support.discovery?.({ ...config, fetch: http.fetch })
  const now = config.now ?? Date.now
  const secretAuth = support.jwtClientAuth ?? applySecretClientAuth
  const signed = spec.signedClientSecret
  return {
    spec,
    config,
    support,
    client: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authMethod: clientAuthFor(spec, config.clientSecret !== undefined || signed !== undefined),
      redirectUri: config.redirectUri,
    },
    http,
    hostMap,
    now,
    // requireSupport has checked that a spec with signedClientSecret got its module.
    clientAuth:
      signed && support.signedSecret
        ? support.signedSecret(signed, config as Partial<SignedSecretKey>, secretAuth, now)
        : secretAuth,
    endpoints: () => resolveEndpoints(spec, config, cache),
    keys: lazyKeys(config.keys, support.idTokens, { ...http, now }),
  }
}

/** The caller's keys, else the remote JWKS of the first endpoints that name one (then kept). */
function lazyKeys(
  given: KeyResolver | undefined,
  idTokens: IdTokenSupport | undefined,
  options: RequestOptions & { now: () => number },
): (ep: ResolvedEndpoints) => KeyResolver | undefined {
  let keys = given
  return (ep) => {
    if (!keys && ep.jwks && idTokens) keys = idTokens.createRemoteJwks(ep.jwks, options)
    return keys
  }
}
