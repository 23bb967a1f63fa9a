import type { ClientAuthMethod } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** The client authentication methods a spec allows, as a list (`clientAuth` may name one). */
export function clientAuthMethods(spec: Pick<ProviderLoginSpec, 'clientAuth'>): readonly ClientAuthMethod[] {
  return typeof spec.clientAuth === 'string' ? [spec.clientAuth] : spec.clientAuth
}

/** Whether the provider documents public clients (`none` allowed): then `clientSecret` is optional. */
export function allowsPublicClients(spec: Pick<ProviderLoginSpec, 'clientAuth'>): boolean {
  return clientAuthMethods(spec).includes('none')
}

/**
 * The method a client uses: `none` when it has no secret and the spec allows public clients, else
 * the first method the spec lists (a confidential client's).
 */
export function clientAuthFor(
  spec: Pick<ProviderLoginSpec, 'clientAuth'>,
  hasSecret: boolean,
): ClientAuthMethod {
  const methods = clientAuthMethods(spec)
  if (!hasSecret && methods.includes('none')) return 'none'
  return methods.find((m) => m !== 'none') ?? 'none'
}

/**
 * Whether a client of the spec must be given `clientSecret`: the provider has no public clients and
 * authenticates confidential ones with a secret they hold (not a signed one, not a key).
 */
export function needsClientSecret(
  spec: Pick<ProviderLoginSpec, 'clientAuth' | 'signedClientSecret' | 'issuerAtRuntime'>,
): boolean {
  // An issuer given at run time (generic OpenID Connect) registers its clients its own way.
  if (allowsPublicClients(spec) || spec.signedClientSecret !== undefined || spec.issuerAtRuntime) {
    return false
  }
  return SECRET_METHODS.includes(clientAuthFor(spec, true))
}

const SECRET_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
]
