import type { JWSHeaderParameters } from 'jose'
import { ArgumentError, OAuthError } from '../errors.js'
import { keyShapeFor } from '../jose/lib/algorithms.js'
import { JwkSetKeys } from '../jose/lib/jwk-set.js'
import { keyQuery, noMatchingKey } from '../jose/lib/select-key.js'
import { assertSecureUrl, type HttpOptions, httpRequest } from '../lib/http.js'
import { decodeBody, validate } from '../lib/json-response.js'
import { type Jwks, JwksSchema, type KeyResolver } from './types.js'

/** Options of `createRemoteJwks`; every HTTP option applies to each fetch of the set. */
export interface RemoteJwksOptions extends HttpOptions {
  /** Milliseconds a fetched set is used before it is fetched again. Default 600 000 (10 min). */
  cacheMaxAge?: number | undefined
  /**
   * Milliseconds after a fetch during which a key miss does not fetch again. Default 30 000.
   * It bounds how often tokens with made-up `kid`s can make us call the JWKS endpoint.
   */
  cooldown?: number | undefined
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: (() => number) | undefined
  /** Extra request headers (e.g. `User-Agent`). */
  headers?: Record<string, string> | undefined
}

/** A key resolver over a remote JWKS, plus a way to look at and refresh its cache. */
export interface RemoteJwks extends KeyResolver {
  /** Fetches the set now (sharing a fetch already in flight) and returns it. */
  reload(): Promise<Jwks>
  /** The set in the cache, if one was fetched. */
  cached(): Jwks | undefined
}

/** A fetched set with its selectable keys (and their import cache, which lives as long as the set). */
interface LoadedSet {
  jwks: Jwks
  keys: JwkSetKeys
}

const DEFAULT_MAX_AGE = 10 * 60_000
const DEFAULT_COOLDOWN = 30_000

function duration(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new ArgumentError(`"${name}" must be a non-negative number of milliseconds`)
  }
  return value
}

async function fetchJwks(url: URL, opts: RemoteJwksOptions): Promise<Jwks> {
  const headers = { accept: 'application/jwk-set+json, application/json', ...opts.headers }
  const res = await httpRequest(url, { method: 'GET', headers }, opts)
  if (res.status !== 200) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `JWKS endpoint answered HTTP ${res.status}`,
      status: res.status,
    })
  }
  return validate(JwksSchema, decodeBody(res), res.status)
}

/**
 * Creates a key resolver backed by a provider's `jwks_uri`, for `validateIdToken`, `fetchUserInfo`
 * or directly as the key argument of `jose`'s `jwtVerify`.
 *
 * The set is fetched on first use and again after `cacheMaxAge`. When no key matches a token
 * (typically a new `kid` after the provider rotated its keys) the set is fetched once more, unless
 * a fetch happened within `cooldown`; then `JWKS_NO_MATCHING_KEY` is thrown. Keys are selected
 * and imported as by `createJwksResolver` of authspec's jose layer: only the header's `kid` and
 * `alg` are read, exactly one candidate must match (ambiguity is refused, and does not refetch),
 * only public members are imported, and embedded `jwk`, `jku`, `x5u` and `x5c` are never used.
 *
 * @example
 * const keys = createRemoteJwks(metadata.jwks_uri!, { timeout: 5000 })
 * const claims = await validateIdToken(idToken, { issuer, clientId, keys, nonce })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createRemoteJwks(jwksUri: string | URL, options: RemoteJwksOptions = {}): RemoteJwks {
  const url = assertSecureUrl(jwksUri, 'jwksUri', options)
  const maxAge = duration(options.cacheMaxAge, DEFAULT_MAX_AGE, 'cacheMaxAge')
  const cooldown = duration(options.cooldown, DEFAULT_COOLDOWN, 'cooldown')
  const now = options.now ?? Date.now
  let current: LoadedSet | undefined
  let fetchedAt = Number.NEGATIVE_INFINITY
  // Cooldown counts from the last attempt, failed ones included, so a failing endpoint is not hammered.
  let attemptedAt = Number.NEGATIVE_INFINITY
  let inflight: Promise<LoadedSet> | undefined

  const load = (): Promise<LoadedSet> => {
    if (!inflight) {
      attemptedAt = now()
      inflight = fetchJwks(url, options)
        .then((jwks) => {
          current = { jwks, keys: new JwkSetKeys(jwks.keys) }
          fetchedAt = now()
          return current
        })
        .finally(() => {
          inflight = undefined
        })
    }
    return inflight
  }

  const resolve = async (protectedHeader: JWSHeaderParameters): Promise<CryptoKey> => {
    const query = keyQuery(protectedHeader)
    // An alg no JWK can carry (HS*, none, unknown) must not cost a fetch of the set.
    if (!keyShapeFor(query.alg))
      throw noMatchingKey(`no JWKS key can verify alg ${JSON.stringify(query.alg)}`)
    let set = current && now() - fetchedAt < maxAge ? current : await load()
    let selection = set.keys.select(query)
    if (selection.kind === 'none' && now() - attemptedAt >= cooldown) {
      set = await load()
      selection = set.keys.select(query)
    }
    if (selection.kind !== 'match') throw noMatchingKey(selection.reason)
    return set.keys.importKey(selection.key, query.alg)
  }

  return Object.assign(resolve, {
    reload: async () => (await load()).jwks,
    cached: () => current?.jwks,
  })
}
