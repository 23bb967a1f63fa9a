import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import type { ts } from '@ts-morph/common'
import { loadCompilerWithCache, saveCompilerCache } from './load-compiler.js'

type Compiler = typeof ts

let compiler: Compiler | undefined
let getLibFiles: () => { fileName: string; text: string }[]

/**
 * The TypeScript compiler bundled with `@ts-morph/common` (the version the output's format was
 * fixed with), loaded on first use: `require` skips the ES-module lexer's scan of its 9 MB, which
 * an `import` pays on every start.
 */
function typescript(): Compiler {
  if (compiler) return compiler
  const require = createRequire(import.meta.url)
  loadCompilerWithCache(require)
  const common = require('@ts-morph/common') as {
    ts: Compiler
    getLibFiles: typeof getLibFiles
  }
  getLibFiles = common.getLibFiles
  compiler = common.ts
  return compiler
}

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
  libTexts ??= new Map(getLibFiles().map((f) => [path.posix.join(LIB_DIR, f.fileName), f.text]))
  return libTexts.get(fileName)
}

/**
 * Creates the reusable state of the type check with the strict options the project compiles with
 * (`tsconfig.json`'s flags that change what is an error), a minimal lib and `skipLibCheck`.
 */
export function createCheckProject(root: string): CheckProject {
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
  return { root, options, sources: parsed, generated: new Map(), program: undefined, passed: new Map() }
}

function createHost(project: CheckProject): ts.CompilerHost {
  const ts = typescript()
  const { sources, generated } = project
  const read = (fileName: string): string | undefined => {
    const memory = generated.get(fileName)
    if (memory !== undefined) return memory
    if (fileName.startsWith(LIB_DIR)) return libText(fileName)
    try {
      return readFileSync(fileName, 'utf8')
    } catch {
      return undefined
    }
  }
  return {
    getSourceFile(fileName, languageVersion) {
      const memory = generated.get(fileName)
      // Files on disk are keyed by mtime so that an unchanged file is parsed once per process.
      let key: string
      if (memory !== undefined) key = `m:${memory}`
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
    fileExists: (f) => generated.has(f) || (f.startsWith(LIB_DIR) ? libText(f) !== undefined : exists(f)),
    readFile: read,
    // generated/ may not exist on disk yet: its in-memory files' folders exist too.
    directoryExists: (d) =>
      d.startsWith(LIB_DIR) || isDirectory(d) || [...generated.keys()].some((f) => f.startsWith(`${d}/`)),
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
  const project = options.project ?? createCheckProject(root)
  project.generated.clear()
  for (const f of formatted) project.generated.set(path.join(root, f.file), f.content)
  const keyOf = (f: CheckedFile): string => `${f.content}\0${options.specs?.get(f.file) ?? ''}`
  const pending = formatted.filter((f) => project.passed.get(f.file) !== keyOf(f))
  if (pending.length === 0) return { files: formatted, problems: [] }
  // The warm-up's program was built from the output on disk; when every file is the same text it
  // is the program this check would build, so it answers (and one checker serves every request).
  const sameAsWarm = (program: ts.Program) =>
    formatted.every((f) => program.getSourceFile(path.join(root, f.file))?.text === f.content)
  if (!options.project && warm?.root === root && sameAsWarm(warm.program)) {
    return { files: formatted, problems: diagnose(warm.program, root, pending, project, keyOf) }
  }
  const program = ts.createProgram({
    rootNames: formatted.map((f) => path.join(root, f.file)),
    options: project.options,
    host: createHost(project),
    ...(project.program ? { oldProgram: project.program } : {}),
  })
  project.program = program
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

function formatSettings(ts: Compiler): ts.FormatCodeSettings {
  return {
    ...ts.getDefaultFormatCodeSettings('\n'),
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    newLineCharacter: '\n',
    semicolons: ts.SemicolonPreference.Remove,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  }
}

/**
 * The last formatting of each output file in this process. A watch run renders every file again
 * but usually changes one, and the formatter (a language service per file) cost more than that
 * file's whole check; its result depends on the text alone, so an unchanged text reuses it.
 */
const lastFormat = new Map<string, { raw: string; text: string }>()

function formatOnce(file: string, content: string): string {
  const hit = lastFormat.get(file)
  if (hit?.raw === content) return hit.text
  const text = format(file, content)
  lastFormat.set(file, { raw: content, text })
  return text
}

/** TypeScript's formatter over one file; needs only its syntax tree, no program. */
function format(file: string, content: string): string {
  const ts = typescript()
  let text = content
  const service = ts.createLanguageService({
    getCompilationSettings: () => ({}),
    getScriptFileNames: () => [file],
    getScriptVersion: () => '0',
    getScriptSnapshot: (f) => (f === file ? ts.ScriptSnapshot.fromString(text) : undefined),
    getCurrentDirectory: () => '/',
    getDefaultLibFileName: () => 'lib.d.ts',
    fileExists: (f) => f === file,
    readFile: (f) => (f === file ? text : undefined),
  })
  const edits = service.getFormattingEditsForDocument(file, formatSettings(ts))
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.start + e.span.length)
  }
  service.dispose()
  return text
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
  const project = createCheckProject(root)
  const host = createHost(project)
  host.getSourceFile(host.getDefaultLibFileName(project.options), ts.ScriptTarget.ES2022)
  if (roots.length === 0) return
  const program = ts.createProgram({
    rootNames: roots.map((f) => path.join(root, f)),
    options: project.options,
    host,
  })
  warm = { root, program }
}

/** The program warmUp built in this thread (a check worker), if any. */
let warm: { root: string; program: ts.Program } | undefined
