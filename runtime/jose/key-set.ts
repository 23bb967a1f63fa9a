import type { JWSHeaderParameters } from 'jose'
import { ArgumentError } from '../errors.js'
import { exportSigningKey } from './export-signing-key.js'
import { generateSigningKey } from './generate-signing-key.js'
import { importSigningKey } from './import-signing-key.js'
import { selectKey } from './lib/select-key.js'
import { assertSigningKey } from './lib/signing-key.js'
import { toPublicJwk } from './to-public-jwk.js'
import type { KeyResolver, PrivateJwk, PublicJwk, SigningAlgorithm, SigningKey } from './types.js'

export interface KeySetOptions {
  /** How many retired keys per algorithm stay published for verification; default 1, at most 20. */
  keepPrevious?: number
}

/** The persisted form of a `KeySet`: private JWKs, so store it as a secret. */
export interface KeySetJSON {
  keepPrevious: number
  /** One current key per algorithm; the first is the default signing key. */
  current: PrivateJwk[]
  /** Retired keys still published, newest first within each algorithm. */
  previous: PrivateJwk[]
}

interface Slot {
  current: SigningKey
  previous: SigningKey[]
}

const MAX_KEEP_PREVIOUS = 20

/**
 * Signing keys with rotation: one current key per algorithm (so RS256 and ES256 can be served
 * at once) plus the last `keepPrevious` retired keys per algorithm, which stay in the public JWKS
 * so tokens signed before a rotation still verify until they expire.
 *
 * @example
 * const keys = await KeySet.generate(['RS256', 'ES256'])
 * const token = await signJwt({ sub: 'u1' }, keys.current('ES256'))
 * await keys.rotate(await generateSigningKey('ES256')) // old ES256 key stays published
 * app.get('/jwks', () => Response.json(keys.publicJwks()))
 * await verifyJwt(token, keys.resolver(), { algorithms: ['ES256'] })
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
export class KeySet {
  readonly keepPrevious: number
  readonly #slots = new Map<SigningAlgorithm, Slot>()
  readonly #privateJwks = new Map<string, PrivateJwk>()

  constructor(options: KeySetOptions = {}) {
    const keep = options.keepPrevious ?? 1
    if (!Number.isInteger(keep) || keep < 0 || keep > MAX_KEEP_PREVIOUS) {
      throw new ArgumentError(`"options.keepPrevious" must be an integer from 0 to ${MAX_KEEP_PREVIOUS}`)
    }
    this.keepPrevious = keep
  }

  /** A key set with a freshly generated current key for each algorithm; the first is the default. */
  static async generate(algs: readonly SigningAlgorithm[], options: KeySetOptions = {}): Promise<KeySet> {
    if (!Array.isArray(algs) || algs.length === 0) throw new ArgumentError('"algs" must be a non-empty array')
    if (new Set(algs).size !== algs.length) throw new ArgumentError('"algs" must not repeat an algorithm')
    const set = new KeySet(options)
    for (const alg of algs) await set.rotate(await generateSigningKey(alg))
    return set
  }

  /** Restores a key set written by `toJSON()`. */
  static async fromJSON(json: KeySetJSON): Promise<KeySet> {
    if (
      typeof json !== 'object' ||
      json === null ||
      !Array.isArray(json.current) ||
      !Array.isArray(json.previous)
    ) {
      throw new ArgumentError(
        '"json" must be a KeySetJSON ({ keepPrevious, current: [...], previous: [...] })',
      )
    }
    const set = new KeySet({ keepPrevious: json.keepPrevious })
    for (const jwk of json.current) await set.rotate(await importSigningKey(jwk))
    for (const jwk of json.previous) {
      const key = await importSigningKey(jwk)
      const slot = set.#slots.get(key.alg)
      if (!slot) throw new ArgumentError(`"json.previous" has a ${key.alg} key but no current ${key.alg} key`)
      set.#register(key, await exportSigningKey(key))
      slot.previous.push(key)
      set.#trim(slot)
    }
    return set
  }

  /**
   * Makes `key` the current key for its algorithm; the key it replaces stays published as a
   * previous key, and the oldest previous keys beyond `keepPrevious` are dropped.
   * Returns the replaced key, if there was one.
   */
  async rotate(key: SigningKey): Promise<SigningKey | undefined> {
    assertSigningKey(key, 'key')
    // Exported now, while async is allowed, so that toJSON() can stay synchronous.
    const jwk = await exportSigningKey(key)
    this.#register(key, jwk)
    const slot = this.#slots.get(key.alg)
    if (!slot) {
      this.#slots.set(key.alg, { current: key, previous: [] })
      return undefined
    }
    const replaced = slot.current
    slot.current = key
    slot.previous.unshift(replaced)
    this.#trim(slot)
    return replaced
  }

  /** Drops a retired key at once (e.g. it leaked). The current key of an algorithm cannot be removed. */
  remove(kid: string): boolean {
    for (const slot of this.#slots.values()) {
      if (slot.current.kid === kid)
        throw new ArgumentError(`"kid" ${kid} is a current key; rotate it out first`)
      const i = slot.previous.findIndex((k) => k.kid === kid)
      if (i >= 0) {
        slot.previous.splice(i, 1)
        this.#privateJwks.delete(kid)
        return true
      }
    }
    return false
  }

  /** The current signing key for `alg`, or for the default (first configured) algorithm. */
  current(alg?: SigningAlgorithm): SigningKey {
    if (alg === undefined) {
      const first = this.#slots.values().next()
      if (first.done) throw new ArgumentError('the key set is empty; rotate a key in first')
      return first.value.current
    }
    const slot = this.#slots.get(alg)
    if (!slot)
      throw new ArgumentError(
        `"alg" ${alg} has no key in this key set (has: ${this.algorithms().join(', ')})`,
      )
    return slot.current
  }

  /** The algorithms with a current key, default first. */
  algorithms(): SigningAlgorithm[] {
    return [...this.#slots.keys()]
  }

  /** Every key, current keys first, then previous keys newest first. */
  keys(): SigningKey[] {
    const slots = [...this.#slots.values()]
    return [...slots.map((s) => s.current), ...slots.flatMap((s) => s.previous)]
  }

  /** The key with this `kid`, current or previous. */
  get(kid: string): SigningKey | undefined {
    return this.keys().find((k) => k.kid === kid)
  }

  /** The JWK Set to publish (`jwks_uri`): public members only, rebuilt by allow-list each call. */
  publicJwks(): { keys: PublicJwk[] } {
    return { keys: this.keys().map((k) => toPublicJwk(k.publicJwk)) }
  }

  /** A resolver for `verifyJwt` / jose's `jwtVerify` that follows later rotations. */
  resolver(): KeyResolver {
    return (header: JWSHeaderParameters) => selectKey(this.keys(), (k) => k.publicJwk, header).publicKey
  }

  /** The persisted form, with private keys. `JSON.stringify(keySet)` uses it. */
  toJSON(): KeySetJSON {
    const slots = [...this.#slots.values()]
    const jwk = (k: SigningKey): PrivateJwk => structuredClone(this.#privateJwks.get(k.kid)!)
    return {
      keepPrevious: this.keepPrevious,
      current: slots.map((s) => jwk(s.current)),
      previous: slots.flatMap((s) => s.previous.map(jwk)),
    }
  }

  #register(key: SigningKey, jwk: PrivateJwk): void {
    // Two keys under one kid would make selection ambiguous and let one shadow the other.
    if (this.#privateJwks.has(key.kid))
      throw new ArgumentError(`"key.kid" ${key.kid} is already in this key set`)
    this.#privateJwks.set(key.kid, jwk)
  }

  #trim(slot: Slot): void {
    for (const dropped of slot.previous.splice(this.keepPrevious)) this.#privateJwks.delete(dropped.kid)
  }
}
