import type { Grant, GrantExtension } from '../types.js'
import { type GrantMetadata, grantMetadata } from './metadata.js'
import type { DefinedGrant } from './types.js'

/**
 * Registers grants built from definitions and returns the metadata members they imply; with
 * `defaultGrants: false` the server's RFC 8414 document then lists exactly these grant types.
 *
 * @example
 * const md = registerDefinedGrants(server, [createClientCredentialsGrant(hooks)])
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function registerDefinedGrants(
  server: { registerGrant(grant: Grant, extensions?: readonly GrantExtension[]): void },
  grants: readonly DefinedGrant[],
): GrantMetadata {
  for (const g of grants) server.registerGrant(g.grant, g.extensions)
  return grantMetadata(grants.map((g) => g.definition))
}
