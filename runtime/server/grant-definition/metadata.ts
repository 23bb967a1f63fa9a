import { grantTypesSupported } from '../endpoints/metadata.js'
import type { GrantDefinitionInput } from './schema.js'

/** The metadata members (RFC 8414 §2) that follow from the registered grant definitions. */
export interface GrantMetadata {
  grant_types_supported: string[]
  response_types_supported: string[]
  token_endpoint_auth_methods_supported: string[]
}

/**
 * What a server's metadata document must list for exactly these grants: their grant types (and
 * `implicit` for front-channel response types, by the served document's own rule), response types and the union of the client authentication methods their token requests
 * accept, in definition order.
 *
 * @example
 * const md = grantMetadata([clientCredentials.definition, refreshToken.definition])
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function grantMetadata(definitions: readonly GrantDefinitionInput[]): GrantMetadata {
  const grantTypes: string[] = []
  const responseTypes: string[] = []
  const methods: string[] = []
  const add = (list: string[], v: string | undefined) => {
    if (v !== undefined && !list.includes(v)) list.push(v)
  }
  for (const d of definitions) {
    add(grantTypes, d.grantType)
    add(responseTypes, d.responseType)
    // Only token requests authenticate the client (implicit has none).
    if (d.grantType !== undefined) for (const m of d.clientAuthentication) add(methods, m)
  }
  return {
    grant_types_supported: grantTypesSupported(grantTypes, responseTypes),
    response_types_supported: responseTypes,
    token_endpoint_auth_methods_supported: methods,
  }
}
