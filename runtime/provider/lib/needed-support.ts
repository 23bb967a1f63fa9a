import { ArgumentError } from '../../errors.js'
import type { ClientAuthMethod } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'
import type { ClientSupport } from '../support.js'
import { clientAuthMethods } from './client-auth-methods.js'

/** The name of one capability module of `ClientSupport`. */
export type SupportName = keyof ClientSupport

/** A full client (`profile`, `api`) or a sign-in client. */
export type ClientKind = 'client' | 'login'

const signs = (method: ClientAuthMethod | undefined) =>
  method === 'client_secret_jwt' || method === 'private_key_jwt'

/**
 * The capability modules a client of `spec` needs, sorted: `api` and, for OpenID Connect,
 * `userinfo` for a full client; `discovery` when there is an issuer to discover from (the spec's
 * own unless the caller says otherwise); `idTokens` for OpenID Connect; `jwtClientAuth` when the
 * token or revocation endpoint takes a signed assertion; `signedSecret` when the client secret is a
 * JWT signed per request. The generator imports exactly these;
 * `createClient` refuses a support set that lacks one.
 *
 * @example
 * neededSupport(githubSpec, 'client') // ['api']
 * neededSupport(googleSpec, 'login') // ['discovery', 'idTokens']
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function neededSupport(
  spec: ProviderLoginSpec,
  kind: ClientKind,
  discovers: boolean = spec.issuer !== undefined || spec.issuerAtRuntime === true,
): SupportName[] {
  const oidc = spec.protocol === 'oidc'
  const client = kind === 'client'
  // Keyed by every support name, so a module added to ClientSupport cannot go without its rule.
  const needs: Record<SupportName, boolean> = {
    api: client,
    discovery: discovers,
    idTokens: oidc,
    jwtClientAuth: clientAuthMethods(spec).some(signs) || signs(spec.revocation?.auth),
    signedSecret: spec.signedClientSecret !== undefined,
    userinfo: client && oidc,
  }
  return (Object.keys(needs) as SupportName[]).filter((name) => needs[name])
}

/** Refuses, at once and naming each missing module, a support set that cannot run the spec. */
export function requireSupport(
  spec: ProviderLoginSpec,
  kind: ClientKind,
  support: ClientSupport,
  discovers: boolean,
): void {
  const missing = neededSupport(spec, kind, discovers).filter((name) => support[name] === undefined)
  if (missing.length === 0) return
  const pass = missing.map((name) => `${name}: ${name}Support`).join(', ')
  const orCache = missing.includes('discovery') ? ' (or a "metadataCache")' : ''
  throw new ArgumentError(
    `${spec.displayName}: "support" needs { ${pass} } from 'authspec/provider'${orCache}`,
  )
}
