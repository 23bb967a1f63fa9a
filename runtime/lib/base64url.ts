import { nodeBuiltin } from './platform.js'

interface NodeBuffer {
  Buffer: { from(b: ArrayBufferLike, offset: number, length: number): { toString(enc: 'base64url'): string } }
}

// Tokens are encoded on every token request: Node's native encoder where present.
const nodeBuffer = nodeBuiltin<NodeBuffer>('node:buffer')?.Buffer

/**
 * base64url without padding (RFC 4648 §5): Node's encoder where the platform has it, else the
 * platform's `btoa`, so the client core needs no crypto library just to encode bytes.
 */
export function base64urlEncode(bytes: Uint8Array): string {
  if (nodeBuffer)
    return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
  return btoaBase64url(bytes)
}

/** The portable path of `base64urlEncode` (exported so tests cover it on Node too). */
export function btoaBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
