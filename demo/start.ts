/**
 * Starts both origins of the demo in this process: Local ID (authorization server and OpenID
 * Provider on SQLite) and the demo app that signs in against it over real HTTP.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { createAuth } from '../runtime/auth/index.js'
import { toNodeListener } from '../runtime/http/node.js'
import { SqliteStore } from '../runtime/storage/sqlite.js'
import { registerProviders } from './app/providers.js'
import { createDemoApp } from './app/server.js'
import type { DemoConfig } from './config.js'
import { loadOrCreateKeys } from './id/keys.js'
import { DEMO_USER, seed } from './id/seed.js'
import { createLocalId } from './id/server.js'
import { UserDirectory } from './id/users.js'
import { readOrCreateSecret } from './lib/secret-file.js'

export interface RunningDemo {
  appUrl: string
  idUrl: string
  /** Sign-in options shown on the home page, Local ID first. */
  providers: string[]
  keysCreated: boolean
  credentials: { username: string; password: string }
  close(): Promise<void>
}

/** The port a server could not listen on, and which of the two it was. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
    readonly role: string,
  ) {
    super(
      `Port ${port} (${role}) is already in use; stop what is using it or set ${variable} to another port, e.g. ${variable}=${port + 1} npm start`,
    )
  }
}

async function listen(server: Server, host: string, port: number, variable: string, role: string) {
  server.listen(port, host)
  try {
    await once(server, 'listening')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, variable, role)
    throw err
  }
  const address = server.address()
  return typeof address === 'object' && address ? address.port : port
}

/** Starts Local ID and the demo app; the data directory is created on first run. */
export async function startDemo(config: DemoConfig): Promise<RunningDemo> {
  let idHandler: (r: Request) => Promise<Response> = async () => new Response('starting', { status: 503 })
  let appHandler: (r: Request) => Promise<Response> = async () => new Response('starting', { status: 503 })
  const idServer = createServer(toNodeListener((r) => idHandler(r)))
  const appServer = createServer(toNodeListener((r) => appHandler(r)))
  const closeServers = async () => {
    for (const s of [appServer, idServer]) {
      if (!s.listening) continue
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    }
  }
  let store: SqliteStore | undefined
  let users: UserDirectory | undefined
  try {
    const idPort = await listen(idServer, config.host, config.idPort, 'LOCAL_ID_PORT', 'Local ID')
    const appPort = await listen(appServer, config.host, config.appPort, 'DEMO_APP_PORT', 'the demo app')
    const idUrl = `http://${config.host}:${idPort}`
    const appUrl = `http://${config.host}:${appPort}`

    store = new SqliteStore({ path: join(config.dataDir, 'authspec.db') })
    users = new UserDirectory(store.path)
    const { keys, created } = await loadOrCreateKeys(join(config.dataDir, 'signing-keys.json'))
    const client = await seed(store, users, {
      secretFile: join(config.dataDir, 'demo-client.json'),
      redirectUri: `${appUrl}/callback/local`,
      postLogoutRedirectUri: `${appUrl}/?notice=signed-out`,
    })
    const localId = await createLocalId({
      issuer: idUrl,
      store,
      users,
      keys,
      secret: readOrCreateSecret(join(config.dataDir, 'local-id-secret.json')),
      showDemoCredentials: true,
    })
    idHandler = localId.handler
    // The app's cookie secret outlives restarts, so a login in flight survives one.
    const auth = createAuth({
      secret: readOrCreateSecret(join(config.dataDir, 'app-cookie-secret.json')),
      cookiePrefix: 'acme',
    })
    const options = registerProviders(auth, config, appUrl, { issuer: idUrl, ...client })
    appHandler = createDemoApp(auth, options)

    const openStore = store
    const openUsers = users
    return {
      appUrl,
      idUrl,
      providers: options.map((o) => o.label),
      keysCreated: created,
      credentials: { ...DEMO_USER },
      async close() {
        await closeServers()
        openUsers.close()
        await openStore.close()
      },
    }
  } catch (err) {
    await closeServers()
    users?.close()
    await store?.close()
    throw err
  }
}
