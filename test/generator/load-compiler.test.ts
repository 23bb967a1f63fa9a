import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let cacheDir: string
let probe: string

// Each load runs in a fresh process: within one, V8's own compilation cache would answer for a
// source it compiled before, whatever the code cache holds.
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'authspec-code-cache-'))
  cacheDir = path.join(dir, 'cache')
  probe = path.join(dir, 'probe.ts')
  await writeFile(
    probe,
    [
      `import { createRequire } from 'node:module'`,
      `import { requireWithCodeCache } from ${JSON.stringify(pathToFileURL(path.join(repo, 'generator/load-compiler.ts')).href)}`,
      `const [file, cacheDir, save] = process.argv.slice(2)`,
      `const loaded = requireWithCodeCache(file, cacheDir, createRequire(import.meta.url))`,
      `const same = createRequire(import.meta.url)(file) === loaded.exports`,
      `if (save) loaded.save()`,
      `console.log(JSON.stringify({ status: loaded.status, answer: loaded.exports.answer(), same }))`,
    ].join('\n'),
  )
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Loads a module whose answer shows which source ran, in a new process; `save` writes the cache. */
async function load(file: string, answer: string, save = false) {
  await writeFile(file, `exports.answer = function () { return ${JSON.stringify(answer)} }\n`)
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', probe, file, cacheDir, ...(save ? ['save'] : [])],
    { cwd: repo },
  )
  return JSON.parse(stdout) as { status: string; answer: string; same: boolean }
}

describe('requireWithCodeCache', { timeout: 30_000 }, () => {
  it('compiles without a cache, writes one after use, and the next load uses it', async () => {
    const file = path.join(dir, 'first.js')
    expect(await load(file, 'one', true)).toEqual({ status: 'miss', answer: 'one', same: true })
    expect((await readdir(cacheDir)).filter((n) => n.startsWith('first-'))).toHaveLength(1)
    expect(await load(file, 'one')).toEqual({ status: 'hit', answer: 'one', same: true })
  })

  it('a damaged cache is refused by V8, the module still runs from source, and save repairs it', async () => {
    const file = path.join(dir, 'damaged.js')
    await load(file, 'ok', true)
    const [cache] = (await readdir(cacheDir)).filter((n) => n.startsWith('damaged-'))
    await writeFile(path.join(cacheDir, cache!), 'not bytecode')
    expect(await load(file, 'ok', true)).toMatchObject({ status: 'rejected', answer: 'ok' })
    expect((await load(file, 'ok')).status).toBe('hit')
  })

  it('an edited module never runs the old bytecode, even at the same length, and its old cache goes', async () => {
    const file = path.join(dir, 'edited.js')
    await load(file, 'aaa', true)
    expect(await load(file, 'bbb', true)).toMatchObject({ status: 'miss', answer: 'bbb' })
    expect((await readdir(cacheDir)).filter((n) => n.startsWith('edited-'))).toHaveLength(1)
    expect((await load(file, 'bbb')).status).toBe('hit')
  })
})
