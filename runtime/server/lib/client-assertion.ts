import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import type { ClientRecord } from '../../storage/store.js'
import type { ServerContext } from '../types.js'
import type { Params } from './params.js'

/** `client_assertion_type` of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Asymmetric algorithms accepted for client assertions; never `none` or HMAC. */
export const ASSERTION_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]

/** Longest accepted assertion lifetime from now, in seconds; bounds the replay cache too. */
const MAX_LIFETIME = 300
const CLOCK_TOLERANCE = 30

/**
 * Verifies a `private_key_jwt` client assertion (RFC 7523 §3, OIDC Core §9): signed by one of
 * the client's registered keys with an allowed algorithm, `iss` = `sub` = client_id, `aud` the
 * issuer or the endpoint, short-lived, and its `jti` never seen before. Returns the client, or
 * `undefined` on any failure so the caller answers with the one `invalid_client` response.
 */
export async function verifyClientAssertion(
  server: ServerContext,
  request: Request,
  params: Params,
): Promise<ClientRecord | undefined> {
  if (params.get('client_assertion_type') !== JWT_BEARER_ASSERTION) return undefined
  const assertion = params.get('client_assertion')
  if (assertion === undefined) return undefined
  let clientId: unknown
  try {
    const claims = decodeJwt(assertion)
    clientId = claims.sub
    if (claims.iss !== clientId) return undefined
  } catch {
    return undefined
  }
  if (typeof clientId !== 'string' || clientId === '') return undefined
  const bodyId = params.get('client_id')
  if (bodyId !== undefined && bodyId !== clientId) return undefined
  const client = await server.store.getClient(clientId)
  if (client?.tokenEndpointAuthMethod !== 'private_key_jwt' || !client.jwks) return undefined

  const now = server.now()
  const url = new URL(request.url)
  let exp: number
  let jti: string
  try {
    const { payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      algorithms: ASSERTION_ALGS,
      issuer: clientId,
      subject: clientId,
      audience: [server.issuer, server.endpoints.token, url.origin + url.pathname],
      currentDate: new Date(now * 1000),
      clockTolerance: CLOCK_TOLERANCE,
      requiredClaims: ['exp', 'jti'],
    })
    exp = payload.exp!
    jti = payload.jti!
  } catch {
    return undefined
  }
  if (exp > now + MAX_LIFETIME || typeof jti !== 'string' || jti.length > 256) return undefined
  const fresh = await server.store.useOnce(`client_assertion:${clientId}:${jti}`, exp + CLOCK_TOLERANCE, now)
  return fresh ? client : undefined
}
