import { z } from 'zod'
import { HMAC_ALGORITHMS, SIGNING_ALGORITHMS } from '../../jose/lib/algorithms.js'
import type { ClientRecord, ServerClientAuthMethod } from '../../storage/store.js'
import { serverError } from '../errors.js'
import type { ServerContext } from '../types.js'
import { assertGrantTypesFit } from './client-grant-types.js'
import { assertClientUris } from './client-uris.js'
import { isLoopbackRedirectUri } from './redirect-uri.js'
import { parseScope } from './scope.js'

/**
 * Client metadata accepted at registration (RFC 7591 §2, OIDC RP-Initiated Logout §3.1); other
 * members are ignored once their URIs are checked (`assertClientUris`).
 */
const MetadataSchema = z.object({
  redirect_uris: z.array(z.string().max(2000)).max(20).optional(),
  post_logout_redirect_uris: z.array(z.string().max(2000)).max(20).optional(),
  token_endpoint_auth_method: z
    .enum(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'])
    .optional(),
  token_endpoint_auth_signing_alg: z.string().max(20).optional(),
  grant_types: z.array(z.string().max(200)).max(10).optional(),
  response_types: z.array(z.string().max(50)).max(5).optional(),
  client_name: z.string().max(200).optional(),
  application_type: z.enum(['web', 'native']).optional(),
  scope: z.string().max(2000).optional(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) }).optional(),
  jwks_uri: z.string().optional(),
  id_token_signed_response_alg: z.string().max(20).optional(),
  userinfo_signed_response_alg: z.string().max(20).optional(),
})

/** Validated client metadata, ready to be stored. */
export type ClientMetadata = Pick<
  ClientRecord,
  | 'redirectUris'
  | 'postLogoutRedirectUris'
  | 'tokenEndpointAuthMethod'
  | 'tokenEndpointAuthSigningAlg'
  | 'grantTypes'
  | 'responseTypes'
  | 'clientName'
  | 'applicationType'
  | 'scope'
  | 'jwks'
  | 'idTokenSignedResponseAlg'
  | 'userinfoSignedResponseAlg'
>

const invalid = (description: string) => serverError('invalid_client_metadata', description)

/**
 * Validates client metadata against what this server supports: registered grant and response
 * types, consistent with each other; supported scopes; `jwks` for `private_key_jwt`; every URI an
 * absolute RFC 3986 URI as written, redirect targets https or loopback http or a private-use
 * scheme (RFC 8252 §7).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function validateClientMetadata(server: ServerContext, input: unknown): ClientMetadata {
  const parsed = MetadataSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalid(`invalid ${issue?.path.join('.') || 'metadata'}`)
  }
  const m = parsed.data
  assertClientUris(input as Record<string, unknown>)
  if (m.jwks_uri !== undefined) throw invalid('jwks_uri is not supported; send jwks')
  const method: ServerClientAuthMethod = m.token_endpoint_auth_method ?? 'client_secret_basic'
  const grantTypes = unique(m.grant_types ?? ['authorization_code'])
  const responseTypes = unique(
    m.response_types ?? (grantTypes.includes('authorization_code') ? ['code'] : []),
  )
  assertGrantTypesFit(server, grantTypes, responseTypes)
  if (method === 'none' && grantTypes.includes('client_credentials')) {
    throw invalid('client_credentials needs a confidential client')
  }
  if ((method === 'private_key_jwt') !== (m.jwks !== undefined))
    throw invalid('jwks is required for private_key_jwt only')
  if (method === 'client_secret_jwt' && !server.clientSecretKek)
    throw invalid('client_secret_jwt is not supported by this server')
  assertAuthSigningAlg(method, m.token_endpoint_auth_signing_alg)
  const redirectUris = unique(m.redirect_uris ?? [])
  if (responseTypes.length > 0 && redirectUris.length === 0) {
    throw serverError('invalid_redirect_uri', 'redirect_uris is required')
  }
  const applicationType = m.application_type ?? 'web'
  assertApplicationType(applicationType, redirectUris, responseTypes)
  const scopes = m.scope === undefined ? server.scopesSupported : parseScope(m.scope)
  const unsupported = scopes.filter((s) => !server.scopesSupported.includes(s))
  if (unsupported.length > 0) throw invalid(`unsupported scope: ${unsupported.join(' ').slice(0, 200)}`)
  const algs = signingAlgs(server)
  for (const alg of [m.id_token_signed_response_alg, m.userinfo_signed_response_alg]) {
    // Only algorithms we hold a key for; `none` (unsigned) is never one of them.
    if (alg !== undefined && !algs.includes(alg)) throw invalid(`unsupported signing alg: ${alg}`)
  }
  return {
    redirectUris,
    postLogoutRedirectUris: m.post_logout_redirect_uris && unique(m.post_logout_redirect_uris),
    tokenEndpointAuthMethod: method,
    tokenEndpointAuthSigningAlg: m.token_endpoint_auth_signing_alg,
    idTokenSignedResponseAlg: m.id_token_signed_response_alg,
    userinfoSignedResponseAlg: m.userinfo_signed_response_alg,
    grantTypes,
    responseTypes,
    clientName: m.client_name,
    applicationType,
    scope: scopes.join(' '),
    jwks: m.jwks as ClientRecord['jwks'],
  }
}

/** The metadata of a stored client as RFC 7591 §3.2.1 returns it. */
export function metadataOf(client: ClientRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    client_id: client.clientId,
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: client.grantTypes,
    response_types: client.responseTypes,
    scope: client.scope,
    application_type: client.applicationType ?? 'web',
  }
  if (client.clientName !== undefined) out['client_name'] = client.clientName
  if (client.postLogoutRedirectUris !== undefined)
    out['post_logout_redirect_uris'] = client.postLogoutRedirectUris
  if (client.tokenEndpointAuthSigningAlg !== undefined)
    out['token_endpoint_auth_signing_alg'] = client.tokenEndpointAuthSigningAlg
  if (client.jwks !== undefined) out['jwks'] = client.jwks
  if (client.idTokenSignedResponseAlg !== undefined)
    out['id_token_signed_response_alg'] = client.idTokenSignedResponseAlg
  if (client.userinfoSignedResponseAlg !== undefined)
    out['userinfo_signed_response_alg'] = client.userinfoSignedResponseAlg
  if (client.clientIdIssuedAt !== undefined) out['client_id_issued_at'] = client.clientIdIssuedAt
  return out
}

/**
 * OpenID Connect Registration §2 `application_type`. A `web` client that takes tokens from the
 * authorization endpoint (implicit or hybrid) must redirect to https and not to localhost. A
 * `native` client redirects to a private-use scheme, loopback http, or a claimed https URL
 * (RFC 8252 §7), never to plain http elsewhere, which every client is refused already.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
function assertApplicationType(
  type: 'web' | 'native',
  redirectUris: readonly string[],
  responseTypes: readonly string[],
) {
  const frontChannel = responseTypes.some((t) => t.split(' ').some((v) => v === 'token' || v === 'id_token'))
  if (type !== 'web' || !frontChannel) return
  for (const uri of redirectUris) {
    const host = /^https:\/\/([^/?#:]+|\[[^\]]*\])/i.exec(uri)?.[1]?.toLowerCase()
    if (host === undefined || host === 'localhost' || isLoopbackRedirectUri(`http://${host}/`)) {
      throw serverError(
        'invalid_redirect_uri',
        'a web client using the implicit or hybrid flow must use https redirect URIs that are not localhost',
      )
    }
  }
}

/**
 * `token_endpoint_auth_signing_alg` only with the JWT methods, and from the family of the method:
 * asymmetric for `private_key_jwt`, HMAC for `client_secret_jwt`; never `none` (RFC 7591 §2).
 */
function assertAuthSigningAlg(method: ServerClientAuthMethod, alg: string | undefined): void {
  if (alg === undefined) return
  const allowed: readonly string[] =
    method === 'private_key_jwt' ? SIGNING_ALGORITHMS : method === 'client_secret_jwt' ? HMAC_ALGORITHMS : []
  if (allowed.length === 0) throw invalid('token_endpoint_auth_signing_alg needs a JWT authentication method')
  if (!allowed.includes(alg)) throw invalid(`unsupported token_endpoint_auth_signing_alg: ${alg}`)
}

/**
 * What a client authenticates with, kept across RFC 7592 updates: a hashed secret, a sealed one,
 * or none (keys or a public client). A new secret cannot be made up by an update.
 */
export function credentialKind(method: ServerClientAuthMethod): 'hashed' | 'sealed' | 'none' {
  if (method === 'client_secret_jwt') return 'sealed'
  return method === 'client_secret_basic' || method === 'client_secret_post' ? 'hashed' : 'none'
}

/** Algorithms the server's keys sign with (ID tokens, signed userinfo). */
export function signingAlgs(server: ServerContext): string[] {
  return server.keys ? [...(server.keys.algs ?? [server.keys.alg])] : []
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
