/**
 * Percent-encodes a string as RFC 5849 §3.6 requires: UTF-8 bytes, every octet outside the
 * RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`) as `%XX` with uppercase hex. Unlike
 * `encodeURIComponent`, it also encodes `! ' ( ) *`, which is what makes signatures agree.
 * Lone surrogates are encoded as U+FFFD, as the WHATWG UTF-8 encoder does.
 *
 * @example
 * percentEncode('Ladies + Gentlemen') // 'Ladies%20%2B%20Gentlemen'
 * percentEncode('☃') // '%E2%98%83'
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  const bytes = encoder.encode(value)
  let out = ''
  for (const byte of bytes) out += TABLE[byte]
  return out
}

const encoder = new TextEncoder()

const TABLE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const ch = String.fromCharCode(byte)
  return /^[A-Za-z0-9\-._~]$/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
})
