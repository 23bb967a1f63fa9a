import { readFile } from 'node:fs/promises'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createCheckProject, formatAndCheck } from '../../generator/check.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))

/** Generated-looking files that use the real runtime and specs on disk. */
const cases: { name: string; content: string; error: RegExp | undefined }[] = [
  {
    name: 'a correct client file',
    content: `import { github } from '../generated/providers/github.js'\nexport const c = github({ clientId: 'a', redirectUri: 'https://app.example/cb' })\n`,
    error: undefined,
  },
  {
    name: 'a plain type error',
    content: `export const n: number = 'one'\n`,
    error: /line 1: Type 'string' is not assignable to type 'number'/,
  },
  {
    name: 'a scope the provider does not have',
    content: `import { github } from '../generated/providers/github.js'\nconst c = github({ clientId: 'a', redirectUri: 'https://app.example/cb' })\nexport const u = c.authorizationUrl({ scopes: ['no-such-scope'] })\n`,
    error: /line 3: .*no-such-scope/,
  },
  {
    name: 'a wrong type against a spec-derived response',
    content: `import type { GithubResponses } from '../generated/providers/github.js'\nexport const id: string = (null as unknown as GithubResponses['getAuthenticatedUser']).id\n`,
    error: /line 2: Type 'number' is not assignable to type 'string'/,
  },
  {
    name: 'a missing import',
    content: `import { nothing } from '../runtime/provider/no-such-file.js'\nexport const x = nothing\n`,
    error: /Cannot find module/,
  },
]

describe('formatAndCheck', () => {
  it.each(cases)(
    '$name',
    ({ content, error }) => {
      const { problems } = formatAndCheck(repo, [{ file: 'generated/check-probe.ts', content }])
      if (error === undefined) expect(problems).toEqual([])
      else {
        expect(problems.map((p) => p.file)).toEqual(['generated/check-probe.ts'])
        expect(problems[0]?.messages.join('\n')).toMatch(error)
      }
    },
    60_000,
  )

  it('files in a folder that does not exist on disk yet import each other', () => {
    const files = [
      {
        file: 'generated/not-on-disk/a.ts',
        content: "import { b } from './b.js'\nexport const a: number = b\n",
      },
      { file: 'generated/not-on-disk/b.ts', content: "export const b = 'text'\n" },
    ]
    const { problems } = formatAndCheck(repo, files)
    expect(problems.map((p) => p.file)).toEqual(['generated/not-on-disk/a.ts'])
    expect(problems[0]?.messages.join('\n')).toMatch(/Type 'string' is not assignable to type 'number'/)
  }, 60_000)

  it('a kept project re-checks a file whose text changed and skips one that passed unchanged', () => {
    const project = createCheckProject(repo)
    const good = { file: 'generated/check-probe.ts', content: 'export const n: number = 1\n' }
    expect(formatAndCheck(repo, [good], { project }).problems).toEqual([])
    const programAfterFirst = project.program
    expect(formatAndCheck(repo, [good], { project }).problems).toEqual([])
    expect(project.program).toBe(programAfterFirst)
    const bad = { file: good.file, content: "export const n: number = 'x'\n" }
    expect(formatAndCheck(repo, [bad], { project }).problems).toHaveLength(1)
    expect(formatAndCheck(repo, [good], { project }).problems).toEqual([])
  }, 60_000)

  it('formats like the committed output: generated/ files come back unchanged', async () => {
    const file = 'generated/providers/github.ts'
    const content = await readFile(path.join(repo, file), 'utf8')
    const messy = content.replace('export type GithubScope =', 'export type GithubScope=')
    expect(formatAndCheck(repo, [{ file, content: messy }], { typeCheck: false }).files[0]?.content).toBe(
      content,
    )
  })
})
