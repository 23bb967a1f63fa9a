/**
 * Address blocks a server must not be made to reach on behalf of a remote party (SSRF): this
 * host, private and shared networks, link-local (cloud metadata at 169.254.169.254 and
 * fd00:ec2::254), multicast, documentation and reserved ranges. IPv6 forms that carry an IPv4
 * address (IPv4-mapped, IPv4-compatible, NAT64) are judged by that address.
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
const V4_BLOCKS: readonly (readonly [number, number])[] = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const
).map(([base, bits]) => [parseV4(base) as number, bits])

/** IPv6 blocks as [first 16-bit groups, prefix length]; IPv4-carrying forms are handled apart. */
const V6_BLOCKS: readonly (readonly [readonly number[], number])[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128], // unspecified
  [[0, 0, 0, 0, 0, 0, 0, 1], 128], // loopback
  [[0x100], 64], // discard-only
  [[0x2001, 0], 23], // IETF protocol assignments
  [[0x2001, 0xdb8], 32], // documentation
  [[0x2002], 16], // 6to4
  [[0xfc00], 7], // unique local
  [[0xfe80], 10], // link-local
  [[0xfec0], 10], // site-local (deprecated)
  [[0xff00], 8], // multicast
]

/** Which kind of address `address` is, for the SSRF policy; `undefined` when it is not an IP literal. */
export type AddressKind = 'public' | 'loopback' | 'special'

/**
 * Classifies an IP address literal (IPv4 dotted quad, or IPv6 with or without brackets):
 * `loopback` (127/8, ::1 and their IPv4-in-IPv6 forms), `special` (every other non-public block)
 * or `public`; `undefined` when it is not an address literal.
 *
 * @example
 * addressKind('::ffff:169.254.169.254') // 'special'
 */
export function addressKind(address: string): AddressKind | undefined {
  const literal = address.replace(/^\[(.*)\]$/, '$1')
  const v4 = parseV4(literal)
  if (v4 !== undefined) return v4Kind(v4)
  const v6 = parseV6(literal)
  if (v6 === undefined) return undefined
  const embedded = embeddedV4(v6)
  if (embedded !== undefined) return v4Kind(embedded)
  if (v6.every((g, i) => g === (i === 7 ? 1 : 0))) return 'loopback'
  return V6_BLOCKS.some(([prefix, bits]) => inV6Block(v6, prefix, bits)) ? 'special' : 'public'
}

function v4Kind(value: number): AddressKind {
  if (value >>> 24 === 127) return 'loopback'
  return V4_BLOCKS.some(([base, bits]) => inV4Block(value, base, bits)) ? 'special' : 'public'
}

function inV4Block(value: number, base: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return (value & mask) >>> 0 === (base & mask) >>> 0
}

function inV6Block(groups: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff
    if ((groups[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false
  }
  return true
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), -compatible (::/96) or NAT64 (64:ff9b::/96) one. */
function embeddedV4(g: readonly number[]): number | undefined {
  const low = ((g[6]! << 16) | g[7]!) >>> 0
  const zeros5 = g.slice(0, 5).every((x) => x === 0)
  if (zeros5 && g[5] === 0xffff) return low
  if (zeros5 && g[5] === 0 && low > 1) return low
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return low
  return undefined
}

function parseV4(s: string): number | undefined {
  const parts = s.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) < 256))
    return undefined
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0)
}

function parseV6(s: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(':')) return undefined
  let text = s
  if (text.includes('.')) {
    // A dotted IPv4 tail (`::ffff:127.0.0.1`) stands for the last two groups.
    const at = text.lastIndexOf(':')
    const v4 = parseV4(text.slice(at + 1))
    if (v4 === undefined) return undefined
    text = `${text.slice(0, at + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (h: string | undefined) => (h ? h.split(':') : [])
  const head = groups(halves[0])
  const rest = groups(halves[1])
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined
  const fill = 8 - head.length - rest.length
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined
  return [...head, ...Array<string>(fill).fill('0'), ...rest].map((g) => Number.parseInt(g, 16))
}
