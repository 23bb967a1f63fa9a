/** Auth-params of the first challenge of a `WWW-Authenticate` header, with its scheme lower-cased. */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

// auth-param = token "=" ( token / quoted-string ), RFC 9110 §11.2.
const PARAM = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/y

/**
 * Parses the first challenge, enough to read RFC 6750 §3 `error`, `error_description`, `error_uri`.
 * Later challenges (a second scheme) are ignored.
 */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined
  const scheme = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/.exec(header)
  if (!scheme) return undefined
  const params: Record<string, string> = {}
  let pos = scheme[0].length
  for (;;) {
    while (pos < header.length && /[\s,]/.test(header[pos]!)) pos++
    PARAM.lastIndex = pos
    const m = PARAM.exec(header)
    if (!m) break
    const name = m[1]!.toLowerCase()
    // A name already seen means a new challenge began; stop at the first challenge.
    if (Object.hasOwn(params, name)) break
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!
    pos = PARAM.lastIndex
  }
  return { scheme: scheme[1]!.toLowerCase(), params }
}
