import { ArgumentError } from '../../errors.js'
import type { ClientRecord } from '../../storage/store.js'
import { serverError } from '../errors.js'
import { absoluteUriParts } from './absolute-uri.js'
import type { Params } from './params.js'

/** What the authorization server knows about one resource it issues access tokens for (RFC 8707). */
export interface ResourceOptions {
  /**
   * Format of the access tokens for this resource, over the client's and the server's: a resource
   * server that validates tokens offline asks for `jwt`. Default: the client's, else the server's.
   */
  accessTokenFormat?: 'opaque' | 'jwt' | undefined
  /** Client ids that may get tokens for this resource. Default: every client. */
  clients?: readonly string[] | undefined
}

/**
 * The resources (RFC 8707 §2) this server issues access tokens for, keyed by their absolute URI
 * without a fragment. URIs are compared and put in `aud` in their parsed form
 * (`https://api.example` is `https://api.example/`), as the resource server compares them.
 *
 * @example
 * resources: { 'https://api.example.com/': {}, 'https://mcp.example.com/mcp': { accessTokenFormat: 'jwt' } }
 */
export type ResourcesOption = Readonly<Record<string, ResourceOptions>>

/** The `resources` option as the server keeps it, keyed by parsed URI (`resourceId`). */
export type ResourcePolicies = ReadonlyMap<string, ResourceOptions>

/**
 * A resource indicator in the one form it is compared, stored and put in `aud`: parsed and
 * serialized (`https://API.example` is `https://api.example/`); '' when it is not an absolute URI
 * without a fragment (RFC 8707 §2), which nothing matches.
 */
export function resourceId(value: string): string {
  return isResourceUri(value) ? new URL(value).href : ''
}

/** Validates the `resources` option. */
export function resourcePolicies(option: ResourcesOption | undefined, hasKeys: boolean): ResourcePolicies {
  const out = new Map<string, ResourceOptions>()
  if (option === undefined) return out
  if (typeof option !== 'object' || option === null) {
    throw new ArgumentError('"resources" must be an object keyed by resource URI')
  }
  for (const [uri, policy] of Object.entries(option)) {
    if (!isResourceUri(uri)) {
      throw new ArgumentError(
        `"resources" key ${JSON.stringify(uri)} must be an absolute URI without a fragment`,
      )
    }
    const format = policy?.accessTokenFormat
    if (format !== undefined && format !== 'opaque' && format !== 'jwt') {
      throw new ArgumentError(`"resources['${uri}'].accessTokenFormat" must be "opaque" or "jwt"`)
    }
    if (format === 'jwt' && !hasKeys) {
      throw new ArgumentError(`"keys" are required for "resources['${uri}'].accessTokenFormat" jwt`)
    }
    const clients = policy?.clients
    if (clients !== undefined && (!Array.isArray(clients) || clients.some((c) => typeof c !== 'string'))) {
      throw new ArgumentError(`"resources['${uri}'].clients" must be an array of client ids`)
    }
    out.set(new URL(uri).href, { accessTokenFormat: format, clients: clients && [...clients] })
  }
  return out
}

/** RFC 8707 §2: an absolute URI (RFC 3986 §4.3) without a fragment component. */
function isResourceUri(value: string): boolean {
  return typeof absoluteUriParts(value) !== 'string'
}

/**
 * The `resource` values of a request (RFC 8707 §2: the parameter may be repeated), as
 * `resourceId`s. `parseParams` keeps them space-joined, since a URI has no whitespace; whitespace
 * inside one value separates too, and each part must still be a resource of the server.
 */
function requestedResources(params: Params): string[] {
  const value = params.get('resource')
  if (value === undefined) return []
  return [
    ...new Set(
      value
        .split(/\s+/)
        .filter((v) => v !== '')
        .map(resourceId),
    ),
  ]
}

function invalidTarget(description: string) {
  return serverError('invalid_target', description)
}

/**
 * The audience the requested resources give a token, or undefined when none was requested (the
 * token then keeps today's audience); `invalid_target` unless `assertTargets` allows them.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function requestedAudience(
  resources: ResourcePolicies,
  client: ClientRecord,
  params: Params,
): string[] | undefined {
  const requested = requestedResources(params)
  if (requested.length === 0) return undefined
  assertTargets(resources, client, requested)
  return requested
}

/**
 * The audience of a token from an earlier grant (an authorization code, a refresh token): the
 * requested resources when they are a subset of the granted ones (RFC 8707 §2.2), the granted
 * ones when none is requested; `invalid_target` for any other, and for a granted resource the
 * server no longer issues for this client. A grant without an audience takes none: its
 * resources are chosen only when it is made.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2
 */
export function narrowedAudience(
  resources: ResourcePolicies,
  client: ClientRecord,
  granted: readonly string[] | undefined,
  params: Params,
): readonly string[] | undefined {
  const requested = requestedResources(params)
  if (requested.length > 0 && (!granted || requested.some((uri) => !granted.includes(uri)))) {
    throw invalidTarget('the resource was not granted to this grant')
  }
  const audience = requested.length > 0 ? requested : granted
  if (audience) assertTargets(resources, client, audience)
  return audience
}

/**
 * The resources of a token redeemed from a code or device code (RFC 8707 §2.2): `granted`, what
 * the code was granted for or, when it named none, what this token request names (the request
 * alone may then choose); `audience`, the part of it the request asks for. The request's
 * `resource` values are read and checked once.
 */
export function redeemedAudience(
  resources: ResourcePolicies,
  client: ClientRecord,
  codeAudience: readonly string[] | undefined,
  params: Params,
): { granted: readonly string[] | undefined; audience: readonly string[] | undefined } {
  if (codeAudience)
    return { granted: codeAudience, audience: narrowedAudience(resources, client, codeAudience, params) }
  const requested = requestedAudience(resources, client, params)
  return { granted: requested, audience: requested }
}

/**
 * Each resource must be one this server knows and this client may use, and all must take the
 * same token format; otherwise `invalid_target` (RFC 8707 §2).
 */
function assertTargets(resources: ResourcePolicies, client: ClientRecord, uris: readonly string[]): void {
  // One token has one format: resources that set theirs differently (or not at all) are asked for apart.
  const formats = new Set<ResourceOptions['accessTokenFormat']>()
  for (const uri of uris) {
    if (uri === '') throw invalidTarget('resource must be an absolute URI without a fragment')
    const policy = resources.get(uri)
    if (!policy) throw invalidTarget('the resource is unknown to this authorization server')
    if (policy.clients && !policy.clients.includes(client.clientId)) {
      throw invalidTarget('the client may not get tokens for this resource')
    }
    formats.add(policy.accessTokenFormat)
  }
  if (formats.size > 1)
    throw invalidTarget('these resources take different token formats: ask for one at a time')
}

/** The access token format for an audience: its resources' format, else the client's, else the server's. */
export function accessTokenFormatFor(
  resources: ResourcePolicies,
  audience: readonly string[] | undefined,
  fallback: 'opaque' | 'jwt',
): 'opaque' | 'jwt' {
  for (const uri of audience ?? []) {
    const format = resources.get(uri)?.accessTokenFormat
    if (format) return format
  }
  return fallback
}

/** `aud` as RFC 7519 §4.1.3 allows it: one audience as a string, several as an array. */
export function audClaim(audience: readonly string[]): string | string[] {
  return audience.length === 1 ? (audience[0] as string) : [...audience]
}
