import { base64urlEncode } from './base64url.js'
import { nodeBuiltin } from './platform.js'

/** A URL-safe random string carrying `bytes` bytes of entropy from the platform CSPRNG. */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes)
  crypto.getRandomValues(buf)
  return base64urlEncode(buf)
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Web-standard (no `node:crypto`) so the core runs on every Fetch runtime.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const enc = new TextEncoder()
  const ab = enc.encode(a)
  const bb = enc.encode(b)
  const len = Math.max(ab.length, bb.length)
  let diff = ab.length ^ bb.length
  for (let i = 0; i < len; i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0)
  return diff === 0
}

interface NodeCrypto {
  createHash(alg: string): {
    update(data: string, encoding: 'utf8'): { digest(): Uint8Array; digest(enc: 'base64url'): string }
  }
  /** One-shot digest (Node >= 20.12), without a Hash object. */
  hash?: (alg: 'sha256', data: string, encoding: 'base64url') => string
}

// Web Crypto's digest runs on a thread pool: ~70-100 µs of CPU per call against ~4 µs for a
// synchronous hash, and token endpoints hash on every request. Where the platform offers a
// synchronous hash, use it; elsewhere Web Crypto.
const nodeCrypto = nodeBuiltin<NodeCrypto>('node:crypto')

/** Digest of a UTF-8 string with SHA-256/384/512 (`sha256` … names as Web Crypto's `SHA-256`). */
export async function digest(alg: 'SHA-256' | 'SHA-384' | 'SHA-512', value: string): Promise<Uint8Array> {
  if (nodeCrypto)
    return nodeCrypto.createHash(alg.replace('-', '').toLowerCase()).update(value, 'utf8').digest()
  return new Uint8Array(await crypto.subtle.digest(alg, new TextEncoder().encode(value)))
}

/** SHA-256 of a UTF-8 string, base64url-encoded (PKCE S256, token hashes). */
export function sha256Base64url(value: string): Promise<string> {
  if (nodeCrypto?.hash) return Promise.resolve(nodeCrypto.hash('sha256', value, 'base64url'))
  if (nodeCrypto)
    return Promise.resolve(nodeCrypto.createHash('sha256').update(value, 'utf8').digest('base64url'))
  return digest('SHA-256', value).then(base64urlEncode)
}

/**
 * `at_hash` / `c_hash`: base64url of the left half of the value's hash (OIDC Core §3.3.2.11).
 * The caller picks the hash from the ID token's signing algorithm.
 */
export async function leftHalfHash(value: string, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): Promise<string> {
  const d = await digest(hash, value)
  return base64urlEncode(d.slice(0, d.length / 2))
}
