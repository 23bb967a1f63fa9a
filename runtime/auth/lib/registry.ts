import { ArgumentError } from '../../errors.js'
import { checkHostMap, hostMapFetch } from '../../lib/host-map.js'
import { createMetadataCache, type MetadataCache } from '../../oauth2/metadata-cache.js'
import type { RequestOptions } from '../../oauth2/types.js'
import type { GenericProviderClient } from '../../provider/client-types.js'
import { createClient } from '../../provider/create-client.js'
import type { ProviderSpec } from '../../provider/spec-types.js'
import { everySupport } from '../../provider/support.js'
import type { ProviderClientLike, ProviderCredentials } from '../types.js'

/**
 * Stands in for `redirectUri` when a client is registered without one: generated factories want
 * a value, but the real one is then given per request to `authorizeRedirect`, and the provider
 * client only falls back to its own when a request names none (which the registry never lets happen).
 */
const PER_REQUEST_REDIRECT = 'https://redirect-uri.invalid/given-per-request'
const NAME = /^[A-Za-z0-9_-]{1,64}$/

/** One registered provider. */
export interface Entry {
  name: string
  client: GenericProviderClient
  /** The configuration given to `register` (without the placeholder redirect URI). */
  credentials: Partial<ProviderCredentials>
  /** Issuer known at registration (spec or credentials); the ID token's `iss` is preferred later. */
  issuer: string | undefined
  cache: MetadataCache
  http: RequestOptions
  /** A client registered ready-made, which has its own default redirect URI. */
  prebuilt: boolean
}

/** Builds the entry of `register`: a factory is called, a spec compiled, a client taken as is. */
export function buildEntry(
  name: string,
  source: unknown,
  credentials: Partial<ProviderCredentials> | undefined,
): Entry {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ArgumentError('"name" must be 1-64 letters, digits, "-" or "_"')
  }
  const creds: Partial<ProviderCredentials> = credentials ?? {}
  if (typeof creds !== 'object') throw new ArgumentError('"credentials" must be an object')
  const http: RequestOptions = {
    // The registry's own discovery and UserInfo calls obey the client's hostMap too.
    fetch: creds.hostMap ? hostMapFetch(checkHostMap(creds.hostMap), creds.fetch) : creds.fetch,
    timeout: creds.timeout,
    maxResponseBytes: creds.maxResponseBytes,
    allowInsecureRequests: creds.allowInsecureRequests,
  }
  const cache = creds.metadataCache ?? createMetadataCache(http)
  const config = { ...creds, redirectUri: creds.redirectUri ?? PER_REQUEST_REDIRECT, metadataCache: cache }
  let client: GenericProviderClient
  let issuer = creds.endpointOverrides?.issuer ?? creds.issuer
  let prebuilt = false
  if (typeof source === 'function') {
    client = asClient((source as (config: unknown) => unknown)(config), "the factory's result")
  } else if (isClient(source)) {
    client = source as unknown as GenericProviderClient
    prebuilt = true
  } else if (isSpec(source)) {
    // A spec registered at run time may be any protocol: the client gets every support module.
    client = createClient(
      source,
      config as ProviderCredentials & { clientId: string; redirectUri: string },
      everySupport,
    )
    issuer ??= source.issuer
  } else {
    throw new ArgumentError(
      '"source" must be a generated client factory, a generated client or a provider spec',
    )
  }
  return { name, client, credentials: creds, issuer, cache, http, prebuilt }
}

function isClient(value: unknown): value is ProviderClientLike {
  if (typeof value !== 'object' || value === null) return false
  const c = value as Record<string, unknown>
  return (
    typeof c['id'] === 'string' &&
    ['authorizationUrl', 'callback', 'refresh', 'revoke', 'profile'].every((m) => typeof c[m] === 'function')
  )
}

function isSpec(value: unknown): value is ProviderSpec {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Record<string, unknown>
  return (
    typeof s['id'] === 'string' && typeof s['protocol'] === 'string' && typeof s['profile'] === 'function'
  )
}

function asClient(value: unknown, what: string): GenericProviderClient {
  if (!isClient(value)) throw new ArgumentError(`${what} is not a provider client`)
  return value as unknown as GenericProviderClient
}
