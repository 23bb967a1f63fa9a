import { base64urlEncode } from './base64url.js'

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

interface SyncHash {
  createHash(alg: string): { update(data: string, encoding: 'utf8'): { digest(): Uint8Array } }
}

// Web Crypto's digest runs on a thread pool: ~70-100 µs of CPU per call against ~4 µs for a
// synchronous hash, and token endpoints hash on every request. Where the platform offers a
// synchronous hash without a static `node:` import (Node >= 20.16), use it; elsewhere Web Crypto.
const syncHash = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as SyncHash | undefined

/** Digest of a UTF-8 string with SHA-256/384/512 (`sha256` … names as Web Crypto's `SHA-256`). */
export async function digest(alg: 'SHA-256' | 'SHA-384' | 'SHA-512', value: string): Promise<Uint8Array> {
  if (syncHash) return syncHash.createHash(alg.replace('-', '').toLowerCase()).update(value, 'utf8').digest()
  return new Uint8Array(await crypto.subtle.digest(alg, new TextEncoder().encode(value)))
}

/** SHA-256 of a UTF-8 string, base64url-encoded (PKCE S256, token hashes). */
export async function sha256Base64url(value: string): Promise<string> {
  return base64urlEncode(await digest('SHA-256', value))
}

/**
 * `at_hash` / `c_hash`: base64url of the left half of the value's hash (OIDC Core §3.3.2.11).
 * The caller picks the hash from the ID token's signing algorithm.
 */
export async function leftHalfHash(value: string, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): Promise<string> {
  const d = await digest(hash, value)
  return base64urlEncode(d.slice(0, d.length / 2))
}
