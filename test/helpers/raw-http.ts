import type { Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'

/** What came back on a raw HTTP/1.1 exchange; `status` 0 when the socket closed without an answer. */
export interface RawAnswer {
  status: number
  head: string
  body: string
  /** True when nothing complete came back within the client-side timeout. */
  timedOut: boolean
}

/**
 * Sends raw bytes to 127.0.0.1:`port` (methods `fetch` refuses, such as TRACE, and framing it
 * would fix, such as a broken chunked body) and reads until the server closes or `timeoutMs`.
 */
export function rawHttp(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let timedOut = false
    socket.setTimeout(timeoutMs, () => {
      timedOut = true
      socket.destroy()
    })
    socket.on('data', (d: Buffer) => chunks.push(d))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const data = Buffer.concat(chunks).toString('latin1')
      const split = data.indexOf('\r\n\r\n')
      const head = split < 0 ? data : data.slice(0, split)
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
      resolve({
        status,
        head,
        body: split < 0 ? '' : data.slice(split + 4),
        timedOut: timedOut && status === 0,
      })
    })
    // Written, not ended: a real client keeps its side open while it waits for the answer, so a
    // server that never answers shows as a timeout rather than as a closed socket.
    socket.write(bytes)
  })
}

/** A raw request: request line, `host` and `connection: close`, the given headers, then `body`. */
export function rawRequest(
  method: string,
  path: string,
  headers: readonly (readonly [string, string])[],
  body = '',
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close']
  for (const [name, value] of headers) lines.push(`${name}: ${value}`)
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}

/** `body` framed as HTTP/1.1 chunks of `size` bytes (RFC 9112 §7.1), with the last chunk. */
export function chunked(body: string, size = 16 * 1024): string {
  let out = ''
  for (let i = 0; i < body.length; i += size) {
    const part = body.slice(i, i + size)
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`
  }
  return `${out}0\r\n\r\n`
}

/** Listens on an ephemeral port of 127.0.0.1 and returns the port. */
export function listenLocal(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

/** Closes a server, dropping idle keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
