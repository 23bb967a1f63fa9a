import { spawn, spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `generate` writes what the templates produce; type-checking it is the project's own tsc, run by
// `generate --typecheck` (or by the project's CI). These runs prove that a generated file that
// does not compile is caught there, with the project's tsconfig.json.
const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(repo, 'bin/authspec.js')
let root: string

function run(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args, '--root', root], { encoding: 'utf8' })
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'authspec-cli-check-'))
  for (const dir of ['providers', 'templates', 'runtime', 'generated/providers']) {
    await cp(path.join(repo, dir), path.join(root, dir), { recursive: true })
  }
  await cp(path.join(repo, 'generated/index.ts'), path.join(root, 'generated/index.ts'))
  await cp(path.join(repo, 'package.json'), path.join(root, 'package.json'))
  // The repository's compiler options, over what this copy has: the generated code and what it imports.
  const tsconfig = JSON.parse(await readFile(path.join(repo, 'tsconfig.json'), 'utf8')) as object
  await writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['generated'] }))
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir')
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('authspec generate --typecheck runs the project’s own tsc', () => {
  it('passes on what generate wrote', () => {
    const r = run('generate', '--check', '--typecheck')
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('generated/ is up to date')
    expect(r.stdout).toContain('tsc --noEmit: no errors.')
    expect(r.status).toBe(0)
  }, 120_000)

  it('a template producing code that does not compile: generate writes it, --typecheck names the file and line', async () => {
    const template = path.join(root, 'templates/provider.ts.hbs')
    const good = await readFile(template, 'utf8')
    await writeFile(template, `${good}\nexport const broken: number = 'not a number'\n`)
    try {
      expect(run('generate').status).toBe(0)
      const r = run('generate', '--check', '--typecheck')
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(
        /generated\/providers\/github\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
      )
      expect(r.stderr).toContain('The project does not type-check (tsc --noEmit).')
    } finally {
      await writeFile(template, good)
      expect(run('generate').status).toBe(0)
    }
    expect(await readFile(path.join(root, 'generated/providers/github.ts'), 'utf8')).toBe(
      await readFile(path.join(repo, 'generated/providers/github.ts'), 'utf8'),
    )
  }, 240_000)

  it('watch mode regenerates when a template changes', async () => {
    const template = path.join(root, 'templates/provider.ts.hbs')
    const good = await readFile(template, 'utf8')
    const child = spawn(process.execPath, [bin, 'generate', '--watch', '--root', root])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const until = async (what: () => boolean, label: string) => {
      for (let waited = 0; !what(); waited += 100) {
        if (waited > 60_000) throw new Error(`timed out waiting for ${label}:\n${stdout}\n${stderr}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    try {
      await until(() => stdout.includes('Watching providers/'), 'the watcher')
      await writeFile(template, `${good}\n// edited\n`)
      await until(() => stdout.includes('wrote generated/providers/github.ts'), 'the regeneration')
      const runs = stdout.split('provider(s)').length
      await writeFile(template, good)
      await until(() => stdout.split('provider(s)').length > runs, 'the run after the revert')
    } finally {
      await writeFile(template, good)
      child.kill('SIGINT')
      await exited
    }
    expect(stderr).toBe('')
    expect(run('generate', '--check').status).toBe(0)
  }, 120_000)
})
