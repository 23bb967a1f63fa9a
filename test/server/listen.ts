import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from '../../runtime/http/node.js'
import type { Fixture } from './fixtures.js'

/** A fixture served over real HTTP on 127.0.0.1, its issuer being the origin it listens on. */
export interface Served {
  f: Fixture
  origin: string
  close: () => Promise<void>
}

/**
 * Listens on an ephemeral loopback port, then builds the fixture with `make(origin)`, so that
 * URLs the server hands out (registration client URIs, `iss`) are the ones tests can fetch.
 */
export async function listen(make: (origin: string) => Promise<Fixture>): Promise<Served> {
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  const http = createServer(toNodeListener((r) => handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const f = await make(origin)
  handler = f.server.handler
  return { f, origin, close: () => new Promise<void>((resolve) => http.close(() => resolve())) }
}
