import { serverError } from '../errors.js'
import type { ServerContext } from '../types.js'

/**
 * The grant types a response type needs in a client's `grant_types`: `authorization_code` for a
 * code, `implicit` for tokens returned from the authorization endpoint. So `code id_token` needs
 * both, `id_token token` needs `implicit`, and `none` needs nothing.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2.1
 */
export function grantTypesOf(responseType: string): string[] {
  const values = responseType.split(' ')
  const out: string[] = []
  if (values.includes('code')) out.push('authorization_code')
  if (values.includes('token') || values.includes('id_token')) out.push('implicit')
  return out
}

/**
 * Checks a client's grant and response types against the server and each other: each grant type
 * is one the token endpoint serves, or one a response type the server offers needs (`implicit`
 * has no token request); each response type is offered and its grant types are registered; and
 * a grant type of the authorization endpoint is registered only with a response type that uses it.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2.1
 */
export function assertGrantTypesFit(
  server: ServerContext,
  grantTypes: readonly string[],
  responseTypes: readonly string[],
): void {
  const offered = [...server.responseTypes.keys()].flatMap(grantTypesOf)
  for (const g of grantTypes) {
    if (!server.tokenGrants.has(g) && !offered.includes(g))
      throw invalid(`unsupported grant_type: ${g.slice(0, 100)}`)
  }
  for (const r of responseTypes) {
    if (!server.responseTypes.has(r)) throw invalid(`unsupported response_type: ${r.slice(0, 50)}`)
    const missing = grantTypesOf(r).find((g) => !grantTypes.includes(g))
    if (missing !== undefined) throw invalid(`response_type ${r} and grant_type ${missing} go together`)
  }
  const used = responseTypes.flatMap(grantTypesOf)
  for (const g of grantTypes) {
    if (offered.includes(g) && !used.includes(g))
      throw invalid(`grant_type ${g} needs a response_type that uses it`)
  }
}

const invalid = (description: string) => serverError('invalid_client_metadata', description)
