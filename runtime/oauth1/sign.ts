import { ArgumentError } from '../errors.js'
import { constantTimeEqual } from '../lib/random.js'
import { fromBase64, toBase64 } from './lib/base64.js'
import { rsaPrivateKey, rsaPublicKey, type ShaName } from './lib/keys.js'
import { percentEncode } from './percent-encode.js'
import type { RsaPrivateKey, RsaPublicKey, SignatureMethod } from './types.js'

/** Secrets and keys a signature method may use; which ones it needs depends on the method. */
export interface SignatureKeys {
  /** Client shared secret (HMAC-*, PLAINTEXT). */
  consumerSecret?: string | undefined
  /** Token shared secret (HMAC-*, PLAINTEXT); empty when there is no token. */
  tokenSecret?: string | undefined
  /** Client private key (RSA-*, signing). */
  privateKey?: RsaPrivateKey | undefined
}

/** Keys that check a signature: the shared secrets, or the client's RSA public key. */
export interface VerificationKeys {
  consumerSecret?: string | undefined
  tokenSecret?: string | undefined
  publicKey?: RsaPublicKey | undefined
}

export const SIGNATURE_METHODS: readonly SignatureMethod[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'RSA-SHA1',
  'RSA-SHA256',
  'PLAINTEXT',
]

/** The digest a signature method (and its `oauth_body_hash`) uses. */
export function methodHash(method: SignatureMethod): ShaName {
  return method.endsWith('SHA256') ? 'SHA-256' : 'SHA-1'
}

/**
 * Computes `oauth_signature` (not yet percent-encoded) for a signature base string:
 * HMAC-SHA1/HMAC-SHA256 keyed with `encode(consumer secret)&encode(token secret)` (§3.4.2),
 * RSA-SHA1/RSA-SHA256 as RSASSA-PKCS1-v1_5 with the client's private key (§3.4.3), or PLAINTEXT,
 * the key itself (§3.4.4). Cryptography is the platform's Web Crypto.
 *
 * @example
 * await createSignature('HMAC-SHA1', baseString, { consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' })
 * // 'MdpQcU8iPSUjWoN/UDMsK2sui9I='
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export async function createSignature(
  method: SignatureMethod,
  baseString: string,
  keys: SignatureKeys,
): Promise<string> {
  switch (method) {
    case 'PLAINTEXT':
      return sharedKey(keys)
    case 'HMAC-SHA1':
    case 'HMAC-SHA256': {
      const key = await hmacKey(sharedKey(keys), methodHash(method))
      return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(baseString))))
    }
    case 'RSA-SHA1':
    case 'RSA-SHA256': {
      if (keys.privateKey === undefined) {
        throw new ArgumentError(`"consumer.privateKey" is required for ${method}`)
      }
      const key = await rsaPrivateKey(keys.privateKey, methodHash(method), 'consumer.privateKey')
      return toBase64(new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, utf8(baseString))))
    }
    default:
      throw new ArgumentError(`"signatureMethod" must be one of ${SIGNATURE_METHODS.join(', ')}`)
  }
}

/**
 * Checks a received `oauth_signature` (already percent-decoded) against a base string.
 * Shared-secret methods recompute and compare in constant time; RSA methods verify with the
 * client's public key. Returns false for any mismatch or malformed signature.
 *
 * @example
 * await verifySignature('HMAC-SHA1', baseString, params.oauth_signature, { consumerSecret, tokenSecret })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export async function verifySignature(
  method: SignatureMethod,
  baseString: string,
  signature: string,
  keys: VerificationKeys,
): Promise<boolean> {
  switch (method) {
    case 'PLAINTEXT':
    case 'HMAC-SHA1':
    case 'HMAC-SHA256':
      if (keys.consumerSecret === undefined) return false
      return constantTimeEqual(await createSignature(method, baseString, keys), signature)
    case 'RSA-SHA1':
    case 'RSA-SHA256': {
      if (keys.publicKey === undefined) return false
      const sig = fromBase64(signature)
      if (!sig) return false
      const key = await rsaPublicKey(keys.publicKey, methodHash(method), 'publicKey')
      return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, sig, utf8(baseString))
    }
    default:
      return false
  }
}

function sharedKey(keys: SignatureKeys): string {
  if (keys.consumerSecret === undefined) {
    throw new ArgumentError('"consumer.secret" is required for HMAC-* and PLAINTEXT signatures')
  }
  return `${percentEncode(keys.consumerSecret)}&${percentEncode(keys.tokenSecret ?? '')}`
}

async function hmacKey(secret: string, hash: ShaName): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash }, false, ['sign'])
}

function utf8(value: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(value)
}
