import { stat } from 'node:fs/promises'
import * as path from 'node:path'
import { SpecError } from '../runtime/errors.js'
import { defaultExport, type ImportOutcome, importTypeScript, listSourceFiles } from './load.js'

/**
 * One kind of source the generator compiles (provider specs, grant definitions): where its files
 * are and how one file's default export is validated and turned into the model the emitters read.
 */
export interface SourceKind<M> {
  /** The project folder its files are in, and the folder under generated/ its output goes to. */
  folder: 'providers' | 'grants'
  /** The function a file's default export is made with, named when the export is missing. */
  define: 'defineProvider' | 'defineGrant'
  /** The model of one file, or its problems (each naming the file and the field). */
  model(value: unknown, file: string): M | SpecError[]
}

/** Models kept between watch runs, by file: a file whose mtime did not change is not loaded again. */
export type ModelCache<M> = Map<string, { mtimeMs: number; model: M }>

/** Each file's model or its problems, in the order of `outcomes`. */
export function modelsOf<M>(
  kind: SourceKind<M>,
  outcomes: ReadonlyMap<string, ImportOutcome>,
): { models: M[]; problems: SpecError[]; byFile: Map<string, M> } {
  const models: M[] = []
  const problems: SpecError[] = []
  const byFile = new Map<string, M>()
  for (const [file, outcome] of outcomes) {
    let result: M | SpecError[]
    try {
      result = kind.model(defaultExport(file, outcome, kind.define), file)
    } catch (err) {
      if (!(err instanceof SpecError)) throw err
      result = [err]
    }
    if (Array.isArray(result)) problems.push(...(result as SpecError[]))
    else {
      models.push(result)
      byFile.set(file, result)
    }
  }
  return { models, problems, byFile }
}

/**
 * The load → validate → model steps for every file of one kind in a project: files listed, the
 * ones not in `cache` (or changed since) imported in one compiler pass, each validated and
 * modelled. Models come back in file order.
 */
export async function loadSources<M>(
  root: string,
  kind: SourceKind<M>,
  cache?: ModelCache<M>,
  onProgress?: (message: string) => void,
): Promise<{ models: M[]; problems: SpecError[] }> {
  const files = await listSourceFiles(root, kind.folder)
  const mtimes = new Map<string, number>()
  for (const file of files) mtimes.set(file, (await stat(path.join(root, file))).mtimeMs)
  for (const key of [...(cache?.keys() ?? [])]) if (!files.includes(key)) cache?.delete(key)
  const stale = files.filter((f) => cache?.get(f)?.mtimeMs !== mtimes.get(f))
  for (const file of stale) onProgress?.(`loading ${file}`)
  const fresh = modelsOf(kind, await importTypeScript(root, stale))
  for (const file of stale) {
    const model = fresh.byFile.get(file)
    if (model === undefined) cache?.delete(file)
    else cache?.set(file, { mtimeMs: mtimes.get(file)!, model })
  }
  const models = files.flatMap((f) => {
    const model = fresh.byFile.get(f) ?? cache?.get(f)?.model
    return model === undefined ? [] : [model]
  })
  return { models, problems: fresh.problems }
}
