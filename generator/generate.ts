import { readFile, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { SpecError } from '../runtime/errors.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { findSpecProblems } from '../runtime/provider/validate-spec.js'
import { type CheckProblem, type CheckProject, createCheckProject } from './check.js'
import { formatAndCheckAsync } from './check-workers.js'
import { packageImport } from './emit.js'
import { listSpecFiles, loadSpecs } from './load.js'
import { buildModel, indexContext, type ProviderModel, providerContext } from './model.js'
import { importsThePackage } from './package-root.js'
import { loadTemplates } from './render.js'
import { syncGenerated } from './sync-generated.js'

export { importsThePackage }

export interface GenerateOptions {
  /** Project root (holds providers/, templates/, generated/). */
  root: string
  /** Compare only: write nothing, report stale files. */
  check?: boolean
  /** Type-check the output with the project's compiler options (default true). */
  typeCheck?: boolean
  /** Progress messages for long runs. */
  onProgress?: (message: string) => void
  /** Kept between runs in watch mode: specs whose file did not change are not loaded again. */
  cache?: GeneratorCache
}

/** What watch mode keeps between runs. */
export interface GeneratorCache {
  models: Map<string, { mtimeMs: number; model: ProviderModel }>
  project?: CheckProject
}

/** An empty cache for `generate({ cache })`. */
export function createGeneratorCache(): GeneratorCache {
  return { models: new Map() }
}

export interface GeneratedFile {
  /** Path relative to the root, e.g. `generated/providers/github.ts`. */
  file: string
  content: string
}

export interface GenerateResult {
  files: GeneratedFile[]
  /** Files written (generate) or that would be (check). */
  changed: string[]
  /** Files under generated/ no spec produces any more: deleted (generate) or reported (check). */
  removed: string[]
  specProblems: SpecError[]
  typeProblems: CheckProblem[]
  models: ProviderModel[]
}

/** Loads and validates every spec under providers/, returning models or the problems found. */
export async function loadModels(
  root: string,
  onProgress?: (message: string) => void,
  cache?: GeneratorCache,
): Promise<{ models: ProviderModel[]; problems: SpecError[] }> {
  const models: ProviderModel[] = []
  const problems: SpecError[] = []
  const files = await listSpecFiles(root)
  for (const key of [...(cache?.models.keys() ?? [])]) if (!files.includes(key)) cache?.models.delete(key)
  const mtimes = new Map<string, number>()
  for (const file of files) mtimes.set(file, (await stat(path.join(root, file))).mtimeMs)
  const stale = files.filter((f) => cache?.models.get(f)?.mtimeMs !== mtimes.get(f))
  for (const file of stale) onProgress?.(`loading ${file}`)
  const loaded = await loadSpecs(root, stale)
  for (const file of files) {
    const hit = cache?.models.get(file)
    if (hit && hit.mtimeMs === mtimes.get(file)) {
      models.push(hit.model)
      continue
    }
    const spec = loaded.get(file)!
    if (spec instanceof SpecError) {
      problems.push(spec)
      continue
    }
    const found = findSpecProblems(spec.value, file)
    if (found.length > 0) problems.push(...found)
    else {
      try {
        const model = buildModel(spec.value as ProviderSpec, file)
        cache?.models.set(file, { mtimeMs: mtimes.get(file)!, model })
        models.push(model)
      } catch (err) {
        if (err instanceof Error && 'file' in err) problems.push(err as SpecError)
        else throw err
      }
    }
  }
  return { models, problems }
}

/** Renders the generated files of the given models, formatted, in a stable order. */
export async function renderModels(
  root: string,
  models: readonly ProviderModel[],
  typeCheck = true,
  cache?: GeneratorCache,
): Promise<{ files: GeneratedFile[]; problems: CheckProblem[] }> {
  const templates = await loadTemplates(root)
  const packaged = await importsThePackage(root)
  const contextFor = (m: ProviderModel) => {
    const context = providerContext(m)
    return packaged ? { ...context, imports: context.imports.map((i) => packageImport(i)) } : context
  }
  const raw: GeneratedFile[] = [
    { file: 'generated/index.ts', content: templates['index.ts'](indexContext(models)) },
    ...[...models]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((m) => ({
        file: `generated/providers/${m.id}.ts`,
        content: templates['provider.ts'](contextFor(m)),
      })),
  ]
  if (cache && !cache.project) cache.project = createCheckProject(root)
  // A generated file's types come from `typeof spec`, so a spec edit re-checks it even when the
  // generated text stays the same.
  const specs = new Map<string, string>()
  if (typeCheck) {
    for (const m of models) {
      const text = await readFile(path.join(root, m.file), 'utf8').catch(() => '')
      specs.set(`generated/providers/${m.id}.ts`, text)
    }
  }
  return formatAndCheckAsync(root, raw, {
    typeCheck,
    specs,
    ...(cache?.project ? { project: cache.project } : {}),
  })
}

/**
 * The whole pipeline: load → validate → model → render → format and type-check → write only
 * what changed (or, with `check`, only report it). Nothing is written when any spec or any
 * output has a problem.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { root, onProgress } = options
  const { models, problems } = await loadModels(root, onProgress, options.cache)
  const empty = { files: [], changed: [], removed: [], typeProblems: [], models }
  if (problems.length > 0) return { ...empty, specProblems: problems }
  onProgress?.(`rendering ${models.length} provider${models.length === 1 ? '' : 's'}`)
  const { files, problems: typeProblems } = await renderModels(
    root,
    models,
    options.typeCheck !== false,
    options.cache,
  )
  if (typeProblems.length > 0) return { ...empty, files, specProblems: [], typeProblems }

  const { changed, removed } = await syncGenerated(root, files, 'generated/providers', options.check === true)
  return { files, changed, removed, specProblems: [], typeProblems: [], models }
}
