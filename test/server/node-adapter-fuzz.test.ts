import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { setup } from './fixtures.js'

let http: Server
let port: number

beforeAll(async () => {
  const f = await setup()
  http = createServer(toNodeListener(f.server.handler, { maxBodyBytes: 4096 }))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  port = (http.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())))

/** Sends raw bytes and returns the status code of the answer (0 when the socket closed without one). */
function raw(bytes: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setTimeout(2000, () => socket.destroy())
    socket.on('data', (d) => {
      data += d.toString('latin1')
    })
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)))
    socket.on('error', () => undefined)
    socket.end(bytes, 'latin1')
  })
}

const token = fc.constantFrom('/token', '/revoke', '/introspect', '/userinfo', '/authorize', '/nope')
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE')
const header = fc.tuple(
  fc.constantFrom('content-type', 'authorization', 'content-length', 'host', 'x-junk'),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')),
)

describe('node:http adapter under raw HTTP fuzzing', () => {
  it('never answers 500 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        token,
        fc.array(header, { maxLength: 4 }),
        fc.string({ unit: 'binary-ascii', maxLength: 300 }),
        async (m, path, headers, body) => {
          const lines = [
            `${m} ${path} HTTP/1.1`,
            'host: 127.0.0.1',
            'connection: close',
            ...headers.map(([k, v]) => `${k}: ${v}`),
          ]
          const status = await raw(`${lines.join('\r\n')}\r\n\r\n${body}`)
          expect(status === 0 || status < 500).toBe(true)
        },
      ),
      { numRuns: 150 },
    )
    const res = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)
    expect(res.status).toBe(200)
  })

  it('answers 413 to a declared oversized body without reading it', async () => {
    const status = await raw(
      'POST /token HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 999999\r\n\r\nabc',
    )
    expect(status).toBe(413)
  })
})
