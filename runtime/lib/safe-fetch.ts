import type * as Dns from 'node:dns'
import type * as Http from 'node:http'
import type * as Https from 'node:https'
import type * as Stream from 'node:stream'
import { ArgumentError, OAuthError } from '../errors.js'
import type { FetchLike } from './http.js'
import { nodeBuiltin } from './platform.js'
import { type AddressKind, addressKind } from './special-address.js'

/** Where a server may be sent by a URL a remote party chose. */
export interface AddressPolicy {
  /**
   * Allow loopback addresses, and plain http to a loopback IP literal: for tests and local
   * development only. Private, link-local and other special-purpose addresses stay refused.
   */
  allowLoopback: boolean
  /** Extra trust anchors (PEM) for https, e.g. a test certificate authority. Default: Node's. */
  ca?: string | undefined
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | Dns.LookupAddress[],
  family?: number,
) => void

/**
 * A `fetch` for URLs a remote party chose (SSRF, RFC 9700 §4.16 and the Client ID Metadata
 * Document draft's security considerations): https only, no credentials in the URL, and the
 * address actually connected to, after DNS resolution, is checked, so a name that resolves to a
 * loopback, private, link-local, cloud-metadata or other special-purpose address (IPv4 or IPv6,
 * IPv4-mapped included) is refused before any byte is sent, and DNS rebinding between a check and
 * the connection cannot happen. Redirects are returned as they are, never followed. Timeouts and
 * size limits are the caller's (`httpRequest`), through `init.signal` and the body stream.
 * Node only: it connects with `node:http(s)` so it can check the resolved address.
 *
 * @example
 * const res = await httpRequest(url, {}, { fetch: guardedFetch({ allowLoopback: false }), timeout: 5000 })
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.16
 */
export function guardedFetch(policy: AddressPolicy): FetchLike {
  const http = nodeBuiltin<typeof Http>('node:http')
  const https = nodeBuiltin<typeof Https>('node:https')
  const dns = nodeBuiltin<typeof Dns>('node:dns')
  const stream = nodeBuiltin<typeof Stream>('node:stream')
  if (!http || !https || !dns || !stream) {
    throw new ArgumentError('a guarded fetch needs node:http, node:https and node:dns (Node >= 20.16)')
  }
  const allowed = (kind: AddressKind) => kind === 'public' || (kind === 'loopback' && policy.allowLoopback)
  const lookup = (hostname: string, options: Dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, [])
      const bad = addresses.find((a) => !allowed(addressKind(a.address) ?? 'special'))
      if (bad) return callback(refused(`${hostname} resolves to a forbidden address (${bad.address})`), [])
      if (options.all) return callback(null, addresses)
      const first = addresses[0]
      if (!first) return callback(refused(`${hostname} has no address`), [])
      callback(null, first.address, first.family)
    })
  }
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const literal = addressKind(url.hostname)
      if (url.username !== '' || url.password !== '') return reject(refused('the URL carries credentials'))
      const loopbackHttp = url.protocol === 'http:' && literal === 'loopback' && policy.allowLoopback
      if (url.protocol !== 'https:' && !loopbackHttp) return reject(refused('the URL must use https'))
      if (literal !== undefined && !allowed(literal)) {
        return reject(refused(`${url.hostname} is a forbidden address`))
      }
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value
      })
      const options: Https.RequestOptions = {
        method: init?.method ?? 'GET',
        headers,
        lookup: lookup as Https.RequestOptions['lookup'],
        // A fresh connection each time: a pooled socket would skip the address check.
        agent: false,
        ...(init?.signal ? { signal: init.signal } : {}),
        ...(policy.ca === undefined ? {} : { ca: policy.ca }),
      }
      const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
        const out = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            out.append(name, v)
        }
        const status = res.statusCode ?? 502
        const bodyless = status === 204 || status === 205 || status === 304
        if (bodyless) res.resume()
        const body = bodyless ? null : (stream.Readable.toWeb(res) as ReadableStream<Uint8Array>)
        resolve(new Response(body, { status, headers: out }))
      })
      req.on('error', reject)
      req.end()
    })
}

function refused(reason: string): OAuthError {
  return new OAuthError('FORBIDDEN_ADDRESS', {
    error: 'forbidden_address',
    error_description: `refused to fetch: ${reason}`,
  })
}
