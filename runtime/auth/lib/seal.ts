import { EncryptJWT, errors, type JWTPayload, jwtDecrypt } from 'jose'

/** Why a sealed value could not be opened. */
export type OpenFailure = 'expired' | 'invalid'

/** Label of each purpose a key is derived for, so a value sealed for one cannot be used as another. */
export type SealPurpose =
  | 'transaction'
  | 'session'
  // authspec/idp: its session cookie, the pending request its forms carry, its signing keys at rest.
  | 'idp-session'
  | 'idp-pending'
  | 'idp-keys'

/** The minimum secret length: 256 bits, the key size of A256GCM. */
export const MIN_SECRET_BYTES = 32

/**
 * Derives one A256GCM key per purpose from the application secret with HKDF-SHA-256 (RFC 5869).
 * Web Crypto only, so it runs on every Fetch runtime.
 */
export async function deriveKey(secret: Uint8Array, purpose: SealPurpose): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', toBuffer(secret), 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new TextEncoder().encode('authspec/auth v1'),
      info: new TextEncoder().encode(`authspec/auth ${purpose} A256GCM`),
    },
    material,
    256,
  )
  return new Uint8Array(bits)
}

/** Encrypts `payload` as a compact JWE (`dir` + `A256GCM`) that expires `ttl` seconds after `now`. */
export async function seal(
  payload: JWTPayload,
  key: Uint8Array,
  audience: string,
  ttl: number,
  now: number,
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .encrypt(key)
}

/** Decrypts and checks a value `seal` produced; never throws. */
export async function open(
  token: string,
  key: Uint8Array,
  audience: string,
  now: number,
): Promise<{ ok: true; payload: JWTPayload } | { ok: false; reason: OpenFailure }> {
  try {
    const { payload } = await jwtDecrypt(token, key, {
      audience,
      currentDate: new Date(now),
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp', 'iat'],
    })
    return { ok: true, payload }
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' }
  }
}

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return copy.buffer
}
