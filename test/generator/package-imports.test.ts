import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generate, importsThePackage } from '../../generator/generate.js'

// A user's project: its own package.json and tsconfig.json, a spec importing 'authspec/provider',
// and authspec in node_modules. node_modules/authspec is built here from runtime/ (JavaScript for
// loading the spec, the TypeScript sources as its types), so the test does not depend on a fresh
// dist/.
const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(repo, 'bin/authspec.js')
let root: string
let pkgJson: string
const SPECS = ['github', 'google', 'x'] as const

const exportsWith = (providerTypes: string) =>
  JSON.stringify({
    name: 'authspec',
    type: 'module',
    exports: {
      './errors': { types: './runtime/errors.ts', import: './errors.js' },
      './provider': { types: providerTypes, import: './provider.js' },
      './grants': { types: './runtime/server/grant-definition/index.ts', import: './grants.js' },
    },
  })

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'authspec-user-'))
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'my-app', type: 'module' }))
  await writeFile(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['generated'],
    }),
  )
  await mkdir(path.join(root, 'providers'))
  // One spec per client entry: OAuth 2.0 (github), OpenID Connect (google), OAuth 1.0a (x).
  for (const id of SPECS) {
    const spec = await readFile(path.join(repo, `providers/${id}.ts`), 'utf8')
    const packaged = spec
      .replace(/'\.\.\/runtime\/provider\/[^']+'/g, "'authspec/provider'")
      .replace("'../runtime/errors.js'", "'authspec/errors'")
    expect(packaged).toContain("from 'authspec/provider'")
    expect(packaged).not.toContain('../runtime/')
    await writeFile(path.join(root, `providers/${id}.ts`), packaged)
  }
  const modules = path.join(root, 'node_modules')
  const authspec = path.join(modules, 'authspec')
  await mkdir(authspec, { recursive: true })
  for (const name of ['zod', 'jose']) {
    await symlink(path.join(repo, 'node_modules', name), path.join(modules, name), 'dir')
  }
  await symlink(path.join(repo, 'runtime'), path.join(authspec, 'runtime'), 'dir')
  pkgJson = path.join(authspec, 'package.json')
  await writeFile(pkgJson, exportsWith('./runtime/provider/index.ts'))
  await build({
    entryPoints: {
      provider: path.join(repo, 'runtime/provider/index.ts'),
      errors: path.join(repo, 'runtime/errors.ts'),
      grants: path.join(repo, 'runtime/server/grant-definition/index.ts'),
    },
    outdir: authspec,
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  })
}, 60_000)

function run(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args, '--root', root], { encoding: 'utf8' })
}

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('generated clients in a user project', () => {
  it('tell authspec itself from a user project by package name', async () => {
    expect(await importsThePackage(repo)).toBe(false)
    expect(await importsThePackage(root)).toBe(true)
  })

  it('import the runtime as authspec/provider, and --typecheck runs the own tsc of the project on them', async () => {
    const result = await generate({ root })
    expect(result.problems.map((p) => p.message)).toEqual([])
    for (const id of SPECS) {
      const client = await readFile(path.join(root, `generated/providers/${id}.ts`), 'utf8')
      expect(client).toMatch(/from 'authspec\/provider'/)
      expect(client).not.toContain('/runtime/')
      expect(client).toContain(`import spec from '../../providers/${id}.js'`)
    }
    // Without TypeScript in the project, --typecheck says so in one line.
    const missing = run('generate', '--check', '--typecheck')
    expect(missing.status).toBe(1)
    expect(missing.stderr).toBe('authspec generate --typecheck needs typescript: npm install -D typescript\n')
    await symlink(
      path.join(repo, 'node_modules/typescript'),
      path.join(root, 'node_modules/typescript'),
      'dir',
    )
    const check = run('generate', '--check', '--typecheck')
    expect(check.stderr).toBe('')
    expect(check.stdout).toContain('tsc --noEmit: no errors.')
    expect(check.status).toBe(0)
  }, 120_000)

  it('--typecheck fails, naming the generated file, when the installed package does not provide what it imports', async () => {
    await writeFile(path.join(root, 'node_modules/authspec/stub.d.ts'), 'export {}\n')
    await writeFile(pkgJson, exportsWith('./stub.d.ts'))
    try {
      const r = run('generate', '--typecheck')
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(
        /generated\/providers\/github\.ts\(\d+,\d+\): error TS\d+: .*"authspec\/provider"/,
      )
      expect(r.stderr).toContain('The project does not type-check (tsc --noEmit).')
    } finally {
      await writeFile(pkgJson, exportsWith('./runtime/provider/index.ts'))
    }
  }, 120_000)

  it('new provider and new grant write skeletons importing the package, and grants generate against it', () => {
    const provider = run('new', 'provider', 'acme')
    expect(provider.stderr).toBe('')
    const grant = run('new', 'grant', 'otp', '--type', 'urn:example:otp')
    expect(grant.stderr).toBe('')
    return Promise.all([
      readFile(path.join(root, 'providers/acme.ts'), 'utf8'),
      readFile(path.join(root, 'grants/otp.ts'), 'utf8'),
    ]).then(async ([acme, otp]) => {
      expect(acme).toContain("import { defineProvider } from 'authspec/provider'")
      expect(otp).toContain("import { defineGrant } from 'authspec/grants'")
      const generated = run('generate')
      expect(generated.stderr).toBe('')
      expect(generated.status).toBe(0)
      const module = await readFile(path.join(root, 'generated/grants/otp.ts'), 'utf8')
      expect(module).toContain("from 'authspec/grants'")
      expect(module).not.toContain('/runtime/')
      expect(await readFile(path.join(root, 'generated/grants/index.ts'), 'utf8')).not.toContain('/runtime/')
      expect(run('generate', '--check').status).toBe(0)
    })
  }, 120_000)
})
