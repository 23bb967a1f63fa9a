import { ArgumentError } from '../../errors.js'
import type { MetadataCache } from '../../oauth2/metadata-cache.js'
import type { ServerMetadata } from '../../oauth2/types.js'
import type { ProviderClientConfig } from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** Where a provider's endpoints are, after discovery, the spec's own URLs and the caller's overrides. */
export interface ResolvedEndpoints {
  metadata: ServerMetadata | undefined
  issuer: string | undefined
  authorization: string
  token: string
  /** Where refresh requests go: the spec's own refresh endpoint, else the token endpoint. */
  refresh: string
  revocation: string | undefined
  userinfo: string | undefined
  jwks: string | undefined
}

/** The issuer to discover from (the caller's, else the spec's); undefined when the spec lists its endpoints. */
export function issuerOf(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
): string | undefined {
  return config.endpointOverrides?.issuer ?? config.issuer ?? spec.issuer
}

/**
 * Discovers (through the cache) when there is an issuer; spec URLs and overrides win over metadata.
 * `createClient` has already refused an issuer without a cache to discover with.
 */
export async function resolveEndpoints(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
  cache: MetadataCache | undefined,
): Promise<ResolvedEndpoints> {
  const issuer = issuerOf(spec, config)
  if (spec.issuerAtRuntime && !issuer) {
    throw new ArgumentError(`"issuer" is required: ${spec.displayName} takes its issuer at run time`)
  }
  const metadata = issuer ? await cache?.get(issuer) : undefined
  const o = config.endpointOverrides ?? {}
  const e = spec.endpoints ?? {}
  const pick = (override: string | undefined, own: string | undefined, discovered: string | undefined) =>
    override ?? own ?? discovered
  const authorization = pick(o.authorization, e.authorization, metadata?.authorization_endpoint)
  const token = pick(o.token, e.token, metadata?.token_endpoint)
  if (!authorization || !token) {
    throw new ArgumentError(
      `${spec.displayName} has no authorization or token endpoint (check its spec or issuer)`,
    )
  }
  return {
    metadata,
    issuer: metadata?.issuer ?? spec.callback?.issuer?.value,
    authorization,
    token,
    refresh: pick(o.refresh, e.refresh, undefined) ?? token,
    revocation: pick(o.revocation, e.revocation, metadata?.revocation_endpoint),
    userinfo: pick(o.userinfo, e.userinfo, metadata?.userinfo_endpoint),
    jwks: pick(o.jwks, e.jwks, metadata?.jwks_uri),
  }
}
