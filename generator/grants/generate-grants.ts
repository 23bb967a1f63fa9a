import { mkdir } from 'node:fs/promises'
import * as path from 'node:path'
import type { SpecError } from '../../runtime/errors.js'
import type { CheckProblem } from '../check.js'
import { formatAndCheckAsync } from '../check-workers.js'
import { importsThePackage } from '../package-root.js'
import { syncGenerated } from '../sync-generated.js'
import { type LoadedGrant, loadGrants } from './load.js'
import { renderGrantIndex, renderGrantModule } from './render.js'

export interface GenerateGrantsOptions {
  root: string
  /** Write nothing; report what is stale. */
  check?: boolean
  /** Type-check the output (default true); a definition whose hooks do not fit its engine fails here. */
  typeCheck?: boolean
}

export interface GenerateGrantsResult {
  files: { file: string; content: string }[]
  changed: string[]
  removed: string[]
  specProblems: SpecError[]
  typeProblems: CheckProblem[]
  grants: LoadedGrant[]
}

/**
 * grants/*.ts → generated/grants/<name>.ts and generated/grants/index.ts: load, validate, render,
 * format and type-check, then write only what changed. Nothing is written on any problem.
 *
 * @example
 * const result = await generateGrants({ root: process.cwd() })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export async function generateGrants(options: GenerateGrantsOptions): Promise<GenerateGrantsResult> {
  const { root } = options
  const { grants, problems } = await loadGrants(root)
  const empty = { files: [], changed: [], removed: [], typeProblems: [], grants }
  if (problems.length > 0) return { ...empty, specProblems: problems }
  if (grants.length === 0) return { ...empty, specProblems: [] }
  // The compiler resolves the index's relative imports only inside a directory that exists.
  await mkdir(path.join(root, 'generated/grants'), { recursive: true })
  const packaged = await importsThePackage(root)
  // The index last: the type check resolves its imports against the modules created before it.
  const raw = [
    ...grants.map((g) => ({
      file: `generated/grants/${g.definition.name}.ts`,
      content: renderGrantModule(root, g, undefined, packaged),
    })),
    { file: 'generated/grants/index.ts', content: renderGrantIndex(root, grants, undefined, packaged) },
  ]
  // The renderer already writes the house format (biome's), which the compiler's formatter would undo.
  const { problems: typeProblems } = await formatAndCheckAsync(root, raw, {
    typeCheck: options.typeCheck !== false,
    // Checked exactly as written.
    format: false,
  })
  const files = raw
  if (typeProblems.length > 0) return { ...empty, files, specProblems: [], typeProblems }
  const { changed, removed } = await syncGenerated(root, files, 'generated/grants', options.check === true)
  return { files, changed, removed, specProblems: [], typeProblems: [], grants }
}
