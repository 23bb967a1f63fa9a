/** Serves the app on Deno: `deno run deno.js` prints `listening <port>` (see ../lib.ts). */
import app from '../app.js'

interface DenoGlobal {
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown
}

const { Deno } = globalThis as unknown as { Deno: DenoGlobal }
Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening ${port}`) },
  (request) => app.fetch(request),
)
