import { percentEncode } from './percent-encode.js'

/**
 * Normalizes request parameters (RFC 5849 §3.4.1.3.2): each name and value percent-encoded,
 * sorted by encoded name then encoded value (byte order; repeated names are all kept), each
 * pair joined with `=`, and the pairs joined with `&`. The result does not depend on the
 * order of `pairs`.
 *
 * @example
 * normalizeParameters([['b', '2'], ['a', 'x y'], ['a', '1']]) // 'a=1&a=x%20y&b=2'
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.2
 */
export function normalizeParameters(pairs: Iterable<readonly [string, string]>): string {
  const encoded: string[][] = []
  for (const [name, value] of pairs) encoded.push([percentEncode(name), percentEncode(value)])
  // Encoded strings are pure ASCII, so code-unit comparison equals byte-order comparison.
  encoded.sort((a, b) => compare(a[0]!, b[0]!) || compare(a[1]!, b[1]!))
  return encoded.map(([n, v]) => `${n}=${v}`).join('&')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
