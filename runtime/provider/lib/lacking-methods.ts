import type { OptionalLoginMethod } from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/**
 * The sign-in methods a spec lacks, the one rule behind both the generated types (the methods are
 * absent) and the client (they refuse): `refresh` when the spec says the provider issues no
 * refresh tokens, `revoke` when it names no revocation endpoint and cannot discover one.
 */
export function lackingMethods(spec: ProviderLoginSpec): OptionalLoginMethod[] {
  const lacking: OptionalLoginMethod[] = []
  if (spec.refresh === 'unsupported') lacking.push('refresh')
  const discovers = spec.issuer !== undefined || spec.issuerAtRuntime === true
  if (!spec.revocation && !spec.endpoints?.revocation && !discovers) lacking.push('revoke')
  return lacking
}
