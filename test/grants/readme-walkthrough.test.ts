import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../generator/cli.js'

const ROOT = new URL('../..', import.meta.url).pathname
const HEADING = '### 3. Run your own authorization server'

interface Block {
  lang: string
  body: string
}

/** The fenced code blocks of the README's "run your own authorization server" walkthrough, in order. */
async function walkthrough(): Promise<Block[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(HEADING)
  expect(start).toBeGreaterThan(-1)
  const rest = readme.slice(start + HEADING.length)
  const next = rest.search(/\n#{2,3} /)
  const section = next === -1 ? rest : rest.slice(0, next)
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }))
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/**
 * A project as a user has it: grants/ and generated/grants/ at the root, its own src/, and
 * authspec as a dependency (here mapped onto this checkout's sources).
 */
async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'authspec-walkthrough-'))
  await symlink(path.join(ROOT, 'grants'), path.join(dir, 'grants'))
  await symlink(path.join(ROOT, 'generated'), path.join(dir, 'generated'))
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  const pkg = path.join(dir, 'node_modules/authspec')
  await mkdir(pkg, { recursive: true })
  await symlink(path.join(ROOT, 'runtime'), path.join(pkg, 'runtime'))
  const exports = {
    './server': './runtime/server/index.ts',
    './storage': './runtime/storage/index.ts',
    './http/node': './runtime/http/node.ts',
  }
  await writeFile(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: 'authspec', type: 'module', exports }),
  )
  return dir
}

let child: ChildProcess | undefined

afterAll(() => {
  child?.kill()
})

describe('README: run your own authorization server', () => {
  let blocks: Block[]
  let dir: string
  let port: number

  beforeAll(async () => {
    blocks = await walkthrough()
    dir = await project()
    port = await freePort()
  })

  it('has the steps: scaffold, fill the hook, mount the server, request a token', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'ts', 'ts', 'sh'])
  })

  it('runs from `authspec scaffold` to a working token request', async () => {
    const [scaffold, filled, serverFile, request] = blocks as [Block, Block, Block, Block]

    // 1. The scaffold command, as written (npx authspec … in the project root).
    const commands = scaffold.body.split('\n').filter((l) => l.startsWith('npx authspec '))
    expect(commands).toHaveLength(1)
    for (const line of commands) {
      const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2)
      expect(await main([...args, '--root', dir])).toBe(0)
    }
    const implFile = path.join(dir, 'src/grants/client_credentials.ts')
    const scaffolded = await readFile(implFile, 'utf8')
    expect(scaffolded).toContain("throw new NotImplementedError('authorizeClient', 'RFC 6749 §4.4.2')")

    // 2. The filled method replaces the scaffolded one.
    const method = filled.body.replace(/^\/\/.*\n/, '').trimEnd()
    const stub = / {2}\/\*\*[^\n]*\*\/\n {2}async authorizeClient\(_input[\s\S]*?\n {2}\}/
    expect(scaffolded).toMatch(stub)
    await writeFile(implFile, scaffolded.replace(stub, `  /** Only my-service, only for api. */\n${method}`))

    // 3. The server file, verbatim.
    expect(serverFile.body.split('\n')[0]).toBe('// src/server.ts')
    await writeFile(path.join(dir, 'src/server.ts'), serverFile.body)

    // 4. `npx tsx src/server.ts` (on a free port instead of 4000).
    child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/server.ts'], {
      cwd: dir,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const deadline = Date.now() + 25_000
    while (!output.includes(`listening on http://127.0.0.1:${port}`)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`server did not start:\n${output}`)
      await new Promise((r) => setTimeout(r, 50))
    }

    // 5. The curl request, as written, and the answer the README shows.
    const [command, expected] = request.body.trim().split('\n') as [string, string]
    expect(command).toContain('http://127.0.0.1:4000/token')
    const run = (cmd: string) =>
      promisify(execFile)('sh', ['-c', cmd.replace('127.0.0.1:4000', `127.0.0.1:${port}`)], { cwd: dir })
    const answer = JSON.parse((await run(command)).stdout) as Record<string, unknown>
    const shown = JSON.parse(expected.replace(/^#\s*/, '')) as Record<string, unknown>
    expect(Object.keys(answer).sort()).toEqual(Object.keys(shown).sort())
    expect({ ...answer, access_token: '…' }).toEqual(shown)
    expect(answer['access_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)

    // What the filled hook refuses, and a wrong secret.
    const wrongScope = JSON.parse((await run(command.replace('scope=api', 'scope=other'))).stdout) as Record<
      string,
      unknown
    >
    expect(wrongScope['error']).toBe('invalid_scope')
    const wrongSecret = JSON.parse(
      (await run(command.replace('my-secret', 'not-the-secret'))).stdout,
    ) as Record<string, unknown>
    expect(wrongSecret['error']).toBe('invalid_client')

    // The metadata lists exactly the registered grant and what its definition allows.
    const md = (await (
      await fetch(`http://127.0.0.1:${port}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>
    expect(md['grant_types_supported']).toEqual(['client_credentials'])
    expect(md['token_endpoint_auth_methods_supported']).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ])
  })
})
