import { readFileSync, statSync } from 'node:fs'
import * as path from 'node:path'
import type { ts } from '@ts-morph/common'
import { formatOnce } from './format.js'
import { libFiles, saveCompilerCache, typescript } from './load-compiler.js'
import { loadRuntimeViews, type RuntimeViews, saveRuntimeViews } from './runtime-views.js'

/** A generated file that failed the type check, with the compiler's messages. */
export interface CheckProblem {
  file: string
  messages: string[]
}

export interface CheckedFile {
  file: string
  content: string
}

/**
 * What stays alive between generator runs (watch mode, benchmarks): parsed source files, the last
 * program (for structure reuse) and which generated texts already passed.
 */
export interface CheckProject {
  root: string
  options: ts.CompilerOptions
  /** Parsed files from disk and from the in-memory lib, by absolute path. */
  sources: Map<string, { key: string; source: ts.SourceFile }>
  /** The in-memory text of each generated file being checked, by absolute path. */
  generated: Map<string, string>
  program: ts.Program | undefined
  /** Generated path → the key (its text and its spec's text) it last passed the check with. */
  passed: Map<string, string>
  /** Declaration views of the project's runtime/ read in place of its sources (runtime-views.ts). */
  views: RuntimeViews | undefined
  /** `stale`: the views could be built from this project's program once its check is done. */
  viewsStatus: 'fresh' | 'stale' | 'none'
}

const LIB_DIR = '/__authspec_lib__'

// The generated code needs ES2022 only; the DOM and @types/node the runtime uses are what made
// a check take seconds, and a missing web global in the runtime only weakens types there, which
// the project's own `tsc` checks anyway.
const LIB = 'lib.es2022.d.ts'

let libTexts: Map<string, string> | undefined

/**
 * Syntax trees shared by every check in the process (providers, then grants, then each watch
 * run): a tree depends only on its text, and parsing the runtime, zod and the lib is most of a
 * program's cost. Trees are keyed by file and text (or mtime), so an edit is parsed again.
 */
const parsed = new Map<string, { key: string; source: ts.SourceFile }>()

function libText(fileName: string): string | undefined {
  libTexts ??= new Map(libFiles().map((f) => [path.posix.join(LIB_DIR, f.fileName), f.text]))
  return libTexts.get(fileName)
}

/**
 * What module resolution looked for in this process: package.json files (path → text, undefined
 * when absent) and absent node_modules folders. The runtime views record them: a new or edited
 * package.json, or a new node_modules, can change what an import resolves to.
 */
const lookups = new Map<string, string | undefined>()

/**
 * Creates the reusable state of the type check with the strict options the project compiles with
 * (`tsconfig.json`'s flags that change what is an error), a minimal lib and `skipLibCheck`.
 * `views`: check against fresh declaration views of the project's runtime/ when there are some
 * (one-shot checks only: a kept project outlives runtime edits, which the views would not see).
 */
export function createCheckProject(root: string, views = false): CheckProject {
  const ts = typescript()
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: [LIB],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    esModuleInterop: false,
    skipLibCheck: true,
    resolveJsonModule: true,
    noEmit: true,
  }
  const found = views ? loadRuntimeViews(root, ts.version, options) : { status: 'none' as const }
  return {
    root,
    options,
    sources: parsed,
    generated: new Map(),
    program: undefined,
    passed: new Map(),
    views: found.status === 'fresh' ? found.views : undefined,
    viewsStatus: found.status,
  }
}

function createHost(project: CheckProject): ts.CompilerHost {
  const ts = typescript()
  const { sources, generated, views } = project
  const read = (fileName: string): string | undefined => {
    const memory = generated.get(fileName) ?? views?.declarations.get(fileName)
    if (memory !== undefined) return memory
    if (fileName.startsWith(LIB_DIR)) return libText(fileName)
    if (views?.replaced.has(fileName)) return undefined
    let text: string | undefined
    try {
      text = readFileSync(fileName, 'utf8')
    } catch {
      text = undefined
    }
    if (fileName.endsWith('/package.json')) lookups.set(fileName, text)
    return text
  }
  const fileExists = (f: string): boolean => {
    if (generated.has(f) || views?.declarations.has(f)) return true
    if (f.startsWith(LIB_DIR)) return libText(f) !== undefined
    if (views?.replaced.has(f)) return false
    const found = exists(f)
    if (f.endsWith('/package.json') && !found) lookups.set(f, undefined)
    return found
  }
  return {
    getSourceFile(fileName, languageVersion) {
      const memory = generated.get(fileName)
      // Files on disk are keyed by mtime so that an unchanged file is parsed once per process.
      let key: string
      if (memory !== undefined) key = `m:${memory}`
      else if (views?.declarations.has(fileName)) key = `v:${views.id}`
      else if (views?.replaced.has(fileName)) return undefined
      else if (fileName.startsWith(LIB_DIR)) key = 'lib'
      else {
        try {
          key = `d:${statSync(fileName).mtimeMs}`
        } catch {
          return undefined
        }
      }
      // The module format a file is parsed for depends on its package.json, not on the file.
      if (typeof languageVersion === 'object') key += `|${languageVersion.impliedNodeFormat ?? ''}`
      const hit = sources.get(fileName)
      if (hit && hit.key === key) return hit.source
      const text = read(fileName)
      if (text === undefined) return undefined
      // Like tsc, parse only the JSDoc that can change a type error (the runtime's TSDoc is not).
      const source = ts.createSourceFile(fileName, text, {
        ...(typeof languageVersion === 'object' ? languageVersion : { languageVersion }),
        jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
      })
      sources.set(fileName, { key, source })
      return source
    },
    getDefaultLibFileName: () => path.posix.join(LIB_DIR, LIB),
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => {},
    getCurrentDirectory: () => project.root,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists,
    readFile: read,
    // generated/ may not exist on disk yet: its in-memory files' folders exist too.
    directoryExists: (d) => {
      if (d.startsWith(LIB_DIR) || isDirectory(d) || [...generated.keys()].some((f) => f.startsWith(`${d}/`)))
        return true
      if (d.endsWith('/node_modules')) lookups.set(d, undefined)
      return false
    },
    getDirectories: () => [],
    realpath: (p) => p,
  }
}

function exists(f: string): boolean {
  try {
    return statSync(f).isFile()
  } catch {
    return false
  }
}

function isDirectory(d: string): boolean {
  try {
    return statSync(d).isDirectory()
  } catch {
    return false
  }
}

export interface CheckOptions {
  typeCheck?: boolean
  /** Run TypeScript's formatter first (default true); off for output already in its final form. */
  format?: boolean
  project?: CheckProject
  specs?: ReadonlyMap<string, string>
}

/**
 * Formats generated files and type-checks them in memory against the real specs and runtime on
 * disk. Nothing is written. With a kept `project`, files that already passed with the same text
 * (and the same spec text) are not checked again.
 */
export function formatAndCheck(
  root: string,
  files: readonly CheckedFile[],
  options: CheckOptions = {},
): { files: CheckedFile[]; problems: CheckProblem[] } {
  const ts = typescript()
  const formatted =
    options.format === false
      ? files.map((f) => ({ file: f.file, content: f.content }))
      : files.map((f) => ({ file: f.file, content: formatOnce(f.file, f.content) }))
  if (options.typeCheck === false) return { files: formatted, problems: [] }
  const keyOf = (f: CheckedFile): string => `${f.content}\0${options.specs?.get(f.file) ?? ''}`
  // The warm-up's program was built from the output on disk; when every file is the same text it
  // is the program this check would build, so it answers (and one checker serves every request).
  const sameAsWarm = (program: ts.Program) =>
    formatted.every((f) => program.getSourceFile(path.join(root, f.file))?.text === f.content)
  if (!options.project && warm?.root === root && sameAsWarm(warm.program)) {
    const { program, project } = warm
    const pending = formatted.filter((f) => project.passed.get(f.file) !== keyOf(f))
    return { files: formatted, problems: diagnose(program, root, pending, project, keyOf) }
  }
  const project = options.project ?? createCheckProject(root, true)
  project.generated.clear()
  for (const f of formatted) project.generated.set(path.join(root, f.file), f.content)
  const pending = formatted.filter((f) => project.passed.get(f.file) !== keyOf(f))
  if (pending.length === 0) return { files: formatted, problems: [] }
  const program = ts.createProgram({
    rootNames: formatted.map((f) => path.join(root, f.file)),
    options: project.options,
    host: createHost(project),
    ...(project.program ? { oldProgram: project.program } : {}),
  })
  project.program = program
  if (!options.project) lastOneShot ??= { project, program }
  return { files: formatted, problems: diagnose(program, root, pending, project, keyOf) }
}

/** The syntactic and semantic errors of `files` in `program`, recorded in `project.passed`. */
function diagnose(
  program: ts.Program,
  root: string,
  files: readonly CheckedFile[],
  project: CheckProject,
  keyOf: (f: CheckedFile) => string,
): CheckProblem[] {
  const problems: CheckProblem[] = []
  for (const f of files) {
    const source = program.getSourceFile(path.join(root, f.file))
    const diagnostics = source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : []
    if (diagnostics.length > 0) {
      problems.push({ file: f.file, messages: diagnostics.map(describe) })
      project.passed.delete(f.file)
    } else project.passed.set(f.file, keyOf(f))
  }
  saveCompilerCache()
  return problems
}

function describe(d: ts.Diagnostic): string {
  const ts = typescript()
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
  if (!d.file || d.start === undefined) return text
  return `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${text}`
}

/**
 * Loads the compiler and parses everything `roots` (files on disk, relative to `root`) import,
 * without checking: a worker does this while the main thread loads specs and renders, and the
 * check that follows finds the trees already parsed.
 */
export function warmUp(root: string, roots: readonly string[]): void {
  const ts = typescript()
  const project = createCheckProject(root, true)
  const host = createHost(project)
  host.getSourceFile(host.getDefaultLibFileName(project.options), ts.ScriptTarget.ES2022)
  if (roots.length === 0) return
  const program = ts.createProgram({
    rootNames: roots.map((f) => path.join(root, f)),
    options: project.options,
    host,
  })
  warm = { root, program, project }
  lastOneShot = { project, program }
}

/** The program warmUp built in this thread (a check worker), if any. */
let warm: { root: string; program: ts.Program; project: CheckProject } | undefined

/** The program of the first one-shot check (or warm-up) in this thread: what views are built from. */
let lastOneShot: { project: CheckProject; program: ts.Program } | undefined

/**
 * Writes the declaration views of the project's runtime/ (runtime-views.ts) when this thread's
 * one-shot check read its sources because the views were stale or did not cover the program: a
 * check worker does this once every check of the command is done. Returns whether it wrote.
 */
export function buildRuntimeViews(): boolean {
  const last = lastOneShot
  lastOneShot = undefined
  if (!last || last.project.viewsStatus === 'none') return false
  const ts = typescript()
  const runtime = `${path.join(last.project.root, 'runtime')}${path.sep}`
  const isRuntimeSource = (s: ts.SourceFile) =>
    s.fileName.startsWith(runtime) && s.fileName.endsWith('.ts') && !s.isDeclarationFile
  let { project, program } = last
  if (!program.getSourceFiles().some(isRuntimeSource)) return false
  if (project.views) {
    // Views that left part of the runtime out: start over from the sources alone.
    const generated = project.generated
    project = createCheckProject(project.root)
    for (const [file, text] of generated) project.generated.set(file, text)
    program = ts.createProgram({
      rootNames: program.getRootFileNames(),
      options: project.options,
      host: createHost(project),
    })
  }
  saveRuntimeViews(ts, project.root, program, createHost(project), project.options, lookups)
  return true
}
