import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { ts } from '@ts-morph/common'

/**
 * Declaration views of a project's own `runtime/` (authspec's tree, and scratch copies or links of
 * it): the `.d.ts` text `tsc --declaration` makes of each runtime source, which is what a project
 * with authspec installed checks against (the package's `dist/*.d.ts`). Checking generated files
 * against them instead of the sources skips parsing, binding and inferring the runtime's function
 * bodies (~0.3 s of a cold run), with the same answer: a declaration carries the types a consumer
 * can see, no more and no less.
 *
 * One JSON file per `node_modules` (by real path), compiler version and options, under
 * `node_modules/.cache/authspec/`. It records every file the declarations were computed from (the
 * runtime sources, the packages' declaration files, and the package.json files and node_modules
 * folders module resolution looked for, present or absent) by its path relative to the project
 * root, with the SHA-256 of its text. It is used only when each of those paths, taken from the
 * root being checked, still holds the same text (so a scratch copy of the same runtime shares it);
 * otherwise the check reads the sources, and the run writes the views afresh once its checks are
 * done (~2 s once after a runtime edit). Kept projects (watch mode) never use views: they outlive
 * edits.
 */
export interface RuntimeViews {
  /** `<root>/runtime/…/x.d.ts` (absolute) → declaration text. */
  declarations: Map<string, string>
  /** `<root>/runtime/…/x.ts` sources that the declarations stand for. */
  replaced: Set<string>
  /** Identifies this set of texts (keys parsed trees). */
  id: string
}

interface ViewsFile {
  format: 1
  compiler: string
  options: string
  /**
   * Path relative to the project root (which may climb out of it) → SHA-256 of the text the
   * declarations were computed from; '' for a file that must stay absent.
   */
  inputs: Record<string, string>
  /** Runtime-relative `provider/x.d.ts` → text; null when the emit reported a problem. */
  declarations: Record<string, string> | null
}

/** Where the views of `root`'s runtime live, or undefined when `root` has no runtime/ to view. */
export function runtimeViewsPath(
  root: string,
  compiler: string,
  options: ts.CompilerOptions,
): string | undefined {
  try {
    if (!statSync(path.join(root, 'runtime')).isDirectory()) return undefined
    const modules = realpathSync(path.join(root, 'node_modules'))
    const key = createHash('sha256')
      .update(`${modules}\0${compiler}\0${JSON.stringify(options)}`)
      .digest('hex')
      .slice(0, 16)
    return path.join(modules, '.cache', 'authspec', `runtime-dts-${key}.json`)
  } catch {
    return undefined
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The hash of a file's text; '' when nothing is there, 'folder' for a folder. */
function hashOf(file: string): string {
  try {
    return statSync(file).isDirectory() ? 'folder' : sha256(readFileSync(file, 'utf8'))
  } catch {
    return ''
  }
}

/**
 * The views of `root`'s runtime when they are fresh; `stale` means they can be (re)built, `none`
 * that there is nothing to view or that the last build reported a problem for these same inputs.
 */
export function loadRuntimeViews(
  root: string,
  compiler: string,
  options: ts.CompilerOptions,
): { status: 'fresh'; views: RuntimeViews } | { status: 'stale' | 'none' } {
  const file = runtimeViewsPath(root, compiler, options)
  if (!file) return { status: 'none' }
  let raw: string
  let saved: ViewsFile
  try {
    raw = readFileSync(file, 'utf8')
    saved = JSON.parse(raw) as ViewsFile
  } catch {
    return { status: 'stale' }
  }
  if (saved.format !== 1 || saved.compiler !== compiler || saved.options !== JSON.stringify(options))
    return { status: 'stale' }
  // Checked against this root's files: a scratch project linking the same runtime/ and
  // node_modules shares the views only when its own package.json files match too.
  for (const [input, hash] of Object.entries(saved.inputs))
    if (hashOf(path.resolve(root, input)) !== hash) return { status: 'stale' }
  if (!saved.declarations) return { status: 'none' }
  const runtime = path.join(root, 'runtime')
  const declarations = new Map<string, string>()
  const replaced = new Set<string>()
  for (const [relative, text] of Object.entries(saved.declarations)) {
    const absolute = path.join(runtime, relative)
    declarations.set(absolute, text)
    replaced.add(absolute.replace(/\.d\.ts$/, '.ts'))
  }
  return { status: 'fresh', views: { declarations, replaced, id: sha256(raw) } }
}

/**
 * Emits the declarations of every runtime source in `program` (a program over the sources, no
 * views) and saves them with the hashes of what they were computed from: the text of every file
 * of the program as it was parsed, except the lib (part of the compiler), the generated files,
 * specs and grants (the runtime never imports them), plus the package.json files module
 * resolution looked for (`lookups`: path → text as read; undefined for a package.json or
 * node_modules folder that was absent, which must stay so).
 */
export function saveRuntimeViews(
  compiler: typeof ts,
  root: string,
  program: ts.Program,
  host: ts.CompilerHost,
  options: ts.CompilerOptions,
  lookups: ReadonlyMap<string, string | undefined>,
): void {
  const file = runtimeViewsPath(root, compiler.version, options)
  if (!file) return
  const runtime = `${path.join(root, 'runtime')}${path.sep}`
  const skipped = ['providers', 'grants', 'generated'].map((d) => `${path.join(root, d)}${path.sep}`)
  // The declarations and the hashes both come from this program's texts, so a file edited during
  // the run is recorded as the text the declarations were made from (and is stale on disk).
  const emitting = compiler.createProgram({
    rootNames: program.getRootFileNames(),
    options: { ...options, noEmit: false, declaration: true, emitDeclarationOnly: true },
    host,
    oldProgram: program,
  })
  const inputs: Record<string, string> = {}
  const sources: ts.SourceFile[] = []
  for (const source of emitting.getSourceFiles()) {
    const name = source.fileName
    if (emitting.isSourceFileDefaultLibrary(source) || skipped.some((d) => name.startsWith(d))) continue
    if (name.startsWith(runtime) && name.endsWith('.ts') && !source.isDeclarationFile) sources.push(source)
    inputs[path.relative(root, name)] = sha256(source.text)
  }
  if (sources.length === 0) return
  for (const [lookup, text] of lookups) {
    inputs[path.relative(root, lookup)] = text === undefined ? '' : sha256(text)
  }
  let declarations: Record<string, string> | null = {}
  for (const source of sources) {
    const out: Record<string, string> = {}
    const result = emitting.emit(
      source,
      (name, text) => {
        out[path.relative(runtime, name)] = text
      },
      undefined,
      true,
    )
    if (result.diagnostics.length > 0 || Object.keys(out).length !== 1) {
      declarations = null
      break
    }
    Object.assign(declarations, out)
  }
  const saved: ViewsFile = {
    format: 1,
    compiler: compiler.version,
    options: JSON.stringify(options),
    inputs,
    declarations,
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}`
    writeFileSync(temporary, JSON.stringify(saved))
    renameSync(temporary, file)
  } catch {
    // A read-only node_modules only means later runs check against the sources.
  }
}
