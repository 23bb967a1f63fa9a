/**
 * Runs test/runtimes/app.ts on a Fetch runtime and checks it from the Node test process.
 *
 * Every runtime gets the same input: app.ts bundled once by esbuild for the `neutral` platform
 * (no Node built-ins, no runtime-specific export conditions), in ESM, with a few-line host that
 * serves it (hosts/bun.ts, hosts/deno.ts; workerd loads the app module itself). Bun and Deno
 * could run the TypeScript directly, but each would resolve and transpile the tree its own way;
 * one bundle keeps the three runs comparable, and proves the core bundles without Node.
 *
 * The provider mocks and the HTTP client stay in Node: the runtime under test only serves, and
 * calls the mocks on 127.0.0.1 as a deployed app calls a provider.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import githubSpec from '../../providers/github.js'
import googleSpec from '../../providers/google.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { type LoginReport, SERVICE } from './app.js'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url))
/** Start-up, bundling included, and each test: well under vitest's 30 s default. */
const TIMEOUT = 20_000

/** A runtime serving the app on 127.0.0.1. */
interface Host {
  url: string
  close(): Promise<void>
}

/** How one runtime serves a bundle: which entry to bundle and how to start it. */
export interface Runtime {
  name: string
  /** Its `navigator.userAgent`, which the app reports, so a pass cannot come from another runtime. */
  userAgent: RegExp
  /** The entry to bundle, relative to test/runtimes. */
  entry: string
  start(file: string, dir: string): Promise<Host>
}

async function bundle(entry: string, dir: string): Promise<string> {
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.js`)
  await build({
    entryPoints: [path.join(HERE, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  })
  return outfile
}

/** Spawns a runtime binary and waits for the host's `listening <port>` line. */
async function serveWith(command: string, args: readonly string[], cwd: string): Promise<Host> {
  const child = spawn(path.join(BIN, command), args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill()
      reject(new Error(`${command} ${why}:\n${output}`))
    }
    const timer = setTimeout(() => fail('printed no "listening <port>" within 10 s'), 10_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /^listening (\d+)$/m.exec(output)?.[1]
      if (port) {
        clearTimeout(timer)
        resolve(Number(port))
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`))
    child.once('error', (err) => fail(`did not start: ${err.message}`))
  })
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill()
  await exited
}

export const bun: Runtime = {
  name: 'Bun',
  userAgent: /^Bun\/\d/,
  entry: 'hosts/bun.ts',
  start: (file, dir) => serveWith('bun', ['run', file], dir),
}

export const deno: Runtime = {
  name: 'Deno',
  userAgent: /^Deno\/\d/,
  entry: 'hosts/deno.ts',
  // Network to loopback only; the bundle reads no files and no environment.
  start: (file, dir) => serveWith('deno', ['run', '--no-prompt', '--allow-net=127.0.0.1', file], dir),
}

export const workerd: Runtime = {
  name: 'workerd',
  userAgent: /^Cloudflare-Workers$/,
  entry: 'app.ts',
  async start(file, dir) {
    // No nodejs_compat flag: the core needs none. workerd's default outbound network reaches
    // 127.0.0.1, where the mocks listen. Module names are paths under modulesRoot (default the
    // working directory, which the temporary bundle is not under).
    const mf = new Miniflare({
      modules: true,
      modulesRoot: dir,
      scriptPath: file,
      compatibilityDate: '2025-09-01',
    })
    const url = await mf.ready
    return { url: url.origin, close: () => mf.dispose() }
  },
}

interface LoginCase {
  spec: ProviderSpec
  /** Paths of the mock the runtime must have called. */
  paths: string[]
  want(mock: MockProvider): Partial<Record<keyof LoginReport, unknown>>
}

const logins: [string, LoginCase][] = [
  [
    'github',
    {
      spec: githubSpec as ProviderSpec,
      paths: ['/authorize', '/token', '/api/user', '/api/user/emails'],
      want: () => ({
        scopes: ['read:user', 'user:email'],
        idToken: null,
        profile: { id: '10083', name: 'mock-name', email: 'mock.user@example.com' },
        api: expect.objectContaining({ id: 10083, login: 'mock-login' }),
      }),
    },
  ],
  [
    'google',
    {
      spec: googleSpec as ProviderSpec,
      paths: [
        '/.well-known/openid-configuration',
        '/authorize',
        '/token',
        '/jwks',
        '/userinfo',
        '/api/v1/userinfo',
      ],
      want: (mock) => ({
        scopes: ['openid', 'email', 'profile'],
        idToken: { iss: mock.issuer, aud: 'g-client', sub: 'mock-user', email: 'mock.user@example.com' },
        profile: { id: 'mock-user', name: 'Mock User', email: 'mock.user@example.com' },
        api: expect.objectContaining({ sub: 'mock-sub', email: 'mock.user@example.com' }),
      }),
    },
  ],
]

function tokenRequest(url: string, body: Record<string, string>, secret = SERVICE.clientSecret) {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${SERVICE.clientId}:${secret}`)}` },
    body: new URLSearchParams(body),
  })
}

/**
 * The suite every runtime passes: sign-ins with generated provider clients against Node-side
 * mocks, and the authorization server's client_credentials grant, both running in the runtime.
 */
export function runtimeSuite(runtime: Runtime): void {
  describe(`${runtime.name} runs the Web-standard core`, () => {
    let dir = ''
    let host: Host | undefined
    const mocks = new Map<string, MockProvider>()
    const served = () => {
      if (!host) throw new Error(`${runtime.name} did not start`)
      return host.url
    }

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), `authspec-${runtime.name.toLowerCase()}-`))
      const file = await bundle(runtime.entry, dir)
      for (const [id, { spec }] of logins) mocks.set(id, await createMockProvider(spec, { port: 0 }))
      host = await runtime.start(file, dir)
    }, TIMEOUT)

    afterAll(async () => {
      await host?.close()
      await Promise.all([...mocks.values()].map((m) => m.close()))
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    it.each(logins)(
      '%s: a generated client signs in against the mock (state, tokens, profile, API)',
      async (id, { paths, want }) => {
        const mock = mocks.get(id)
        if (!mock) throw new Error(`no mock for ${id}`)
        const res = await fetch(`${served()}/login/${id}`, {
          method: 'POST',
          body: JSON.stringify(mock.endpointOverrides),
        })
        const report = (await res.json()) as LoginReport
        expect(res.status, JSON.stringify(report)).toBe(200)
        expect(report).toMatchObject({
          runtime: expect.stringMatching(runtime.userAgent),
          authorizeStatus: 302,
          stateReturned: report.stateSent,
          wrongState: 'STATE_MISMATCH',
          accessToken: expect.stringMatching(/^[\w-]{20,}$/),
          ...want(mock),
        })
        expect(report.stateSent).toMatch(/^[\w-]{22,}$/)
        expect(new Set(mock.requests.map((r) => r.path))).toEqual(new Set(paths))
      },
      TIMEOUT,
    )

    it(
      'AuthorizationServer: client_credentials with the hashed secret gives a Bearer token that introspects active',
      async () => {
        const res = await tokenRequest(`${served()}/token`, {
          grant_type: 'client_credentials',
          scope: 'api',
        })
        expect(res.status).toBe(200)
        expect(res.headers.get('cache-control')).toBe('no-store')
        const body = (await res.json()) as { access_token: string }
        expect(body).toEqual({
          access_token: expect.stringMatching(/^[0-9a-f]{12}[\w-]{43}$/),
          token_type: 'Bearer',
          expires_in: 3600,
          scope: 'api',
        })
        const info = await tokenRequest(`${served()}/introspect`, { token: body.access_token })
        expect(await info.json()).toMatchObject({ active: true, client_id: SERVICE.clientId, scope: 'api' })
      },
      TIMEOUT,
    )

    it(
      'AuthorizationServer: a wrong client secret gets 401 invalid_client',
      async () => {
        const res = await tokenRequest(
          `${served()}/token`,
          { grant_type: 'client_credentials' },
          'wrong-secret',
        )
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic /)
        expect(await res.json()).toMatchObject({ error: 'invalid_client' })
      },
      TIMEOUT,
    )
  })
}
