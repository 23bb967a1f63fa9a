import { spawn, spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The one-shot CLI type-checks in worker threads while the specs load; these runs prove that a
// generated file that does not compile still fails `generate` and `generate --check` there.
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
  for (const file of ['tsconfig.json', 'package.json']) await cp(path.join(repo, file), path.join(root, file))
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir')
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('authspec generate type-checks the output', () => {
  it('generate, then --check on its output, pass', () => {
    expect(run('generate').status).toBe(0)
    const r = run('generate', '--check')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('generated/ is up to date')
  }, 120_000)

  it('a template producing code that does not compile fails --check and generate, writing nothing', async () => {
    const template = path.join(root, 'templates/provider.ts.hbs')
    const good = await readFile(template, 'utf8')
    const before = await readFile(path.join(root, 'generated/providers/github.ts'), 'utf8')
    await writeFile(template, `${good}\nexport const broken: number = 'not a number'\n`)
    try {
      for (const args of [['generate', '--check'], ['generate']]) {
        const r = run(...args)
        expect(r.status, args.join(' ')).toBe(1)
        expect(r.stderr).toContain('generated/providers/github.ts: line')
        expect(r.stderr).toContain("Type 'string' is not assignable to type 'number'")
        expect(r.stderr).toContain('does not type-check; nothing was written')
      }
      expect(await readFile(path.join(root, 'generated/providers/github.ts'), 'utf8')).toBe(before)
      // Without the check the same output is written: the failure above came from the compiler.
      expect(run('generate', '--no-typecheck').status).toBe(0)
      expect(await readFile(path.join(root, 'generated/providers/github.ts'), 'utf8')).toContain(
        "export const broken: number = 'not a number'",
      )
    } finally {
      await writeFile(template, good)
      expect(run('generate').status).toBe(0)
    }
    expect(await readFile(path.join(root, 'generated/providers/github.ts'), 'utf8')).toBe(before)
  }, 240_000)

  it('watch mode type-checks each regeneration', async () => {
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
        if (waited > 150_000) throw new Error(`timed out waiting for ${label}:\n${stdout}\n${stderr}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    try {
      await until(() => stdout.includes('Watching providers/'), 'the watcher')
      await writeFile(template, `${good}\nexport const broken: number = 'not a number'\n`)
      await until(() => stderr.includes('does not type-check'), 'the type error')
      expect(stderr).toContain('generated/providers/github.ts: line')
      expect(stderr).toContain("Type 'string' is not assignable to type 'number'")
      const runs = stdout.split('provider(s)').length
      await writeFile(template, good)
      await until(() => stdout.split('provider(s)').length > runs, 'the run after the fix')
    } finally {
      await writeFile(template, good)
      child.kill('SIGINT')
      await exited
    }
    expect(run('generate', '--check').status).toBe(0)
  }, 240_000)
})
