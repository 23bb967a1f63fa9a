import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Background,
  background,
  freshDir,
  installed,
  packTarball,
  REPO,
  type RunResult,
  sh,
} from '../helpers/packed-project.js'
import { Browser } from '../idp/support.js'
import { commandLines, fileOf, fillMethod, type TourBlock, tourBlocks } from './tour-blocks.js'

// authspec as its users meet it: the packed tarball installed into a fresh project outside this
// repository, then the README's tour run there command by command, as the README gives it. The
// only substitution: `npm install authspec` installs the tarball, since this version is not on
// the registry.

const README = readFileSync(path.join(REPO, 'README.md'), 'utf8')
const blocks = tourBlocks(README)
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>
}

/** Entry points typed with a framework's or Node's own types: checked with the framework installed. */
const ADAPTER = /^\.\/(http\/|auth\/(express|fastify|hono)$)/

/** Every public entry point as an import specifier, wildcards expanded to one shipped module each. */
function entryPoints(): { plain: string[]; adapters: string[] } {
  const plain: string[] = []
  const adapters: string[] = []
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue
    const specifier = `authspec${subpath.slice(1)}`
    if (subpath.includes('*'))
      plain.push(specifier.replace('*', subpath.includes('grants') ? 'client_credentials' : 'github'))
    else (ADAPTER.test(subpath) ? adapters : plain).push(specifier)
  }
  return { plain, adapters }
}

function step(name: string): TourBlock {
  const block = blocks.get(name)
  if (!block)
    throw new Error(`README.md has no tour step "${name}" (<!-- tour:${name} --> before a code block)`)
  return block
}

function expectSuccess(line: string, result: RunResult): void {
  expect(result.code, `"${line}" failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
}

const servers: Background[] = []
const dirs: string[] = []
let tarball = ''
let project = ''

/** Runs a shell step's lines in the project; `npm install authspec` installs the tarball. */
async function runStep(name: string, after?: (line: string) => Promise<void>): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const line of commandLines(step(name))) {
    const command = line === 'npm install authspec' ? `npm install --no-audit --no-fund ${tarball}` : line
    const result = await sh(command, project)
    expectSuccess(line, result)
    results.push(result)
    await after?.(line)
  }
  return results
}

async function writeStep(name: string): Promise<string> {
  const { file, text } = fileOf(step(name))
  await mkdir(path.dirname(path.join(project, file)), { recursive: true })
  await writeFile(path.join(project, file), text)
  return file
}

async function serve(name: string, ready: RegExp): Promise<Background> {
  const [line] = commandLines(step(name))
  const server = await background(line as string, project, ready)
  servers.push(server)
  return server
}

beforeAll(async () => {
  const out = await freshDir('authspec-pack')
  dirs.push(out)
  tarball = await packTarball(out)
  project = await freshDir('authspec-tour')
  dirs.push(project)
}, 120_000)

afterAll(async () => {
  for (const server of servers) server.stop()
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('the README tour in a fresh project with the packed package', () => {
  it('install: a client user gets authspec, jose and zod, no install script; then the tools', async () => {
    await runStep('install', async (line) => {
      if (line !== 'npm install authspec') return
      const { names, installScripts } = await installed(project)
      expect(names).toEqual(['authspec', 'jose', 'zod'])
      expect(installScripts).toEqual([])
    })
    await writeStep('tsconfig')
  }, 240_000)

  it('1. the GitHub client type-checks, and a scope GitHub does not document does not compile', async () => {
    const file = await writeStep('login')
    expectSuccess('npx tsc', await sh('npx tsc', project))
    const text = await readFile(path.join(project, file), 'utf8')
    expect(text).toContain("'user:email'")
    await writeFile(path.join(project, file), text.replace("'user:email'", "'user:emails'"))
    const wrong = await sh('npx tsc', project)
    expect(wrong.code).not.toBe(0)
    expect(wrong.stdout).toMatch(/src\/github\.ts.*'"user:emails"' is not assignable/)
    await writeFile(path.join(project, file), text)
  }, 120_000)

  it('1. a login against `authspec mock github`, offline', async () => {
    await serve('mock-github', /on http:\/\/127\.0\.0\.1:4010/)
    await writeStep('offline-login')
    const [result] = await runStep('run-offline-login')
    expect(result?.stdout).toMatch(/^signed in: \S+ \S+@\S+/m)
  }, 120_000)

  it('2. a new provider from the discovery of `authspec mock oidc`, generated and type-checked', async () => {
    await serve('mock-oidc', /127\.0\.0\.1:4011/)
    await runStep('new-provider')
    const spec = await readFile(path.join(project, 'providers/acme.ts'), 'utf8')
    expect(spec).toContain('http://127.0.0.1:4011')
    const generated = await readFile(path.join(project, 'generated/providers/acme.ts'), 'utf8')
    expect(generated).toMatch(/export function acme\(/)
    expect(generated).toMatch(/from 'authspec\//)
  }, 180_000)

  it('3. scaffold client_credentials, fill the hook, run the server, get a token with curl', async () => {
    await runStep('scaffold')
    const { file, text: fragment } = fileOf(step('fill'))
    const scaffolded = await readFile(path.join(project, file), 'utf8')
    expect(scaffolded).toContain("from 'authspec/grants/client_credentials'")
    await writeFile(path.join(project, file), fillMethod(scaffolded, fragment))
    await writeStep('server')
    expectSuccess('npx tsc', await sh('npx tsc', project))
    await serve('serve', /listening on http:\/\/127\.0\.0\.1:4000/)
    const [token] = await runStep('token')
    const body = JSON.parse(token?.stdout ?? '') as Record<string, unknown>
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api' })
    expect(body.access_token).toEqual(expect.any(String))
    const metadata = (await (
      await fetch('http://127.0.0.1:4000/.well-known/oauth-authorization-server')
    ).json()) as { grant_types_supported: string[] }
    expect(metadata.grant_types_supported).toEqual(['client_credentials'])
    const refused = await sh(
      'curl -s -u my-service:wrong -d grant_type=client_credentials http://127.0.0.1:4000/token',
      project,
    )
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: 'invalid_client' })
  }, 180_000)

  it('4. a custom grant: new grant, generate, scaffold, type-check', async () => {
    await runStep('custom-grant')
    const scaffolded = await readFile(path.join(project, 'src/grants/otp.ts'), 'utf8')
    expect(scaffolded).toContain('NotImplementedError')
  }, 180_000)

  it('5. the OpenID Provider of the README runs, and Ada signs in through its pages', async () => {
    await writeStep('idp')
    expectSuccess('npx tsc', await sh('npx tsc', project))
    await serve('serve-idp', /OpenID Provider at http:\/\/127\.0\.0\.1:4020/)
    const issuer = 'http://127.0.0.1:4020'
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string
    }
    expect(discovery.issuer).toBe(issuer)
    const authorize = new URLSearchParams({
      response_type: 'code',
      client_id: 'notes',
      redirect_uri: 'http://127.0.0.1:3000/callback',
      scope: 'openid profile',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const browser = new Browser(issuer)
    const login = await (await browser.get(`${issuer}/authorize?${authorize}`)).text()
    const consent = await browser.submit(login, '/login', { username: 'ada', password: 'lovelace' })
    const done = await browser.submit(await consent.text(), '/consent', { decision: 'allow' })
    expect(done.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:3000\/callback\?code=/)
  }, 180_000)

  it('6. the MCP server and the agent of the README: 401 with metadata, sign-in, the call succeeds', async () => {
    await writeStep('mcp-server')
    await writeStep('mcp-agent')
    expectSuccess('npx tsc', await sh('npx tsc', project))
    await serve('serve-mcp', /MCP server at http:\/\/127\.0\.0\.1:4041\/mcp/)
    const challenge = await fetch('http://127.0.0.1:4041/mcp')
    expect(challenge.status).toBe(401)
    expect(challenge.headers.get('www-authenticate')).toContain(
      'resource_metadata="http://127.0.0.1:4041/.well-known/oauth-protected-resource/mcp"',
    )
    const agent = await serve('run-agent', /Sign in at (\S+)/)
    const url = /Sign in at (\S+)/.exec(agent.output())?.[1] ?? ''
    expect(new URL(url).searchParams.get('resource')).toBe('http://127.0.0.1:4041/mcp')
    const browser = new Browser('http://127.0.0.1:4040')
    const login = await (await browser.get(url)).text()
    const consent = await browser.submit(login, '/login', { username: 'ada', password: 'lovelace' })
    const done = await browser.submit(await consent.text(), '/consent', { decision: 'allow' })
    await fetch(done.headers.get('location') ?? '')
    if (agent.child.exitCode === null) await once(agent.child, 'exit')
    expect(agent.output()).toContain('200 hello u1')
  }, 180_000)

  it('a store whose driver is not installed names the package to install', async () => {
    const result = await sh(
      `node -e "import('authspec/storage').then((s) => s.openStore('sqlite:./data/a.db')).catch((e) => { console.log(e.code + ' ' + e.message) })"`,
      project,
    )
    expect(result.stdout.trim()).toBe(
      'MISSING_DEPENDENCY SqliteStore needs the "better-sqlite3" package: npm install better-sqlite3@12',
    )
  })

  it('every relative link in the README points at a file the package ships', async () => {
    const links = [...README.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1] as string)
    const relative = links.filter((link) => !/^[a-z]+:/.test(link))
    expect(relative.length).toBeGreaterThan(0)
    const shipped = path.join(project, 'node_modules/authspec')
    for (const link of relative) await expect(readFile(path.join(shipped, link)), link).resolves.toBeDefined()
  })
})

describe('shipped types and module formats, with only authspec, jose, zod and TypeScript installed', () => {
  let dir = ''
  const { plain, adapters } = entryPoints()

  /** Type-checks a file importing `specifiers` under both module resolutions, lib checks on. */
  async function typeCheck(specifiers: readonly string[], types: readonly string[]): Promise<void> {
    const source = specifiers.map((s, i) => `import * as m${i} from '${s}'\n`).join('')
    await writeFile(
      path.join(dir, 'check.ts'),
      `${source}export const all = [${specifiers.map((_, i) => `m${i}`)}]\n`,
    )
    for (const [module, resolution] of [
      ['nodenext', 'nodenext'],
      ['esnext', 'bundler'],
    ]) {
      const flags = `--module ${module} --moduleResolution ${resolution} --target es2022 --strict --noEmit --skipLibCheck false --types "${types.join(',')}"`
      const result = await sh(`npx tsc ${flags} check.ts`, dir)
      expect(result.code, `${resolution}:\n${result.stdout}${result.stderr}`).toBe(0)
    }
  }

  beforeAll(async () => {
    dir = await freshDir('authspec-types')
    dirs.push(dir)
    await writeFile(path.join(dir, 'package.json'), '{ "name": "types-check", "type": "module" }\n')
    expectSuccess('npm install', await sh(`npm install --no-audit --no-fund ${tarball} typescript`, dir))
  }, 120_000)

  it('installs authspec, jose, zod (and the compiler)', async () => {
    // TypeScript 7 brings its native compiler as a platform package (@typescript/typescript-<os>-<cpu>).
    const names = (await installed(dir)).names.filter((name) => !name.startsWith('@typescript/'))
    expect(names).toEqual(['authspec', 'jose', 'typescript', 'zod'])
  })

  it('every entry point type-checks under nodenext and bundler with skipLibCheck off', async () => {
    expect(plain).toEqual(
      expect.arrayContaining(['authspec', 'authspec/storage', 'authspec/providers/github']),
    )
    await typeCheck(plain, [])
  }, 120_000)

  it('require() loads every entry point (Node 20.19+ requires ES modules)', async () => {
    const script = `for (const s of ${JSON.stringify([...plain, ...adapters])}) if (Object.keys(require(s)).length === 0) throw new Error(s); console.log('ok')`
    const result = await sh(`node --no-warnings -e "${script.replaceAll('"', '\\"')}"`, dir)
    expect(result.stdout.trim(), result.stderr).toBe('ok')
  })

  it('the framework adapters type-check with their framework installed', async () => {
    expectSuccess(
      'npm install frameworks',
      await sh('npm install --no-audit --no-fund express @types/express fastify hono @types/node', dir),
    )
    await typeCheck(adapters, ['node'])
  }, 180_000)
})
