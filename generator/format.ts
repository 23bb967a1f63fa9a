import type { ts } from '@ts-morph/common'
import { typescript } from './load-compiler.js'

type Compiler = typeof ts

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

/** The file formatted the way generated/ is committed (TypeScript's formatter, house settings). */
export function formatOnce(file: string, content: string): string {
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
