/** One challenge of a `WWW-Authenticate` header. */
export interface Challenge {
  /** The auth-scheme, lower-cased: schemes are case-insensitive (RFC 9110 §11.1). */
  scheme: string
  /** The token68 form of the challenge, when it has one instead of auth-params. */
  token68?: string
  /**
   * auth-params by lower-cased name (names are case-insensitive), quoted values unescaped. A
   * name given twice keeps its first value: RFC 6750 §3 forbids repeats, so a second is noise.
   */
  params: Record<string, string>
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y
// token68 only when nothing but the end of the challenge follows, else it is an auth-param name.
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/y

/**
 * Parses a `WWW-Authenticate` value into its challenges: each an auth-scheme followed by a
 * token68 or by comma-separated `name=value` auth-params (token or quoted-string with `\`
 * escapes). Several header lines may be passed as an array; joined by commas they are one list,
 * as RFC 9110 §5.3 allows. Parsing stops at the first malformed part and returns the challenges
 * before it (a challenge cut short keeps the params read so far), so text inside a quoted string
 * or after garbage is never read as a param.
 *
 * @example
 * const challenges = parseWwwAuthenticate(res.headers.get('www-authenticate'))
 * const bearer = challenges.find((c) => c.scheme === 'bearer')
 * if (bearer?.params['error'] === 'invalid_token') await renew()
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseWwwAuthenticate(value: string | readonly string[] | null | undefined): Challenge[] {
  if (value === null || value === undefined) return []
  const header = typeof value === 'string' ? value : value.join(', ')
  const out: Challenge[] = []
  let i = 0
  const skip = (chars: string): void => {
    while (i < header.length && chars.includes(header[i]!)) i++
  }
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i
    const m = re.exec(header)
    if (!m) return undefined
    i = re.lastIndex
    return m[0]
  }
  const quoted = (): string | undefined => {
    let text = ''
    for (let j = i + 1; j < header.length; j++) {
      const c = header[j]!
      if (c === '"') {
        i = j + 1
        return text
      }
      if (c === '\\') j++
      text += header[j] ?? ''
    }
    return undefined
  }

  for (;;) {
    skip(' \t,')
    if (i >= header.length) return out
    const scheme = match(TOKEN)
    if (!scheme) return out
    // A null prototype, so a param named `__proto__` is data like any other.
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: Object.create(null) }
    out.push(challenge)
    skip(' \t')
    const token68 = match(TOKEN68)
    if (token68 !== undefined) {
      challenge.token68 = token68
      continue
    }
    for (;;) {
      skip(' \t,')
      const start = i
      const name = match(TOKEN)
      if (!name) break
      skip(' \t')
      if (header[i] !== '=') {
        i = start // not a param: the scheme of the next challenge
        break
      }
      i++
      skip(' \t')
      const param = header[i] === '"' ? quoted() : match(TOKEN)
      skip(' \t')
      // A value must end at a comma or the end; anything else makes the param malformed.
      if (param === undefined || (i < header.length && header[i] !== ',')) return out
      const key = name.toLowerCase()
      if (!Object.hasOwn(challenge.params, key)) challenge.params[key] = param
    }
  }
}
