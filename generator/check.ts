import * as path from 'node:path'
import { type Diagnostic, Project, ts } from 'ts-morph'

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
 * Formats generated files and type-checks them in memory with the project's compiler options,
 * against the real specs and runtime on disk. Nothing is written.
 */
export function formatAndCheck(
  root: string,
  files: readonly CheckedFile[],
  options: { typeCheck?: boolean; project?: Project } = {},
): { files: CheckedFile[]; problems: CheckProblem[] } {
  const project = options.project ?? createCheckProject(root)
  const formatted: CheckedFile[] = []
  const sources = files.map((f) => {
    const source = project.createSourceFile(path.join(root, f.file), f.content, { overwrite: true })
    source.formatText({
      indentSize: 2,
      convertTabsToSpaces: true,
      semicolons: ts.SemicolonPreference.Remove,
      insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
    })
    formatted.push({ file: f.file, content: source.getFullText() })
    return { file: f.file, source }
  })
  const problems: CheckProblem[] = []
  if (options.typeCheck !== false) {
    for (const { file, source } of sources) {
      const diagnostics = source.getPreEmitDiagnostics()
      if (diagnostics.length > 0) problems.push({ file, messages: diagnostics.map((d) => describe(d)) })
    }
  }
  return { files: formatted, problems }
}

/** A ts-morph project with the root's compiler options; watch mode keeps one between runs. */
export function createCheckProject(root: string): Project {
  return new Project({
    tsConfigFilePath: path.join(root, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    // ts-morph bundles a newer TypeScript that flags the project's esModuleInterop=false.
    compilerOptions: { ignoreDeprecations: '6.0' },
  })
}

function describe(d: Diagnostic): string {
  const message = d.getMessageText()
  const text =
    typeof message === 'string' ? message : ts.flattenDiagnosticMessageText(message.compilerObject, '\n')
  const line = d.getLineNumber()
  return line === undefined ? text : `line ${line}: ${text}`
}
