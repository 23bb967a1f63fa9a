import { type CryptoKey, importJWK, type JWK, type JWSHeaderParameters } from 'jose'
import { OAuthError } from '../../errors.js'
import { toPublicJwk } from '../to-public-jwk.js'
import type { PublicJwk } from '../types.js'
import {
  type KeyMeta,
  type KeyQuery,
  keyQuery,
  matchKey,
  noMatchingKey,
  type Selection,
} from './select-key.js'

/** One usable key of a set: what selection reads, what is imported, and the imports so far. */
export interface JwkCandidate {
  readonly meta: KeyMeta
  readonly jwk: PublicJwk
  readonly imported: Map<string, Promise<CryptoKey>>
}

/**
 * The verification keys of one JWK Set document. Keys of a type this code does not understand,
 * symmetric keys and malformed keys are ignored (RFC 7517 §5); only public members are ever
 * imported, so a private key a server publishes by mistake still verifies as a public key.
 * Imported keys are cached per key and alg for the life of the set.
 */
export class JwkSetKeys {
  readonly #candidates: JwkCandidate[] = []

  constructor(keys: readonly unknown[]) {
    for (const raw of keys) {
      if (typeof raw !== 'object' || raw === null) continue
      let jwk: PublicJwk
      try {
        jwk = toPublicJwk(raw as JWK)
      } catch {
        continue
      }
      this.#candidates.push({ meta: raw as KeyMeta, jwk, imported: new Map() })
    }
  }

  /** The one key for a header's `alg` and `kid` (rule: `matchKey`). */
  select(query: KeyQuery): Selection<JwkCandidate> {
    return matchKey(this.#candidates, (c) => c.meta, query)
  }

  /** Imports a selected key for `alg`, once; a failed import is not cached, so the next try is fresh. */
  importKey(candidate: JwkCandidate, alg: string): Promise<CryptoKey> {
    const cached = candidate.imported.get(alg)
    if (cached) return cached
    const key = importJWK(candidate.jwk as JWK, alg).then(
      (imported) => imported as CryptoKey,
      (cause: unknown) => {
        candidate.imported.delete(alg)
        throw new OAuthError('INVALID_RESPONSE', {
          error: 'invalid_response',
          error_description: `JWKS key ${JSON.stringify(candidate.jwk.kid ?? '(no kid)')} cannot be imported for ${alg}`,
          cause,
        })
      },
    )
    candidate.imported.set(alg, key)
    return key
  }

  /** Selects and imports the key for a header, or throws `JWKS_NO_MATCHING_KEY`. */
  async resolve(header: JWSHeaderParameters): Promise<CryptoKey> {
    const query = keyQuery(header)
    const selection = this.select(query)
    if (selection.kind !== 'match') throw noMatchingKey(selection.reason)
    return this.importKey(selection.key, query.alg)
  }
}
