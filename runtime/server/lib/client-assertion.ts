import { base64url, createLocalJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose'
import { HMAC_ALGORITHMS, SIGNING_ALGORITHMS } from '../../jose/lib/algorithms.js'
import { openClientSecret } from '../../storage/key-vault.js'
import type { ClientRecord } from '../../storage/store.js'
import type { ServerContext } from '../types.js'
import { CLIENT_JSON_LIMITS, isJsonObject, parseBoundedJson } from './bounded-json.js'
import { findClient } from './find-client.js'
import type { Params } from './params.js'

/** `client_assertion_type` of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Longest accepted assertion lifetime from now, in seconds; bounds the replay cache too. */
const MAX_LIFETIME = 300
const CLOCK_TOLERANCE = 30

/**
 * Algorithms an endpoint accepts for client assertions, as published in
 * `*_endpoint_auth_signing_alg_values_supported`: the one asymmetric allow-list of runtime/jose
 * when it takes `private_key_jwt`, HMAC when it takes `client_secret_jwt` (on only with a
 * key-encryption key). Never `none`.
 */
export function assertionAlgorithms(methods: readonly string[]): string[] {
  return [
    ...(methods.includes('private_key_jwt') ? SIGNING_ALGORITHMS : []),
    ...(methods.includes('client_secret_jwt') ? HMAC_ALGORITHMS : []),
  ]
}

/**
 * Algorithms one client's assertions may use: its registered `token_endpoint_auth_signing_alg`,
 * or by default every asymmetric algorithm (`private_key_jwt`) or HS256 (`client_secret_jwt`).
 * HMAC is never accepted from a `private_key_jwt` client, nor a public-key algorithm from a
 * `client_secret_jwt` one, so a public key cannot be used as an HMAC secret.
 */
export function clientAssertionAlgorithms(client: ClientRecord): string[] {
  const allowed: readonly string[] =
    client.tokenEndpointAuthMethod === 'private_key_jwt'
      ? SIGNING_ALGORITHMS
      : client.tokenEndpointAuthMethod === 'client_secret_jwt'
        ? HMAC_ALGORITHMS
        : []
  const registered = client.tokenEndpointAuthSigningAlg
  if (registered !== undefined) return allowed.includes(registered) ? [registered] : []
  return client.tokenEndpointAuthMethod === 'client_secret_jwt' ? ['HS256'] : [...allowed]
}

/**
 * Verifies a `private_key_jwt` or `client_secret_jwt` client assertion (RFC 7523 §3, OIDC Core
 * §9): signed by one of the client's registered keys, or with HMAC under its secret (unsealed with
 * the server's key-encryption key), with an algorithm allowed for that client; `iss` = `sub` =
 * client_id, `aud` the issuer or the endpoint, short-lived, and its `jti` never seen before.
 * Returns the client, or `undefined` on any failure so the caller answers with the one
 * `invalid_client` response: a header or payload past `CLIENT_JSON_LIMITS`, and anything the
 * client's stored keys make jose throw (a key nested too deeply to import), included.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function verifyClientAssertion(
  server: ServerContext,
  requestUrl: string,
  params: Params,
): Promise<ClientRecord | undefined> {
  if (params.get('client_assertion_type') !== JWT_BEARER_ASSERTION) return undefined
  const assertion = params.get('client_assertion')
  if (assertion === undefined) return undefined
  const claims = unverifiedClaims(assertion)
  const clientId = claims?.['sub']
  if (claims?.['iss'] !== clientId || typeof clientId !== 'string' || clientId === '') return undefined
  const bodyId = params.get('client_id')
  if (bodyId !== undefined && bodyId !== clientId) return undefined
  const client = await findClient(server, clientId)
  if (!client) return undefined
  const now = server.now()
  const url = new URL(requestUrl)
  let exp: number
  let jti: string
  try {
    // Inside the try: building the key set from a stored client's keys can throw too.
    const key = await verificationKey(server, client)
    const algorithms = clientAssertionAlgorithms(client)
    if (!key || algorithms.length === 0) return undefined
    const { payload } = await jwtVerify(assertion, key, {
      algorithms,
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

/**
 * The claims of a compact JWS, unverified, for finding the client; `undefined` unless its header
 * and payload are JSON objects within `CLIENT_JSON_LIMITS` (jose, which verifies it next, parses
 * without a bound).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
function unverifiedClaims(jws: string): Record<string, unknown> | undefined {
  const parts = jws.split('.')
  if (parts.length !== 3) return undefined
  let header: unknown
  let payload: unknown
  try {
    header = parseBoundedJson(base64urlText(parts[0] ?? ''), CLIENT_JSON_LIMITS)
    payload = parseBoundedJson(base64urlText(parts[1] ?? ''), CLIENT_JSON_LIMITS)
  } catch {
    return undefined
  }
  if (!isJsonObject(header) || !isJsonObject(payload)) return undefined
  return payload
}

/** The UTF-8 text of a base64url segment; throws on anything else. */
function base64urlText(segment: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment))
}

/** The client's public keys, or its unsealed secret as an HMAC key; undefined when it has neither. */
async function verificationKey(
  server: ServerContext,
  client: ClientRecord,
): Promise<JWTVerifyGetKey | undefined> {
  if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
    return client.jwks ? createLocalJWKSet(client.jwks) : undefined
  }
  if (client.tokenEndpointAuthMethod !== 'client_secret_jwt') return undefined
  if (!server.clientSecretKek || !client.clientSecretSealed) return undefined
  let secret: Uint8Array
  try {
    // The octets of the UTF-8 form of the secret are the HMAC key (OIDC Core §16.19).
    secret = new TextEncoder().encode(
      await openClientSecret(client.clientSecretSealed, server.clientSecretKek, client.clientId),
    )
  } catch {
    return undefined
  }
  // RFC 7518 §3.2: an HMAC key at least as long as the hash output, so HS512 needs 64 bytes.
  return async (header) => {
    const need = header.alg === 'HS512' ? 64 : header.alg === 'HS384' ? 48 : 32
    if (secret.length < need) throw new Error('the client secret is too short for this algorithm')
    return secret
  }
}
