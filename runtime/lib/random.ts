import { base64url } from 'jose'

/** A URL-safe random string carrying `bytes` bytes of entropy from the platform CSPRNG. */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes)
  crypto.getRandomValues(buf)
  return base64url.encode(buf)
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

/** SHA-256 of a UTF-8 string, base64url-encoded (PKCE S256, token hashes). */
export async function sha256Base64url(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))
  return base64url.encode(new Uint8Array(digest))
}
