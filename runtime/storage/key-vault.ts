/**
 * The server's signing keys at rest: sealed with a key-encryption key (KEK) before they reach a
 * store, so a dump of the store holds no usable private key.
 *
 * Why `dir` + A256GCM with a 32-byte KEK rather than PBES2 from a passphrase: a random 32-byte key
 * has full entropy, so nothing is lost to a weak passphrase, and opening costs one AES-GCM
 * decryption instead of PBES2's deliberately slow key derivation on every start of every process.
 * Operators keep the KEK outside the store (an environment variable or a secret manager), e.g.
 * `randomToken(32)` once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-4.5
 */

import { base64url, CompactEncrypt, compactDecrypt } from 'jose'
import { ArgumentError } from '../errors.js'
import { KeySet, type KeySetJSON } from '../jose/key-set.js'
import type { Store } from './store.js'

/** A 32-byte key-encryption key, raw or as base64url (what `randomToken(32)` gives). */
export type KeyEncryptionKey = Uint8Array | string

/** Content type in the protected header: marks what the JWE holds. */
const CTY = 'authspec-keyset+json'

function kekBytes(kek: KeyEncryptionKey): Uint8Array {
  let bytes: Uint8Array | undefined
  if (kek instanceof Uint8Array) bytes = kek
  else if (typeof kek === 'string') {
    try {
      bytes = base64url.decode(kek)
    } catch {
      bytes = undefined
    }
  }
  if (bytes?.length !== 32)
    throw new ArgumentError(
      '"kek" must be 32 bytes: a Uint8Array or a base64url string such as randomToken(32)',
    )
  return bytes
}

function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') throw new ArgumentError('"id" must be a non-empty string')
}

/**
 * Seals a key set (its `toJSON()` form) as a compact JWE (`dir`, `A256GCM`). The key set id goes
 * in the integrity-protected header, so a sealed set cannot be swapped in under another id.
 *
 * @example
 * const sealed = await sealKeySet((await KeySet.generate(['ES256'])).toJSON(), process.env.AUTHSPEC_KEK, 'signing')
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-7.1
 */
export async function sealKeySet(keySet: KeySetJSON, kek: KeyEncryptionKey, id = 'signing'): Promise<string> {
  if (!keySet || typeof keySet !== 'object' || !Array.isArray(keySet.current))
    throw new ArgumentError('"keySet" must be the toJSON() form of a KeySet')
  assertId(id)
  const key = kekBytes(kek)
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(keySet)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: CTY, authspec_key_set: id })
    .encrypt(key)
}

/**
 * Opens what `sealKeySet` made. A wrong KEK, a tampered ciphertext or a set sealed under another
 * id throws `ArgumentError` naming `kek`; it never returns a partial key set.
 *
 * @example
 * const json = await openKeySet(record.sealed, process.env.AUTHSPEC_KEK, 'signing')
 * const keys = await KeySet.fromJSON(json)
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-5.2
 */
export async function openKeySet(sealed: string, kek: KeyEncryptionKey, id = 'signing'): Promise<KeySetJSON> {
  if (typeof sealed !== 'string' || sealed === '')
    throw new ArgumentError('"sealed" must be a non-empty string')
  assertId(id)
  const key = kekBytes(kek)
  let plaintext: Uint8Array
  try {
    const r = await compactDecrypt(sealed, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    })
    if (r.protectedHeader.cty !== CTY || r.protectedHeader['authspec_key_set'] !== id)
      throw new Error('not this key set')
    plaintext = r.plaintext
  } catch {
    throw new ArgumentError(
      `"kek" does not open the stored key set "${id}": wrong key-encryption key, or the sealed key set was altered`,
    )
  }
  try {
    return JSON.parse(new TextDecoder().decode(plaintext)) as KeySetJSON
  } catch {
    throw new ArgumentError(`the stored key set "${id}" is not valid JSON`)
  }
}

export interface LoadOrCreateKeySetOptions {
  /** Which key set; default `signing`. */
  id?: string
  /** The key-encryption key that seals the set in the store. */
  kek: KeyEncryptionKey
  /** Makes the first key set, e.g. `() => KeySet.generate(['ES256', 'RS256'])`. */
  create: () => Promise<KeySet | KeySetJSON>
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number
}

/**
 * Returns the key set persisted in `store`, or on the first run creates one, seals it and saves
 * it. Processes starting together all end with the same key set: the save is an insert-if-absent
 * and the losers re-read the winner's set (their own freshly made keys are dropped unused).
 *
 * @example
 * const keys = await loadOrCreateKeySet(store, {
 *   kek: process.env.AUTHSPEC_KEK,
 *   create: () => KeySet.generate(['ES256']),
 * })
 * const server = createAuthorizationServer({ issuer, store, keys })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
export async function loadOrCreateKeySet(store: Store, options: LoadOrCreateKeySetOptions): Promise<KeySet> {
  if (!store || typeof store.getKeySet !== 'function' || typeof store.createKeySet !== 'function')
    throw new ArgumentError('"store" must be a Store with createKeySet and getKeySet')
  if (!options || typeof options !== 'object') throw new ArgumentError('"options" is required')
  const id = options.id ?? 'signing'
  assertId(id)
  kekBytes(options.kek)
  if (typeof options.create !== 'function') throw new ArgumentError('"options.create" must be a function')
  const existing = await store.getKeySet(id)
  if (existing) return KeySet.fromJSON(await openKeySet(existing.sealed, options.kek, id))
  const made = await options.create()
  const json = made instanceof KeySet ? made.toJSON() : made
  const sealed = await sealKeySet(json, options.kek, id)
  const updatedAt = Math.floor((options.now?.() ?? Date.now()) / 1000)
  if (await store.createKeySet({ id, sealed, updatedAt })) return KeySet.fromJSON(json)
  const winner = await store.getKeySet(id)
  if (!winner) throw new ArgumentError(`the store lost key set "${id}" right after refusing to create it`)
  return KeySet.fromJSON(await openKeySet(winner.sealed, options.kek, id))
}

/** Content type of a sealed client secret. */
const SECRET_CTY = 'authspec-client-secret'

/**
 * Seals a `client_secret_jwt` client's secret for its `ClientRecord.clientSecretSealed`: a compact
 * JWE (`dir`, `A256GCM`) under the server's key-encryption key, with the client id in the
 * integrity-protected header so a sealed secret cannot be moved to another client. Secrets of every
 * other method are stored only as hashes; this one must be recoverable because the server verifies
 * HMAC client assertions with it (OIDC Core §9).
 *
 * @example
 * await store.saveClient({ clientId: 'app', tokenEndpointAuthMethod: 'client_secret_jwt',
 *   clientSecretSealed: await sealClientSecret(secret, process.env.AUTHSPEC_KEK, 'app'), ... })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function sealClientSecret(
  secret: string,
  kek: KeyEncryptionKey,
  clientId: string,
): Promise<string> {
  // HS256 needs a key of at least 256 bits (RFC 7518 §3.2); the secret's UTF-8 octets are that key.
  if (typeof secret !== 'string' || new TextEncoder().encode(secret).length < 32)
    throw new ArgumentError('"secret" must be a string of at least 32 bytes, e.g. randomToken(48)')
  if (typeof clientId !== 'string' || clientId === '')
    throw new ArgumentError('"clientId" must be a non-empty string')
  return new CompactEncrypt(new TextEncoder().encode(secret))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: SECRET_CTY, authspec_client: clientId })
    .encrypt(kekBytes(kek))
}

/**
 * Opens what `sealClientSecret` made for `clientId`. A wrong KEK, a tampered value or a secret
 * sealed for another client throws `ArgumentError` naming `kek`.
 *
 * @example
 * const secret = await openClientSecret(client.clientSecretSealed, process.env.AUTHSPEC_KEK, client.clientId)
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-5.2
 */
export async function openClientSecret(
  sealed: string,
  kek: KeyEncryptionKey,
  clientId: string,
): Promise<string> {
  if (typeof sealed !== 'string' || sealed === '')
    throw new ArgumentError('"sealed" must be a non-empty string')
  const key = kekBytes(kek)
  try {
    const r = await compactDecrypt(sealed, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    })
    if (r.protectedHeader.cty !== SECRET_CTY || r.protectedHeader['authspec_client'] !== clientId)
      throw new Error('not this client')
    return new TextDecoder('utf-8', { fatal: true }).decode(r.plaintext)
  } catch {
    throw new ArgumentError(
      '"kek" does not open this client secret: wrong key-encryption key, another client, or an altered value',
    )
  }
}

/** Validates a key-encryption key up front (for server options); returns its 32 bytes. */
export function keyEncryptionKeyBytes(kek: KeyEncryptionKey): Uint8Array {
  return kekBytes(kek)
}
