import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { Node, Project } from 'ts-morph'
import type { GrantDefinition } from '../../runtime/server/grant-definition/schema.js'
import { pascalCase } from '../emit.js'
import { importsThePackage, MODULES_ROOT } from '../package-root.js'
import { type LoadedGrant, loadGrant } from './load.js'
import { type HookDoc, hooksOf, hookTypeNames, importPath } from './names.js'
import { GRANTS_PACKAGE } from './render.js'
import { ScaffoldError } from './scaffold-error.js'

/** What a scaffolded file is built from: the grant, its hooks and where the generated module is. */
export interface ScaffoldTarget {
  /** The grant's name (`client_credentials`). */
  name: string
  /** Where the grant is specified, for the class's TSDoc. */
  rfc: string
  /** Its hooks, from {@link hooksOf}: the engine's table or a custom grant's own. */
  hooks: readonly HookDoc[]
  /**
   * Import specifier of the grant's generated module seen from the scaffolded file:
   * `../generated/grants/<name>.js`, or `authspec/grants/<name>` for a built-in grant.
   */
  generatedImport: string
}

/** The scaffold of a grant as `scaffold` finds it: its definition's hooks and where to import them. */
export function scaffoldTarget(definition: GrantDefinition, generatedImport: string): ScaffoldTarget {
  return { name: definition.name, rfc: definition.rfc, hooks: hooksOf(definition), generatedImport }
}

function methodText(grant: string, h: HookDoc, indent: string): string {
  const names = hookTypeNames(grant, h.name)
  const i2 = indent + indent
  return [
    `${indent}/** ${h.doc} @see ${h.rfc} */`,
    `${indent}async ${h.name}(_input: ${names.input}): Promise<${names.output}> {`,
    `${i2}throw new NotImplementedError('${h.name}', '${h.rfc}')`,
    `${indent}}`,
  ].join('\n')
}

/** Every name the scaffolded file imports from the generated module. */
function neededImports(target: ScaffoldTarget): string[] {
  const names = ['NotImplementedError', `${pascalCase(target.name)}Hooks`]
  for (const h of target.hooks) {
    const t = hookTypeNames(target.name, h.name)
    names.push(t.input, t.output)
  }
  return names
}

/**
 * A new user-owned implementation file: a class implementing the generated hook interface with
 * one method per hook, each throwing `NotImplementedError` naming the hook and its RFC section.
 *
 * @example
 * writeFileSync('src/client-credentials.ts', renderScaffold(scaffoldTarget(definition, '../generated/grants/client_credentials.js')))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export function renderScaffold(target: ScaffoldTarget): string {
  const P = pascalCase(target.name)
  const names = neededImports(target)
  const imports = names.map((n) => (n === 'NotImplementedError' ? n : `type ${n}`))
  const methods = target.hooks.map((h) => methodText(target.name, h, '  '))
  return [
    `import {`,
    ...imports.map((n) => `  ${n},`),
    `} from '${target.generatedImport}'`,
    '',
    `/** Your ${target.name} hooks (${target.rfc}). Written once by \`authspec scaffold\`; this file is yours. */`,
    `export class ${P}GrantHooks implements ${P}Hooks {`,
    methods.join('\n\n'),
    '}',
    '',
  ].join('\n')
}

interface Edit {
  at: number
  text: string
}

/**
 * Brings an existing implementation file up to date with its grant's hooks (an engine that gained
 * a hook, a custom definition that declares one more): adds a method for every hook the class lacks and the imports those methods need, as pure text insertions. Everything
 * already in the file (code, comments, formatting) stays byte for byte; a second run changes
 * nothing. The class it adds to is the one that `implements <Grant>Hooks`; a file without one
 * throws a {@link ScaffoldError} naming `file`.
 *
 * @example
 * const updated = transformScaffold(readFileSync(file, 'utf8'), target)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export function transformScaffold(source: string, target: ScaffoldTarget, file = 'scaffold.ts'): string {
  const project = new Project({ useInMemoryFileSystem: true })
  const tree = project.createSourceFile('scaffold.ts', source)
  const hooksInterface = `${pascalCase(target.name)}Hooks`
  const cls = tree
    .getClasses()
    .find((c) => c.getImplements().some((i) => i.getText().includes(hooksInterface)))
  if (!cls)
    throw new ScaffoldError(
      'SCAFFOLD_NO_HOOKS_CLASS',
      file,
      `no class implements ${hooksInterface}. Add "implements ${hooksInterface}" to the class that holds your hooks, or pass another --out to write a new file.`,
    )
  const present = new Set(
    cls
      .getMembers()
      .map((m) => (Node.hasName(m) ? m.getName() : undefined))
      .filter(Boolean),
  )
  const missing = target.hooks.filter((h) => !present.has(h.name))
  const edits: Edit[] = []
  if (missing.length > 0) {
    const first = cls.getMembers()[0]
    const indent = first ? (/^[ \t]*/.exec(lineOf(source, first.getStart()))?.[0] ?? '  ') : '  '
    const close = cls.getEnd() - 1
    const before = source.slice(0, close)
    const lead = before.endsWith('\n') ? '' : '\n'
    const sep = cls.getMembers().length > 0 ? '\n' : ''
    const text = missing.map((h) => `${sep}${methodText(target.name, h, indent || '  ')}\n`).join('')
    edits.push({ at: close, text: lead + text })
  }
  const used = new Set(
    tree.getImportDeclarations().flatMap((d) => d.getNamedImports().map((n) => n.getName())),
  )
  const needed = neededImports(target).filter((n) => !used.has(n) && needsName(n, missing, target.name))
  if (needed.length > 0) {
    const decl = tree
      .getImportDeclarations()
      .find((d) => new RegExp(`/grants/${target.name}(\\.js)?$`).test(d.getModuleSpecifierValue()))
    const spec = (n: string) => (n === 'NotImplementedError' ? n : `type ${n}`)
    if (decl && decl.getNamedImports().length > 0) {
      const named = decl.getNamedImports()
      const last = named[named.length - 1]!
      const after = source.slice(last.getEnd())
      const trailingComma = /^\s*,/.test(after)
      const multiline = decl.getText().includes('\n')
      if (multiline) {
        const indent = /^[ \t]*/.exec(lineOf(source, last.getStart()))?.[0] ?? '  '
        const at = trailingComma ? last.getEnd() + after.indexOf(',') + 1 : last.getEnd()
        const text = needed.map(
          (n) => `${trailingComma ? '' : ','}\n${indent}${spec(n)}${trailingComma ? ',' : ''}`,
        )
        edits.push({ at, text: text.join('') })
      } else {
        edits.push({ at: last.getEnd(), text: needed.map((n) => `, ${spec(n)}`).join('') })
      }
    } else {
      const imports = tree.getImportDeclarations()
      const at = imports.length > 0 ? imports[imports.length - 1]!.getEnd() : 0
      const line = `import { ${needed.map(spec).join(', ')} } from '${target.generatedImport}'`
      edits.push({ at, text: at === 0 ? `${line}\n` : `\n${line}` })
    }
  }
  let out = source
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.at)
  return out
}

/** Whether an import is needed for the methods being added. */
function needsName(name: string, missing: readonly HookDoc[], grant: string): boolean {
  if (name === 'NotImplementedError') return missing.length > 0
  if (name === `${pascalCase(grant)}Hooks`) return false
  return missing.some((h) => {
    const t = hookTypeNames(grant, h.name)
    return t.input === name || t.output === name
  })
}

function lineOf(source: string, pos: number): string {
  const start = source.lastIndexOf('\n', pos - 1) + 1
  const end = source.indexOf('\n', pos)
  return source.slice(start, end === -1 ? undefined : end)
}

export interface ScaffoldResult {
  file: string
  action: 'created' | 'updated' | 'unchanged'
  added: string[]
}

/**
 * Where a scaffolded file imports its grant's hook types from: a project's own grant from its
 * generated/grants/<name>.js; a built-in one from the package (`authspec/grants/<name>`) where
 * authspec is installed, else from the generated module beside this generator, by relative path
 * (the same rule as {@link importsThePackage}).
 */
async function hooksModule(root: string, grant: LoadedGrant, outDir: string): Promise<string> {
  const name = grant.definition.name
  if (!grant.builtIn)
    return importPath(outDir, path.join(root, 'generated/grants', `${name}.ts`), path.relative)
  if (await importsThePackage(root)) return `${GRANTS_PACKAGE}/${name}`
  return importPath(outDir, path.join(MODULES_ROOT, 'generated/grants', `${name}.ts`), path.relative)
}

/**
 * `authspec scaffold grant <name> --out <dir>`: writes `<dir>/<name>.ts`, or adds what a
 * grant's hooks gained to the existing file.
 *
 * @example
 * await scaffoldGrant({ root: process.cwd(), name: 'client_credentials', outDir: 'src/grants' })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export async function scaffoldGrant(options: {
  root: string
  name: string
  outDir: string
}): Promise<ScaffoldResult> {
  const grant = await loadGrant(options.root, options.name)
  const { definition } = grant
  const outDir = path.resolve(options.root, options.outDir)
  const file = path.join(outDir, `${definition.name}.ts`)
  const generatedImport = await hooksModule(options.root, grant, outDir)
  const target = scaffoldTarget(definition, generatedImport)
  const hooks = target.hooks.map((h) => h.name)
  if (!existsSync(file)) {
    await mkdir(outDir, { recursive: true })
    await writeFile(file, renderScaffold(target))
    return { file, action: 'created', added: hooks }
  }
  const before = await readFile(file, 'utf8')
  const after = transformScaffold(before, target, path.relative(options.root, file))
  if (after === before) return { file, action: 'unchanged', added: [] }
  await writeFile(file, after)
  const added = hooks.filter((h) => !new RegExp(`\\b${h}\\s*\\(`).test(before))
  return { file, action: 'updated', added }
}
