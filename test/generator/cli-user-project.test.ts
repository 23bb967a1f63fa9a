import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../generator/cli.js'

// The CLI run in a folder outside the repository, as in a user's project: the built-in grants,
// provider specs and templates are found beside the CLI, not in the current directory.
const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(repo, 'bin/authspec.js')
let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'authspec-cli-user-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A fresh project folder under the temp root; with `installed`, authspec is in its node_modules. */
async function project(name: string, installed = false): Promise<string> {
  const dir = path.join(root, name)
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, type: 'module' }))
  if (installed) {
    await mkdir(path.join(dir, 'node_modules/authspec'), { recursive: true })
    await writeFile(
      path.join(dir, 'node_modules/authspec/package.json'),
      JSON.stringify({ name: 'authspec' }),
    )
  }
  return dir
}

/** Runs `main` in-process; resolves with the exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  try {
    const code = await main(argv)
    const text = (spy: typeof log) => spy.mock.calls.map((c) => c.join(' ')).join('\n')
    return { code, out: text(log), err: text(error) }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}

describe('authspec scaffold grant <built-in> in a user project', () => {
  it('writes the hooks file importing the grant module from the package', async () => {
    const dir = await project('scaffold-installed', true)
    const r = await cli('scaffold', 'grant', 'client_credentials', '--out', 'src/grants', '--root', dir)
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toBe(
      'wrote src/grants/client_credentials.ts. Next: fill in each method, then register the grant.',
    )
    const text = await readFile(path.join(dir, 'src/grants/client_credentials.ts'), 'utf8')
    expect(text).toContain("} from 'authspec/grants/client_credentials'")
    expect(text).toContain('export class ClientCredentialsGrantHooks implements ClientCredentialsHooks {')
    // A second run finds the package import and changes nothing.
    const again = await cli('scaffold', 'grant', 'client_credentials', '--out', 'src/grants', '--root', dir)
    expect(again.out).toBe('src/grants/client_credentials.ts is up to date.')
  })

  it('without authspec installed, imports the generated module beside the CLI by relative path', async () => {
    const dir = await project('scaffold-scratch')
    const r = await cli('scaffold', 'grant', 'password', '--out', 'src', '--root', dir)
    expect(r.code).toBe(0)
    const text = await readFile(path.join(dir, 'src/password.ts'), 'utf8')
    const specifier = /} from '([^']+)'/.exec(text)?.[1] ?? ''
    expect(path.resolve(dir, 'src', specifier)).toBe(path.join(repo, 'generated/grants/password.js'))
  })

  it("a project's own grants/<name>.ts wins over the built-in of that name", async () => {
    const dir = await project('scaffold-own', true)
    const builtIn = await readFile(path.join(repo, 'grants/client_credentials.ts'), 'utf8')
    const own = builtIn
      .replaceAll("'../runtime/", `'${path.join(repo, 'runtime')}/`)
      .replace("rfc: 'RFC 6749 §4.4'", "rfc: 'RFC 6749 §4.4 as we read it'")
    expect(own).toContain('as we read it')
    await mkdir(path.join(dir, 'grants'))
    await writeFile(path.join(dir, 'grants/client_credentials.ts'), own)
    const r = await cli('scaffold', 'grant', 'client_credentials', '--out', 'src', '--root', dir)
    expect(r).toMatchObject({ code: 0, err: '' })
    const text = await readFile(path.join(dir, 'src/client_credentials.ts'), 'utf8')
    expect(text).toContain("} from '../generated/grants/client_credentials.js'")
    expect(text).toContain('/** Your client_credentials hooks (RFC 6749 §4.4 as we read it).')
  })
})

/** Starts `authspec mock <args>` in `cwd`; resolves once it printed its endpointOverrides. */
function startMock(cwd: string, ...args: string[]): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [bin, 'mock', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
      if (out.includes('endpointOverrides:')) resolve({ child, out })
    })
    child.on('exit', (code) => reject(new Error(`mock exited ${code}: ${out}`)))
  })
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM')
})

describe('authspec mock <built-in> in a project without providers/', () => {
  it('mock oidc is an OpenID Provider at its printed issuer: discovery, authorize, and new provider --issuer', async () => {
    const dir = await project('mock-oidc', true)
    const { out } = await startMock(dir, 'oidc', '--port', '0')
    const issuer = /^issuer: (\S+)$/m.exec(out)?.[1] ?? ''
    expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    expect(discovery).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      jwks_uri: `${issuer}/jwks`,
    })
    const authorize = new URL(String(discovery['authorization_endpoint']))
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'app',
      redirect_uri: 'http://127.0.0.1:3000/callback',
      scope: 'openid',
      state: 'st',
    }).toString()
    const res = await fetch(authorize, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const back = new URL(res.headers.get('location') ?? '')
    expect(back.searchParams.get('state')).toBe('st')
    expect(back.searchParams.get('code')).toBeTruthy()

    const made = await cli('new', 'provider', 'acme', '--issuer', issuer, '--root', dir)
    expect(made).toMatchObject({ code: 0, err: '' })
    const spec = await readFile(path.join(dir, 'providers/acme.ts'), 'utf8')
    expect(spec).toContain("import { defineProvider } from 'authspec/provider'")
    expect(spec).toContain(`issuer: '${issuer}',`)
  }, 60_000)

  it("mock github serves the built-in spec; the project's own providers/github.ts wins over it", async () => {
    const scopesOf = async (dir: string) => {
      const { out } = await startMock(dir, 'github', '--port', '0')
      expect(out).toMatch(/^Mock github on http:\/\/127\.0\.0\.1:\d+$/m)
      const base = /^Mock github on (\S+)$/m.exec(out)?.[1] ?? ''
      const res = await fetch(`${base}/.well-known/oauth-authorization-server`)
      return ((await res.json()) as { scopes_supported: string[] }).scopes_supported
    }
    expect(await scopesOf(await project('mock-github'))).toContain('read:user')
    const own = await project('mock-own-github')
    await mkdir(path.join(own, 'providers'))
    const helper = path.join(repo, 'test/helpers/minimal-spec.ts')
    await writeFile(
      path.join(own, 'providers/github.ts'),
      `import { minimalSpec } from '${helper}'\nexport default minimalSpec({ id: 'github' })\n`,
    )
    expect(await scopesOf(own)).toEqual(['read'])
  }, 60_000)
})

describe('CLI misuse: one line on stderr with the fix, exit 1', () => {
  it.each([
    [
      'a misspelt command',
      { argv: ['scafold'], want: /^authspec: unknown command "scafold"\. Did you mean "scaffold"\?/ },
    ],
    [
      'a misspelt kind',
      {
        argv: ['new', 'provdier', 'acme'],
        want: /^authspec new: unknown kind "provdier"\. Did you mean "provider"\?/,
      },
    ],
    [
      'a misspelt option',
      {
        argv: ['generate', '--chek'],
        want: /^authspec generate: unknown option "--chek"\. Did you mean "--check"\?/,
      },
    ],
    [
      'a removed option',
      {
        argv: ['generate', '--no-typecheck'],
        want: /^authspec generate: "--no-typecheck" is gone: generate no longer type-checks unless asked; drop the option \(--typecheck runs your own tsc\)\./,
      },
    ],
    [
      'a missing argument',
      {
        argv: ['scaffold', 'grant', 'password'],
        want: /^authspec scaffold: missing argument: write "authspec scaffold grant <name> --out <dir>"\.$/,
      },
    ],
    [
      'a missing kind',
      { argv: ['new'], want: /^authspec new: say what to create: write "authspec new provider/ },
    ],
    [
      'an unexpected argument',
      { argv: ['validate', 'github'], want: /^authspec validate: unexpected argument "github"/ },
    ],
    [
      'a misspelt built-in grant',
      {
        argv: ['scaffold', 'grant', 'client_credential', '--out', 'src'],
        want: /unknown grant "client_credential"; known grants: authorization_code, client_credentials.*\(hint: did you mean "client_credentials"\?\)$/,
      },
    ],
    [
      'a misspelt provider to mock',
      {
        argv: ['mock', 'gihub'],
        want: /^authspec mock: no provider spec "gihub"\. Did you mean "github"\? Known: [a-z0-9, -]*\bgithub\b/,
      },
    ],
    [
      'generate without providers/',
      {
        argv: ['generate'],
        want: /^authspec generate: no providers\/ folder in .*authspec new provider <id>/,
      },
    ],
  ])('%s', async (_name, { argv, want }) => {
    const dir = await project('misuse')
    const r = await cli(...argv, '--root', dir)
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(r.err.split('\n')).toHaveLength(1)
    expect(r.err).toMatch(want)
  })

  it('a port in use is named with the fix', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = String((taken.address() as { port: number }).port)
    try {
      const r = await cli('mock', 'github', '--port', port, '--root', await project('port-taken'))
      expect(r).toEqual({
        code: 1,
        out: '',
        err: `authspec mock: port ${port} is in use; pass another --port (0 picks a free one).`,
      })
    } finally {
      taken.close()
    }
  })

  it('an unexpected failure is one line from bin/authspec.js, not a stack trace', async () => {
    // --root names a file: writing providers/ under it fails with ENOTDIR, which no command expects.
    const file = path.join(await project('not-a-folder'), 'package.json')
    const child = spawn(process.execPath, [bin, 'new', 'provider', 'acme', '--root', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(err).toMatch(/^authspec: ENOTDIR: .* \(set AUTHSPEC_DEBUG=1 for the details\)\n$/)
  }, 60_000)
})
