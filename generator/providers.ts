import type { SpecError } from '../runtime/errors.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { findSpecProblems } from '../runtime/provider/validate-spec.js'
import { packageImport } from './emit.js'
import { buildModel, indexContext, type ProviderModel, providerContext } from './model.js'
import type { Render } from './render.js'
import { loadSources, type ModelCache, type SourceKind } from './sources.js'

/** Provider specs as a source of the generator: validated, then modelled as plain sorted data. */
export const providerSource: SourceKind<ProviderModel> = {
  folder: 'providers',
  define: 'defineProvider',
  model(value, file) {
    const problems = findSpecProblems(value, file)
    return problems.length > 0 ? problems : buildModel(value as ProviderSpec, file)
  },
}

/** Loads and validates every spec under providers/, returning models or the problems found. */
export function loadModels(
  root: string,
  onProgress?: (message: string) => void,
  cache?: ModelCache<ProviderModel>,
): Promise<{ models: ProviderModel[]; problems: SpecError[] }> {
  return loadSources(root, providerSource, cache, onProgress)
}

/**
 * generated/index.ts and one generated/providers/<id>.ts per model, in a stable order. In a
 * project that has authspec installed (`packaged`), the runtime is imported as `authspec/provider`.
 */
export function emitProviders(
  models: readonly ProviderModel[],
  options: { render: Render; packaged: boolean },
): { file: string; content: string }[] {
  const contextFor = (m: ProviderModel) => {
    const context = providerContext(m)
    return options.packaged ? { ...context, imports: context.imports.map((i) => packageImport(i)) } : context
  }
  return [
    { file: 'generated/index.ts', content: options.render('index.ts', indexContext(models)) },
    ...[...models]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((m) => ({
        file: `generated/providers/${m.id}.ts`,
        content: options.render('provider.ts', contextFor(m)),
      })),
  ]
}
