import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import * as path from 'node:path'

// handlebars is CommonJS and the project compiles without esModuleInterop.
const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars')

export type TemplateName = 'provider.ts' | 'index.ts'

/** Compiled templates from `templates/`, read once per generator run. */
export async function loadTemplates(
  root: string,
): Promise<Record<TemplateName, (context: object) => string>> {
  const names: TemplateName[] = ['index.ts', 'provider.ts']
  const out = {} as Record<TemplateName, (context: object) => string>
  for (const name of names) {
    const source = await readFile(path.join(root, 'templates', `${name}.hbs`), 'utf8')
    // noEscape: the output is TypeScript, not HTML; strict: a missing context field is an error.
    const template = Handlebars.create().compile(source, { noEscape: true, strict: true })
    out[name] = (context) => normalize(template(context))
  }
  return out
}

/** LF endings, no trailing spaces, no runs of blank lines, one final newline. */
export function normalize(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
