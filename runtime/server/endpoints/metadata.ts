import { DEVICE_CODE_GRANT } from '../grants/device-code.js'
import { supportedClaims } from '../lib/claims.js'
import { assertionAlgorithms } from '../lib/client-assertion.js'
import { signingAlgs } from '../lib/client-metadata.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { jsonResponse } from '../lib/responses.js'
import type { ServerContext } from '../types.js'

/** Client authentication methods this server verifies; `client_secret_jwt` needs `clientSecretKek`. */
function authMethods(server: ServerContext): string[] {
  const methods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']
  if (server.clientSecretKek) methods.splice(2, 0, 'client_secret_jwt')
  return methods
}

/**
 * `token_endpoint_auth_methods_supported`: the methods the registered token grants accept (their
 * definitions' `clientAuthentication`), among those the server verifies.
 */
function tokenAuthMethods(server: ServerContext, methods: readonly string[]): string[] {
  const accepted = [...server.tokenGrants.values()].map((g) => g.grant.clientAuthMethods)
  if (accepted.some((a) => a === undefined)) return [...methods]
  return methods.filter((m) => accepted.some((a) => a?.includes(m)))
}

/**
 * `grant_types_supported`: the registered token grants, and `implicit` once a registered response
 * type returns a token or an ID token from the authorization endpoint (implicit and hybrid flows),
 * as the RFC 7591 `grant_types` values name them.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2.1
 */
export function grantTypesSupported(grantTypes: Iterable<string>, responseTypes: Iterable<string>): string[] {
  const types = [...grantTypes]
  const frontChannel = [...responseTypes].some((t) =>
    t.split(' ').some((v) => v === 'token' || v === 'id_token'),
  )
  if (frontChannel && !types.includes('implicit')) types.push('implicit')
  return types
}

/**
 * Authorization server metadata (RFC 8414), generated from what is registered: endpoints, grant
 * and response types of the registered grants, PKCE methods, signing algorithm, claims. The same
 * document serves OIDC discovery.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function buildMetadata(server: ServerContext): Record<string, unknown> {
  const e = server.endpoints
  const openid = server.scopesSupported.includes('openid') && server.keys !== undefined
  const methods = authMethods(server)
  const tokenMethods = tokenAuthMethods(server, methods)
  const md: Record<string, unknown> = {
    issuer: server.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    revocation_endpoint: e.revocation,
    introspection_endpoint: e.introspection,
    scopes_supported: [...server.scopesSupported],
    response_types_supported: [...server.responseTypes.keys()],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: grantTypesSupported(server.tokenGrants.keys(), server.responseTypes.keys()),
    token_endpoint_auth_methods_supported: tokenMethods,
    revocation_endpoint_auth_methods_supported: methods,
    introspection_endpoint_auth_methods_supported: methods.filter((m) => m !== 'none'),
    token_endpoint_auth_signing_alg_values_supported: assertionAlgorithms(tokenMethods),
    revocation_endpoint_auth_signing_alg_values_supported: assertionAlgorithms(methods),
    introspection_endpoint_auth_signing_alg_values_supported: assertionAlgorithms(methods),
    code_challenge_methods_supported: server.pkce.allowPlain ? ['S256', 'plain'] : ['S256'],
    authorization_response_iss_parameter_supported: true,
  }
  // RFC 8414 §2: the signing-alg members go with the JWT methods; none listed, no member.
  for (const endpoint of ['token', 'revocation', 'introspection']) {
    const member = `${endpoint}_endpoint_auth_signing_alg_values_supported`
    if ((md[member] as string[]).length === 0) delete md[member]
  }
  if (server.keys) md['jwks_uri'] = e.jwks
  if (server.registration) md['registration_endpoint'] = e.registration
  if (server.clientIdMetadataDocuments) md['client_id_metadata_document_supported'] = true
  if (server.endSessionEnabled) md['end_session_endpoint'] = e.endSession
  if (server.tokenGrants.has(DEVICE_CODE_GRANT)) md['device_authorization_endpoint'] = e.deviceAuthorization
  if (openid && server.keys) {
    md['userinfo_endpoint'] = e.userinfo
    md['subject_types_supported'] = ['public']
    md['id_token_signing_alg_values_supported'] = signingAlgs(server)
    md['userinfo_signing_alg_values_supported'] = signingAlgs(server)
    const types = [...server.responseTypes.keys()].map((t) => t.split(' '))
    md['claims_supported'] = supportedClaims(server.scopesSupported, {
      codeHash: types.some((t) => t.includes('code') && t.includes('id_token')),
      stateHash: server.idTokenStateHash && types.some((t) => t.includes('id_token')),
    })
    if (server.acrValuesSupported) md['acr_values_supported'] = [...server.acrValuesSupported]
    md['claims_parameter_supported'] = true
    md['request_parameter_supported'] = false
    md['request_uri_parameter_supported'] = false
  }
  return md
}

/** Serves the metadata document (RFC 8414 §3, OIDC Discovery §4). */
export async function metadataEndpoint(server: ServerContext, request: CoreRequest): Promise<CoreResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return jsonResponse(
      { error: 'invalid_request', error_description: 'use GET' },
      { status: 405, headers: { allow: 'GET' } },
    )
  }
  return jsonResponse(buildMetadata(server), {
    noStore: false,
    headers: { 'cache-control': 'public, max-age=300' },
  })
}

/** Serves the public JWK Set: the current signing key and the previous ones still published. */
export async function jwksEndpoint(server: ServerContext, request: CoreRequest): Promise<CoreResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return jsonResponse(
      { error: 'invalid_request', error_description: 'use GET' },
      { status: 405, headers: { allow: 'GET' } },
    )
  }
  const jwks = server.keys ? await server.keys.jwks() : { keys: [] }
  return jsonResponse(jwks, {
    noStore: false,
    headers: { 'cache-control': 'public, max-age=300', 'content-type': 'application/jwk-set+json' },
  })
}
