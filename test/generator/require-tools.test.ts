import { describe, expect, it } from 'vitest'
import { didYouMean } from '../../generator/did-you-mean.js'
import { loadTool, MissingToolError, requireTools } from '../../generator/require-tools.js'

// A tool that is not installed is simulated by a package name that does not exist.
const NOWHERE = 'authspec-no-such-tool'

describe('loadTool and requireTools', () => {
  it('loadTool imports an installed tool', async () => {
    const esbuild = await loadTool<typeof import('esbuild')>('esbuild', 'generate')
    expect(typeof esbuild.build).toBe('function')
  })

  it('loadTool names the command and the install command in one line when the tool is missing', async () => {
    const err = await loadTool(NOWHERE, 'generate').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MissingToolError)
    expect((err as Error).message).toBe(`authspec generate needs ${NOWHERE}: npm install -D ${NOWHERE}`)
  })

  it('a tool missing deep inside a command gets the command once the CLI knows it', async () => {
    const err = (await loadTool(NOWHERE).catch((e: unknown) => e)) as MissingToolError
    expect(err.message).toBe(`authspec needs ${NOWHERE}: npm install -D ${NOWHERE}`)
    expect(err.forCommand('scaffold').message).toBe(
      `authspec scaffold needs ${NOWHERE}: npm install -D ${NOWHERE}`,
    )
  })

  it('requireTools lists every missing tool in one line and none that is installed', () => {
    expect(() => requireTools('generate', ['esbuild', 'handlebars'])).not.toThrow()
    expect(() => requireTools('generate', ['esbuild', `${NOWHERE}-a`, `${NOWHERE}-b`])).toThrow(
      new MissingToolError([`${NOWHERE}-a`, `${NOWHERE}-b`], 'generate'),
    )
    expect(new MissingToolError(['esbuild', 'handlebars', 'ts-morph'], 'generate').message).toBe(
      'authspec generate needs esbuild, handlebars and ts-morph: npm install -D esbuild handlebars ts-morph',
    )
  })
})

describe('didYouMean', () => {
  const commands = ['generate', 'validate', 'list', 'new', 'mock', 'scaffold', 'help', 'version']
  it.each([
    ['a letter missing', { given: 'scafold', want: 'scaffold' }],
    ['two letters swapped', { given: 'provdier', want: 'provider' }],
    ['a wrong letter', { given: 'genarate', want: 'generate' }],
    ['another case', { given: 'Validate', want: 'validate' }],
    ['too far from any', { given: 'frobnicate', want: undefined }],
    ['a short word, two edits', { given: 'nwe', want: 'new' }],
  ])('%s', (_name, { given, want }) => {
    expect(didYouMean(given, [...commands, 'provider', 'grant'])).toBe(want)
  })
})
