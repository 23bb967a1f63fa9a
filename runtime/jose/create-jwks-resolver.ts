import { type CryptoKey, importJWK, type JSONWebKeySet, type JWK, type JWSHeaderParameters } from 'jose'
import { ArgumentError } from '../errors.js'
import { type KeyMeta, selectKey } from './lib/select-key.js'
import { joseCall } from './lib/token.js'
import { toPublicJwk } from './to-public-jwk.js'
import type { KeyResolver, PublicJwk } from './types.js'

/**
 * A resolver over a JWK Set document (e.g. an OpenID Provider's `jwks_uri`). Keys of types it
 * does not understand, and symmetric keys, are ignored (RFC 7517 §5); private members are
 * never imported. Imported keys are cached per key and algorithm.
 *
 * @example
 * const jwks = await (await fetch(metadata.jwks_uri)).json()
 * await verifyJwt(idToken, createJwksResolver(jwks), { algorithms: ['RS256'] })
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createJwksResolver(jwks: JSONWebKeySet | { keys: readonly PublicJwk[] }): KeyResolver {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) {
    throw new ArgumentError('"jwks" must be a JWK Set ({ keys: [...] })')
  }
  const candidates: { meta: KeyMeta; jwk: PublicJwk; imported: Map<string, Promise<CryptoKey>> }[] = []
  for (const raw of jwks.keys as readonly unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue
    let jwk: PublicJwk
    try {
      jwk = toPublicJwk(raw as JWK)
    } catch {
      continue
    }
    candidates.push({ meta: raw as KeyMeta, jwk, imported: new Map() })
  }
  return async (header: JWSHeaderParameters) => {
    const chosen = selectKey(candidates, (c) => c.meta, header)
    const alg = header.alg as string
    let key = chosen.imported.get(alg)
    if (key === undefined) {
      key = joseCall(async () => (await importJWK(chosen.jwk as JWK, alg)) as CryptoKey)
      chosen.imported.set(alg, key)
      // A failed import must not be cached: the next token gets a fresh attempt and error.
      key.catch(() => chosen.imported.delete(alg))
    }
    return key
  }
}
