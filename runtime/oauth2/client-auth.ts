import { importJWK, type JWK, SignJWT } from 'jose'
import { ArgumentError } from '../errors.js'
import { randomToken } from '../lib/random.js'
import {
  applySecretAuth,
  type ClientAuthContext,
  type ClientAuthTarget,
  requireSecret,
  resolveAuthMethod,
} from './lib/secret-auth.js'
import type { ClientConfig } from './types.js'

export type { ClientAuthApplier, ClientAuthContext, ClientAuthTarget } from './lib/secret-auth.js'
export { resolveAuthMethod }

/** RFC 7521 §4.2 value of `client_assertion_type` for JWT assertions. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Seconds a client assertion stays valid: short, since it is a bearer credential. */
const ASSERTION_LIFETIME = 60

/**
 * Adds client authentication to a request for the token, revocation, introspection or device
 * authorization endpoint. `client_secret_basic` form-encodes id and secret before base64
 * (RFC 6749 §2.3.1), so a secret with `:` or `%` survives; the JWT methods sign a short-lived
 * assertion (RFC 7523 §2.2, OIDC Core §9) with `iss` = `sub` = client id and a random `jti`.
 *
 * @example
 * const body = new URLSearchParams({ grant_type: 'client_credentials' })
 * const headers = new Headers()
 * await applyClientAuth(client, { body, headers }, { endpoint: new URL(metadata.token_endpoint) })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function applyClientAuth(
  client: ClientConfig,
  target: ClientAuthTarget,
  context: ClientAuthContext,
): Promise<void> {
  const method = resolveAuthMethod(client)
  if (applySecretAuth(client, target, method)) return
  switch (method) {
    case 'client_secret_jwt': {
      const alg = client.assertionAlg ?? 'HS256'
      if (!alg.startsWith('HS'))
        throw new ArgumentError('"client.assertionAlg" must be HS256/384/512 for client_secret_jwt')
      const key = new TextEncoder().encode(requireSecret(client, method))
      setAssertion(target, client, await signAssertion(client, context, alg, key, undefined))
      return
    }
    case 'private_key_jwt': {
      const pk = client.privateKey
      if (!pk) throw new ArgumentError('"client.privateKey" is required for private_key_jwt')
      const alg = pk.alg ?? client.assertionAlg ?? defaultAlg(pk.key)
      const key = isCryptoKey(pk.key) ? pk.key : await importPrivateJwk(pk.key, alg)
      setAssertion(target, client, await signAssertion(client, context, alg, key, pk.kid ?? jwkKid(pk.key)))
      return
    }
    default:
      throw new ArgumentError(`"client.authMethod" is not supported: ${JSON.stringify(method)}`)
  }
}

function setAssertion(target: ClientAuthTarget, client: ClientConfig, assertion: string): void {
  target.body.set('client_id', client.clientId)
  target.body.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE)
  target.body.set('client_assertion', assertion)
}

async function signAssertion(
  client: ClientConfig,
  context: ClientAuthContext,
  alg: string,
  key: CryptoKey | Uint8Array,
  kid: string | undefined,
): Promise<string> {
  let audience = context.endpoint.href
  if (client.assertionAudience === 'issuer') {
    if (!context.issuer)
      throw new ArgumentError('"assertionAudience: issuer" needs "metadata" with an issuer')
    audience = context.issuer
  }
  const iat = Math.floor((context.now ?? Date.now)() / 1000)
  return new SignJWT({})
    .setProtectedHeader(kid === undefined ? { alg } : { alg, kid })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience(audience)
    .setJti(randomToken(16))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME)
    .sign(key)
}

function isCryptoKey(key: CryptoKey | JsonWebKey): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey
}

async function importPrivateJwk(jwk: JsonWebKey, alg: string): Promise<CryptoKey> {
  if (typeof jwk.d !== 'string')
    throw new ArgumentError('"client.privateKey.key" must be a private JWK (with "d")')
  const key = await importJWK(jwk as JWK, alg)
  if (key instanceof Uint8Array) throw new ArgumentError('"client.privateKey.key" must be an asymmetric key')
  return key
}

function jwkKid(key: CryptoKey | JsonWebKey): string | undefined {
  if (isCryptoKey(key)) return undefined
  const kid = (key as { kid?: unknown }).kid
  return typeof kid === 'string' ? kid : undefined
}

/** The algorithm a key implies when none is configured. */
function defaultAlg(key: CryptoKey | JsonWebKey): string {
  if (isCryptoKey(key)) {
    const a = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string }
    const bits = a.hash?.name.replace('SHA-', '') ?? '256'
    if (a.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`
    if (a.name === 'RSA-PSS') return `PS${bits}`
    if (a.name === 'ECDSA') return curveAlg(a.namedCurve)
    if (a.name === 'Ed25519' || a.name === 'EdDSA') return 'EdDSA'
    throw new ArgumentError(`"client.privateKey" algorithm ${a.name} is not usable for signing; set "alg"`)
  }
  if (typeof key.alg === 'string') return key.alg
  if (key.kty === 'RSA') return 'RS256'
  if (key.kty === 'EC') return curveAlg(key.crv)
  if (key.kty === 'OKP') return 'EdDSA'
  throw new ArgumentError('"client.privateKey.alg" is required for this key type')
}

function curveAlg(crv: string | undefined): string {
  if (crv === 'P-256') return 'ES256'
  if (crv === 'P-384') return 'ES384'
  if (crv === 'P-521') return 'ES512'
  throw new ArgumentError(`"client.privateKey" curve ${String(crv)} is not supported; set "alg"`)
}
