import fc from 'fast-check'

/** A registered redirect URI and, for an http loopback one, the parts that must match as text. */
export interface Registered {
  uri: string
  loopback?: { host: string; rest: string }
}

/** A registered URI with one string that differs from it (or, sometimes, the same string). */
export interface Case {
  registered: Registered
  variant: string
  mutation: string
}

/** Control characters and whitespace, ASCII and Unicode. */
export const CONTROL_OR_SPACE = [
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(i)),
  '\x7f',
  '\x85',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
]

const segment = fc.stringMatching(/^[a-z0-9._~-]{1,6}$/).filter((s) => s !== '.' && s !== '..')
const path = fc.array(segment, { minLength: 0, maxLength: 3 }).map((s) => `/${s.join('/')}`)
const query = fc.option(
  fc.stringMatching(/^[a-z0-9=&]{0,8}$/).map((q) => `?${q}`),
  { nil: undefined },
)
const rest = fc.tuple(path, query).map(([p, q]) => p + (q ?? ''))

const https = fc
  .tuple(
    fc.constantFrom('app.example', 'cb.app.example', 'xn--bcher-kva.example'),
    fc.constantFrom('', ':8443'),
    rest,
  )
  .map(([host, port, r]): Registered => ({ uri: `https://${host}${port}${r}` }))

const loopback = fc
  .tuple(
    fc.constantFrom('127.0.0.1', '127.0.0.53', '[::1]'),
    fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
    rest,
  )
  .map(
    ([host, port, r]): Registered => ({
      uri: `http://${host}${port === undefined ? '' : `:${port}`}${r}`,
      loopback: { host, rest: r },
    }),
  )

const privateUse = rest.map((r): Registered => ({ uri: `com.example.app:${r}` }))

/** Registered redirect URIs of the three kinds RFC 8252 §7 allows; loopback ones twice as often. */
export const registeredUri: fc.Arbitrary<Registered> = fc.oneof(
  { arbitrary: https, weight: 2 },
  { arbitrary: loopback, weight: 3 },
  { arbitrary: privateUse, weight: 1 },
)

/** Other spellings of hosts, each of which a URL parser may read as the same host. */
const HOST_FORMS: Record<string, string[]> = {
  'app.example': ['APP.example', 'app.example.', 'App.Example'],
  'cb.app.example': ['cb.app.example.', 'CB.APP.EXAMPLE', 'cb.app.%65xample'],
  'xn--bcher-kva.example': ['bücher.example', 'XN--BCHER-KVA.example', 'xn--bcher-kva.example.'],
  '127.0.0.1': [
    '127.1',
    '127.0.0.1.',
    '2130706433',
    '0x7f.0.0.1',
    '127.000.000.001',
    '0177.0.0.1',
    'localhost',
  ],
  '127.0.0.53': ['127.0.0.053', '127.0.0.53.', '127.0.53', '0x7f000035'],
  '[::1]': ['[0:0:0:0:0:0:0:1]', '[::0001]', '[0::1]', '[::1%25lo]', '[::ffff:127.0.0.1]', '[::1].'],
}

const hex = (c: string, lower: boolean) =>
  [...new TextEncoder().encode(c)]
    .map((b) => `%${b.toString(16).padStart(2, '0')}`)
    .map((e) => (lower ? e : e.toUpperCase()))
    .join('')

/** Where the authority ends (the first `/`, `?` or `#` after `//`), or the scheme's colon + 1. */
function authorityEnd(uri: string): number {
  const start = uri.indexOf('//')
  if (start < 0) return uri.indexOf(':') + 1
  const end = uri.slice(start + 2).search(/[/?#]/)
  return end < 0 ? uri.length : start + 2 + end
}

function hostOf(uri: string): string | undefined {
  const m = /^[a-z.]+:\/\/(\[[^\]]*\]|[^/:?#]*)/.exec(uri)
  return m?.[1]
}

/** One mutation of `uri`: a function of the URI and a few random numbers. */
function variantOf(uri: string, kind: number, at: number, pick: number, lower: boolean): [string, string] {
  const i = at % (uri.length + 1)
  const c = uri[i] ?? ''
  const after = authorityEnd(uri)
  const host = hostOf(uri)
  switch (kind) {
    case 0:
      return ['same', uri]
    case 1: {
      // A letter's case, wherever it is: scheme, host, path, query or a %XX escape.
      const letters = [...uri.matchAll(/[A-Za-z]/g)].map((m) => m.index)
      const j = letters[at % letters.length] as number
      const l = uri[j] as string
      return [
        'case',
        uri.slice(0, j) + (l === l.toLowerCase() ? l.toUpperCase() : l.toLowerCase()) + uri.slice(j + 1),
      ]
    }
    case 2:
      return [
        'percent-encoded',
        i < uri.length ? uri.slice(0, i) + hex(c, lower) + uri.slice(i + 1) : `${uri}%2F`,
      ]
    case 3: {
      const ch = CONTROL_OR_SPACE[pick % CONTROL_OR_SPACE.length] as string
      return ['control or whitespace', uri.slice(0, i) + ch + uri.slice(i)]
    }
    case 4:
      return ['empty marker', uri + (['?', '#', '?#', '#x', '&'][pick % 5] as string)]
    case 5: {
      const dots = ['/.', '/%2e', '/%2E', '/x/..', '/x/%2e%2e', '/X/%2E%2E', '/.%2e/..', '/./'][
        pick % 8
      ] as string
      return ['dot segment', uri.slice(0, after) + dots + uri.slice(after)]
    }
    case 6:
      return ['default port', uri.slice(0, after) + (lower ? ':80' : ':443') + uri.slice(after)]
    case 7: {
      const forms = host === undefined ? undefined : HOST_FORMS[host]
      if (!forms || host === undefined) return ['host form', uri.replace(':', '://h.example')]
      return ['host form', uri.replace(host, forms[pick % forms.length] as string)]
    }
    case 8:
      return ['userinfo', uri.includes('//') ? uri.replace('//', '//user@') : uri.replace(':', ':user@')]
    case 9:
      return [
        'scheme',
        uri.replace(/^[a-z.]+/, (s) => [s.toUpperCase(), `${s}s`, s.slice(0, -1)][pick % 3] as string),
      ]
    case 10:
      return [
        'slashes',
        uri.endsWith('/')
          ? uri.slice(0, -1)
          : ([`${uri}/`, uri.replace(/\/(?=[^/]*$)/, '\\'), uri.replace(/\/(?=[^/]*$)/, '//')][
              pick % 3
            ] as string),
      ]
    default: {
      const port = `:${pick % 65536}`
      const end = uri.slice(0, after).replace(/:[0-9]*$/, '')
      return ['another port', end + port + uri.slice(after)]
    }
  }
}

/** A registered URI and a variant of it: mostly strings that differ, sometimes the same one. */
export const uriCase: fc.Arbitrary<Case> = fc
  .tuple(registeredUri, fc.integer({ min: 0, max: 11 }), fc.nat(), fc.nat(), fc.boolean())
  .map(([registered, kind, at, pick, lower]) => {
    const [mutation, variant] = variantOf(registered.uri, kind, at, pick, lower)
    return { registered, variant, mutation }
  })

/**
 * What RFC 9700 §4.1.3 and RFC 8252 §7.3 allow: the registered string itself, or, for an http
 * loopback URI, the same string with another port (or none). Written from the generator's own
 * parts, not from the server's matcher.
 */
export function allowed(registered: Registered, variant: string): boolean {
  if (variant === registered.uri) return true
  if (!registered.loopback) return false
  const prefix = `http://${registered.loopback.host}`
  if (!variant.startsWith(prefix)) return false
  const tail = variant.slice(prefix.length)
  const port = /^(?::([0-9]{1,5}))?/.exec(tail) as RegExpExecArray
  return Number(port[1] ?? 0) <= 65535 && tail.slice(port[0].length) === registered.loopback.rest
}
