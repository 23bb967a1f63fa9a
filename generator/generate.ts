import type { SpecError } from '../runtime/errors.js'
import { type LoadedGrant, loadGrants } from './grants/load.js'
import { emitGrants } from './grants/render.js'
import type { ProviderModel } from './model.js'
import { importsThePackage } from './package-root.js'
import { emitProviders, loadModels } from './providers.js'
import { loadTemplates } from './render.js'
import type { ModelCache } from './sources.js'
import { syncGenerated } from './sync-generated.js'

export { importsThePackage }

export interface GenerateOptions {
  /** Project root (holds providers/, grants/, templates/, generated/). */
  root: string
  /** Compare only: write nothing, report stale files. */
  check?: boolean
  /** Progress messages for long runs. */
  onProgress?: (message: string) => void
  /** Kept between runs in watch mode: files that did not change are not loaded again. */
  cache?: GeneratorCache
}

/** What watch mode keeps between runs: the models of the files loaded so far. */
export interface GeneratorCache {
  providers: ModelCache<ProviderModel>
  grants: ModelCache<LoadedGrant>
}

/** An empty cache for `generate({ cache })`. */
export function createGeneratorCache(): GeneratorCache {
  return { providers: new Map(), grants: new Map() }
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
  /** Files under generated/ no source produces any more: deleted (generate) or reported (check). */
  removed: string[]
  /** What is wrong with the specs and definitions; when there is any, nothing was written. */
  problems: SpecError[]
  providers: ProviderModel[]
  grants: LoadedGrant[]
}

/**
 * The generator's one pipeline, for provider specs and grant definitions alike: load (esbuild) →
 * validate → model → emit (handlebars templates, laid out as biome prints) → format → write only
 * the files whose bytes changed (or, with `check`, only report them). Nothing is written when any
 * source has a problem. Type-checking the output is the project's own `tsc` (see typecheck.ts).
 *
 * @example
 * const { changed, problems } = await generate({ root: process.cwd(), check: true })
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { root, onProgress, cache } = options
  const [providers, grants] = await Promise.all([
    loadModels(root, onProgress, cache?.providers),
    loadGrants(root, cache?.grants, onProgress),
  ])
  const problems = [...providers.problems, ...grants.problems]
  const result = {
    files: [],
    changed: [],
    removed: [],
    problems,
    providers: providers.models,
    grants: grants.models,
  }
  if (problems.length > 0) return result

  onProgress?.(`rendering ${providers.models.length} provider(s) and ${grants.models.length} grant(s)`)
  const emitted = { root, render: loadTemplates(root), packaged: await importsThePackage(root) }
  const outputs = [
    { folder: 'generated/providers', files: emitProviders(providers.models, emitted) },
    { folder: 'generated/grants', files: emitGrants(grants.models, emitted) },
  ]
  const check = options.check === true
  const synced = []
  for (const { folder, files } of outputs) synced.push(await syncGenerated(root, files, folder, check))
  return {
    ...result,
    files: outputs.flatMap((o) => o.files),
    changed: synced.flatMap((s) => s.changed),
    removed: synced.flatMap((s) => s.removed),
  }
}
