/**
 * base64url without padding (RFC 4648 §5) on the platform's `btoa`, so the client core needs no
 * crypto library just to encode random bytes and digests.
 */
export function base64urlEncode(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
