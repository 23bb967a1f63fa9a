import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { PACKAGE_ROOT } from './package-root.js'

// handlebars is CommonJS and the project compiles without esModuleInterop; required on first use.
let handlebars: typeof import('handlebars') | undefined

export type TemplateName = 'provider.ts' | 'index.ts'

/** Compiled templates from `templates/`, read once per generator run. */
export async function loadTemplates(
  root: string,
): Promise<Record<TemplateName, (context: object) => string>> {
  const names: TemplateName[] = ['index.ts', 'provider.ts']
  const out = {} as Record<TemplateName, (context: object) => string>
  for (const name of names) {
    const source = await readFile(path.join(templatesDir(root), `${name}.hbs`), 'utf8')
    const template = compileOnce(name, source)
    out[name] = (context) => normalize(template(context))
  }
  return out
}

/** Compiled templates by name and source: watch mode loads the templates on every run. */
const compiled = new Map<string, { source: string; template: (context: object) => string }>()

function compileOnce(name: TemplateName, source: string): (context: object) => string {
  const hit = compiled.get(name)
  if (hit?.source === source) return hit.template
  handlebars ??= createRequire(import.meta.url)('handlebars') as typeof import('handlebars')
  // noEscape: the output is TypeScript, not HTML; strict: a missing context field is an error.
  const template = handlebars.create().compile(source, { noEscape: true, strict: true })
  compiled.set(name, { source, template })
  return template
}

/** The project's own templates/ when it has one, else the ones shipped with authspec. */
function templatesDir(root: string): string {
  const own = path.join(root, 'templates')
  if (existsSync(path.join(own, 'provider.ts.hbs'))) return own
  return path.join(PACKAGE_ROOT, 'templates')
}

/** LF endings, no trailing spaces, no runs of blank lines, one final newline. */
export function normalize(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
