import { percentEncode } from '../percent-encode.js'

/** Formats `OAuth realm="…", name="value", …` with names and values encoded per §3.6 (RFC 5849 §3.5.1). */
export function formatAuthorizationHeader(
  params: Iterable<readonly [string, string]>,
  realm?: string,
): string {
  const parts: string[] = []
  if (realm !== undefined) parts.push(`realm="${realm}"`)
  for (const [name, value] of params) parts.push(`${percentEncode(name)}="${percentEncode(value)}"`)
  return `OAuth ${parts.join(', ')}`
}

export interface ParsedAuthParams {
  /** Every auth-param except `realm`, percent-decoded, in the order received. */
  params: Array<[string, string]>
  realm: string | undefined
}

/**
 * Finds the `OAuth` scheme in an Authorization or WWW-Authenticate value and reads its
 * auth-params (`atStart`: the scheme must come first, as in Authorization). Returns undefined
 * when there is no OAuth scheme, null when it is malformed.
 */
export function parseOAuthAuthParams(
  value: string | null,
  atStart = false,
): ParsedAuthParams | undefined | null {
  if (!value) return undefined
  const start = findScheme(value, atStart)
  if (start < 0) return undefined
  const out: ParsedAuthParams = { params: [], realm: undefined }
  let i = start
  for (;;) {
    while (i < value.length && (value[i] === ',' || value[i] === ' ' || value[i] === '\t')) i++
    if (i >= value.length) return out
    const name = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(value.slice(i))?.[0]
    if (!name) return null
    i += name.length
    while (value[i] === ' ' || value[i] === '\t') i++
    // A token not followed by "=" starts the next challenge (WWW-Authenticate lists several).
    if (value[i] !== '=') return out.params.length > 0 || out.realm !== undefined ? out : null
    i++
    while (value[i] === ' ' || value[i] === '\t') i++
    let raw: string
    if (value[i] === '"') {
      raw = ''
      i++
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\') i++
        raw += value[i] ?? ''
        i++
      }
      if (value[i] !== '"') return null
      i++
    } else {
      raw = /^[^,\s]*/.exec(value.slice(i))![0]
      i += raw.length
    }
    if (name.toLowerCase() === 'realm') {
      out.realm = raw
      continue
    }
    const decoded = decode(name)
    const decodedValue = decode(raw)
    if (decoded === undefined || decodedValue === undefined) return null
    out.params.push([decoded, decodedValue])
  }
}

function findScheme(value: string, atStart: boolean): number {
  // An Authorization header holds one credential, so its scheme comes first.
  const re = atStart ? /^\s*OAuth(?=\s|$)/i : /(^|[\s,])OAuth(?=\s|$)/i
  const m = re.exec(value)
  return m ? m.index + m[0].length : -1
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}
