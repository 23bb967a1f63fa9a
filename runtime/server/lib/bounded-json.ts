/** How deep and how large a JSON text from a client may be. */
export interface JsonLimits {
  /** Most nested arrays and objects, counting the outermost one (`{}` is depth 1). */
  maxDepth: number
  /** Most UTF-8 bytes. */
  maxBytes: number
}

/**
 * Limits for every JSON text the server takes from clients: registration bodies, the `claims`
 * parameter, the header and payload of client assertions. Client metadata is at most five deep
 * (`{ jwks: { keys: [ { x5c: [ … ] } ] } }`); 20 leaves room for extensions and stays far below
 * the thousands of levels at which `JSON.stringify`, `structuredClone` and key import overflow the
 * stack.
 */
export const CLIENT_JSON_LIMITS: Readonly<JsonLimits> = { maxDepth: 20, maxBytes: 64 * 1024 }

/**
 * `JSON.parse` for untrusted text, refusing texts past `limits` before parsing them, so nothing
 * the server later does with the value (store it, clone it, import it as a key) can overflow the
 * stack. Throws a `SyntaxError` whose message is fit for an `error_description`: `not valid
 * JSON`, `nested too deeply` or `too large`.
 *
 * @example
 * const metadata = parseBoundedJson(await request.text(max), CLIENT_JSON_LIMITS)
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-9
 */
export function parseBoundedJson(text: string, limits: Readonly<JsonLimits>): unknown {
  // Each UTF-16 unit is at least one UTF-8 byte and at most three.
  if (text.length > limits.maxBytes) throw new SyntaxError('too large')
  if (text.length * 3 > limits.maxBytes && new TextEncoder().encode(text).byteLength > limits.maxBytes) {
    throw new SyntaxError('too large')
  }
  if (nestingExceeds(text, limits.maxDepth)) throw new SyntaxError('nested too deeply')
  try {
    return JSON.parse(text)
  } catch {
    throw new SyntaxError('not valid JSON')
  }
}

/** Whether a parsed JSON value is an object (not `null`, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPENERS = new Set([0x5b, 0x7b])
const CLOSERS = new Set([0x5d, 0x7d])

/**
 * Whether brackets outside strings nest deeper than `max`: one pass, no recursion. On text that
 * is not JSON the count may be off, but `JSON.parse` refuses such text anyway.
 */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (OPENERS.has(c)) {
      if (++depth > max) return true
    } else if (CLOSERS.has(c)) {
      depth--
    }
  }
  return false
}
