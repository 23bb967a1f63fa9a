import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { PACKAGE_ROOT } from './package-root.js'

/** Every template the generator renders, by its path under templates/ without `.hbs`. */
export type TemplateName = 'provider.ts' | 'index.ts' | 'grants/module.ts' | 'grants/index.ts'

/** Renders one template with its context into a generated file's final text. */
export type Render = (name: TemplateName, context: object) => string

/**
 * The one template loader for providers and grants: the project's own `templates/<name>.hbs`
 * when it has one, else the one authspec ships. Each template is compiled on first use and kept
 * for this run only (a watch run loads them again, so an edited template takes effect).
 *
 * @example
 * const render = loadTemplates(root)
 * render('grants/index.ts', { metadataImport: 'authspec/grants', grants: [] })
 */
export function loadTemplates(root: string): Render {
  // handlebars is CommonJS and the project compiles without esModuleInterop.
  const handlebars = (createRequire(import.meta.url)('handlebars') as typeof import('handlebars')).create()
  const compiled = new Map<TemplateName, (context: object) => string>()
  return (name, context) => {
    let template = compiled.get(name)
    if (!template) {
      const source = readFileSync(templatePath(root, name), 'utf8')
      // noEscape: the output is TypeScript, not HTML; strict: a missing context field is an error.
      template = handlebars.compile(source, { noEscape: true, strict: true })
      compiled.set(name, template)
    }
    return format(template(context))
  }
}

function templatePath(root: string, name: TemplateName): string {
  const own = path.join(root, 'templates', `${name}.hbs`)
  return existsSync(own) ? own : path.join(PACKAGE_ROOT, 'templates', `${name}.hbs`)
}

/**
 * The generator's one formatter. The emitters (emit.ts) already lay code out as biome prints it
 * (line width, breaks, import order), so what is left is whitespace the templates' layout leaves:
 * LF endings, no trailing spaces, no runs of blank lines, one final newline. `npm run lint`
 * (biome) then checks the committed output in CI.
 */
export function format(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
