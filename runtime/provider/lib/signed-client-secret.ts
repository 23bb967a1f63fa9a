import { importPKCS8, SignJWT } from 'jose'
import { ArgumentError } from '../../errors.js'
import type { ClientAuthApplier } from '../../oauth2/lib/secret-auth.js'
import type { SignedSecretKey } from '../client-types.js'
import type { SignedClientSecretSpec } from '../spec-types.js'

/** Wraps a client authentication so that each request carries a freshly signed client secret. */
export type SignedSecretSupport = (
  spec: SignedClientSecretSpec,
  key: Partial<SignedSecretKey>,
  base: ClientAuthApplier,
  now: () => number,
) => ClientAuthApplier

/**
 * The client owner of `signedClientSecret`: the arguments checked at once, then for every token or
 * revocation request a JWT signed with `spec.alg` — `iss` team id, `kid` key id, `sub` client id,
 * `aud` the spec's audience, `iat` now and `exp` `lifetime` seconds later — passed to `base` as
 * the client secret. A short lifetime and one secret per request: nothing long-lived to leak.
 *
 * @example
 * const auth = signedClientSecret(spec.signedClientSecret, { teamId, keyId, privateKey }, applySecretClientAuth, Date.now)
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
export const signedClientSecret: SignedSecretSupport = (spec, key, base, now) => {
  const { teamId, keyId, privateKey } = key
  if (typeof teamId !== 'string' || teamId === '') throw new ArgumentError('"teamId" is required')
  if (typeof keyId !== 'string' || keyId === '') throw new ArgumentError('"keyId" is required')
  if (typeof privateKey !== 'string' && !(privateKey instanceof CryptoKey)) {
    throw new ArgumentError('"privateKey" must be a PKCS#8 PEM string or a CryptoKey')
  }
  let signingKey: Promise<CryptoKey> | undefined
  const load = async (): Promise<CryptoKey> => {
    if (typeof privateKey !== 'string') return privateKey
    try {
      return await importPKCS8(privateKey, spec.alg)
    } catch {
      throw new ArgumentError(`"privateKey" must be a PKCS#8 PEM ${spec.alg} private key`)
    }
  }
  return async (client, target, context) => {
    signingKey ??= load()
    const iat = Math.floor(now() / 1000)
    const secret = await new SignJWT({})
      .setProtectedHeader({ alg: spec.alg, kid: keyId })
      .setIssuer(teamId)
      .setSubject(client.clientId)
      .setAudience(spec.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + spec.lifetime)
      .sign(await signingKey)
    return base({ ...client, clientSecret: secret }, target, context)
  }
}
