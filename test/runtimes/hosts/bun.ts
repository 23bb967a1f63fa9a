/** Serves the app on Bun: `bun run bun.js` prints `listening <port>` (see ../lib.ts). */
import app from '../app.js'

interface BunGlobal {
  serve(options: { hostname: string; port: number; fetch(request: Request): Promise<Response> }): {
    port: number
  }
}

const { Bun } = globalThis as unknown as { Bun: BunGlobal }
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => app.fetch(request) })
console.log(`listening ${server.port}`)
