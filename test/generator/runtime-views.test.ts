import { execFile } from 'node:child_process'
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildRuntimeViews,
  type CheckProject,
  createCheckProject,
  formatAndCheck,
} from '../../generator/check.js'
import { runtimeViewsPath } from '../../generator/runtime-views.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const compiler = (createRequire(import.meta.url)('@ts-morph/common') as { ts: { version: string } }).ts
let root: string

// A scratch project with its own copy of runtime/ and the repository's packages.
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'authspec-views-'))
  for (const dir of ['runtime', 'providers', 'generated'])
    await cp(path.join(repo, dir), path.join(root, dir), { recursive: true })
  await cp(path.join(repo, 'package.json'), path.join(root, 'package.json'))
  // Its own node_modules folder (linking each package) keeps its views apart from other runs'.
  await mkdir(path.join(root, 'node_modules'))
  for (const name of await readdir(path.join(repo, 'node_modules')))
    if (name !== '.cache')
      await symlink(path.join(repo, 'node_modules', name), path.join(root, 'node_modules', name))
}, 60_000)
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const probe = 'generated/views-probe.ts'
const cases: [string, string][] = [
  [
    'a correct client',
    `import { github } from './providers/github.js'\nexport const c = github({ clientId: 'a', redirectUri: 'https://app.example/cb' })\n`,
  ],
  ['a plain type error', `export const n: number = 'one'\n`],
  [
    'a scope the provider lacks',
    `import { github } from './providers/github.js'\nexport const u = github({ clientId: 'a', redirectUri: 'https://app.example/cb' }).authorizationUrl({ scopes: ['nope'] })\n`,
  ],
  [
    'a wrong runtime argument',
    `import { randomToken } from '../runtime/lib/random.js'\nexport const t: string = randomToken('32')\n`,
  ],
  [
    'a wrong runtime result',
    `import { constantTimeEqual } from '../runtime/lib/random.js'\nexport const t: string = constantTimeEqual('a', 'b')\n`,
  ],
]

/** The messages of one probe checked in `project`, and whether that program read runtime sources. */
function check(project: CheckProject, content: string) {
  const { problems } = formatAndCheck(root, [{ file: probe, content }], { project, format: false })
  const files = project.program?.getSourceFiles().map((s) => path.relative(root, s.fileName)) ?? []
  return {
    messages: problems.flatMap((p) => p.messages),
    sources: files.some((f) => f.startsWith('runtime/') && !f.endsWith('.d.ts')),
    views: files.some((f) => f.startsWith('runtime/') && f.endsWith('.d.ts')),
  }
}

describe('declaration views of runtime/', { timeout: 120_000 }, () => {
  it('are built after a one-shot check read the sources, then used: same answers as the sources', () => {
    expect(createCheckProject(root, true).viewsStatus).toBe('stale')
    formatAndCheck(root, [{ file: probe, content: cases[0]![1] }])
    expect(buildRuntimeViews()).toBe(true)
    expect(createCheckProject(root, true).viewsStatus).toBe('fresh')
    let viewed = 0
    for (const [name, content] of cases) {
      const fromSources = check(createCheckProject(root), content)
      const fromViews = check(createCheckProject(root, true), content)
      // A probe that imports nothing from the runtime reads neither.
      expect([fromSources.views, fromViews.sources, fromViews.views], name).toEqual([
        false,
        false,
        fromSources.sources,
      ])
      expect(fromViews.messages, name).toEqual(fromSources.messages)
      expect(fromViews.messages.length > 0, name).toBe(name !== 'a correct client')
      if (fromViews.views) viewed++
    }
    expect(viewed).toBe(cases.length - 1)
  })

  it('an edited runtime file makes them stale at once: the check sees the edit', async () => {
    const content = `import { probeValue } from '../runtime/lib/random.js'\nexport const v: number = probeValue\n`
    expect(check(createCheckProject(root, true), content).messages.join('\n')).toMatch(/probeValue/)
    await appendFile(path.join(root, 'runtime/lib/random.ts'), '\nexport const probeValue: number = 1\n')
    const project = createCheckProject(root, true)
    expect(project.viewsStatus).toBe('stale')
    expect(check(project, content)).toEqual({ messages: [], sources: true, views: false })
  })

  it('a deleted runtime file makes them stale: its view does not stand in for it', async () => {
    const importer = `import { randomToken } from '../runtime/lib/random.js'\nexport const t: string = randomToken()\n`
    formatAndCheck(root, [{ file: probe, content: importer }])
    buildRuntimeViews()
    expect(createCheckProject(root, true).viewsStatus).toBe('fresh')
    const file = path.join(root, 'runtime/lib/random.ts')
    const text = await readFile(file, 'utf8')
    await rm(file)
    try {
      const project = createCheckProject(root, true)
      expect(project.viewsStatus).toBe('stale')
      expect(check(project, importer).messages.join('\n')).toMatch(/Cannot find module/)
    } finally {
      await writeFile(file, text)
    }
  })

  it('an edited package.json makes them stale too (it decides how imports resolve)', async () => {
    formatAndCheck(root, [{ file: probe, content: cases[0]![1] }])
    buildRuntimeViews()
    expect(createCheckProject(root, true).viewsStatus).toBe('fresh')
    const manifest = path.join(root, 'package.json')
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('"type": "module"', '"type": "commonjs"'),
    )
    expect(createCheckProject(root, true).viewsStatus).toBe('stale')
    await cp(path.join(repo, 'package.json'), manifest)
  })

  it('the CLI writes them once its checks are done, whatever the outcome of the run (not on CI)', async () => {
    await cp(path.join(repo, 'templates'), path.join(root, 'templates'), { recursive: true })
    const file = runtimeViewsPath(root, compiler.version, createCheckProject(root).options)!
    const generate = (env: NodeJS.ProcessEnv) =>
      promisify(execFile)(
        process.execPath,
        [path.join(repo, 'bin/authspec.js'), 'generate', '--check', '--root', root],
        {
          env,
        },
      ).catch(() => {})
    const { CI: _, ...local } = process.env
    await rm(file, { force: true })
    await generate({ ...local, CI: 'true' })
    expect(createCheckProject(root, true).viewsStatus).toBe('stale')
    await generate(local)
    expect(createCheckProject(root, true).viewsStatus).toBe('fresh')
    // Another root with the same runtime, packages and package.json shares them.
    const other = await mkdtemp(path.join(tmpdir(), 'authspec-views-other-'))
    try {
      await symlink(path.join(root, 'runtime'), path.join(other, 'runtime'), 'dir')
      await symlink(path.join(root, 'node_modules'), path.join(other, 'node_modules'), 'dir')
      await cp(path.join(root, 'package.json'), path.join(other, 'package.json'))
      expect(createCheckProject(other, true).viewsStatus).toBe('fresh')
      await writeFile(path.join(other, 'package.json'), '{ "type": "commonjs" }\n')
      expect(createCheckProject(other, true).viewsStatus).toBe('stale')
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
