/**
 * Keeps a post-login destination only when it is a path on this origin; anything else becomes
 * `'/'`. Accepted: a string starting with exactly one `/` (not `//`, not `/\`), with no backslash
 * and no control character anywhere (browsers drop tabs and newlines, turning `/\t/evil` into
 * `//evil`), that resolves to the same origin. This stops open redirects through `returnTo`.
 *
 * @example
 * sanitizeReturnTo('/settings?tab=2') // '/settings?tab=2'
 * sanitizeReturnTo('https://evil.example/') // '/'
 * sanitizeReturnTo('//evil.example/') // '/'
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.11
 */
export function sanitizeReturnTo(returnTo: unknown): string {
  if (typeof returnTo !== 'string' || returnTo.length === 0 || returnTo.length > 2048) return '/'
  if (returnTo[0] !== '/' || returnTo[1] === '/' || returnTo[1] === '\\') return '/'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\\\u0000-\u001f\u007f]/.test(returnTo)) return '/'
  const base = 'http://return-to.invalid'
  let url: URL
  try {
    url = new URL(returnTo, base)
  } catch {
    return '/'
  }
  return url.origin === base ? returnTo : '/'
}
