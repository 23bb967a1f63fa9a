/**
 * Small pure functions that turn spec data into the pieces of TypeScript the templates lay out.
 * Templates hold layout only; every decision about text is made (and tested) here.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}

/** A property name as written in a type: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : tsString(name)
}

/** `vk-legacy` → `VkLegacy`. */
export function pascalCase(id: string): string {
  return id
    .split(/[-_]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('')
}

/** `vk-legacy` → `vkLegacy`. */
export function camelCase(id: string): string {
  const p = pascalCase(id)
  return p[0]!.toLowerCase() + p.slice(1)
}

/** Text safe inside a `/** … *\/` comment, on one line. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()
}

/** A union of string literals, sorted and deduplicated; `never` when empty. */
export function literalUnion(values: readonly string[], open = false): string {
  const members = [...new Set(values)].sort().map(tsString)
  if (open) members.push('(string & {})')
  return members.length === 0 ? 'never' : members.join(' | ')
}

/** The TypeScript type of an authorization parameter. */
export function paramType(p: { type: 'string' | 'boolean' | 'enum'; values?: readonly string[] }): string {
  if (p.type === 'enum') return literalUnion(p.values ?? [])
  return p.type
}

/** Sorts by `name` with a plain code-unit comparison (locale-independent, so output is stable). */
export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Biome's line width; the output is laid out the way biome would print it. */
export const LINE_WIDTH = 110

/** An import statement: on one line when it fits, else one name per line. */
export function importStatement(names: readonly string[], from: string, typeOnly: boolean): string {
  const sorted = [...names].sort((a, b) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
  )
  const head = `import ${typeOnly ? 'type ' : ''}`
  const one = `${head}{ ${sorted.join(', ')} } from ${tsString(from)}`
  if (one.length <= LINE_WIDTH) return one
  return `${head}{\n${sorted.map((n) => `  ${n},`).join('\n')}\n} from ${tsString(from)}`
}

/** A method signature indented by two spaces: on one line when it fits, else one parameter per line. */
export function methodSignature(name: string, params: readonly string[], returns: string): string {
  const one = `  ${name}(${params.join(', ')}): ${returns}`
  if (one.length <= LINE_WIDTH) return one
  return `  ${name}(\n${params.map((p) => `    ${p},`).join('\n')}\n  ): ${returns}`
}

/** An exported function's first line: on one line when it fits, else its one parameter on its own. */
export function functionHeader(name: string, param: string, returns: string): string {
  const one = `export function ${name}(${param}): ${returns} {`
  return one.length <= LINE_WIDTH ? one : `export function ${name}(\n  ${param},\n): ${returns} {`
}

/** A `key: value,` line of an object literal, the value moved to the next line when too long. */
export function objectEntry(key: string, value: string, indent = '  '): string {
  const one = `${indent}${propertyKey(key)}: ${value},`
  // Like prettier, biome never breaks after a key shorter than indent + 3.
  return one.length <= LINE_WIDTH || propertyKey(key).length < 5
    ? one
    : `${indent}${propertyKey(key)}:\n${indent}  ${value},`
}

/** Plain data an object literal can hold: what a spec's protocol fields are made of. */
export type LiteralValue = string | number | boolean | undefined | readonly LiteralValue[] | LiteralObject
export interface LiteralObject {
  readonly [key: string]: LiteralValue
}

/**
 * Plain data as a TypeScript expression laid out the way biome prints it: objects one member a
 * line with keys sorted (undefined members left out), arrays on one line when they fit. `indent`
 * is the indentation of the line the expression starts on; `prefix` is what precedes it there.
 */
export function literal(value: LiteralValue, indent = '', prefix = ''): string {
  if (typeof value === 'string') return tsString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) {
    const items = (value as readonly LiteralValue[]).map((v) => literal(v, `${indent}  `))
    const one = `[${items.join(', ')}]`
    if (items.length === 0 || `${indent}${prefix}${one},`.length <= LINE_WIDTH) return one
    return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
      .filter((k) => (value as LiteralObject)[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    if (keys.length === 0) return '{}'
    const inner = `${indent}  `
    const lines = keys.map((k) => {
      const text = literal((value as LiteralObject)[k], inner, `${propertyKey(k)}: `)
      // An expanded object or array stays on the key's line; a long scalar may move below it.
      return text.includes('\n') ? `${inner}${propertyKey(k)}: ${text},` : objectEntry(k, text, inner)
    })
    return `{\n${lines.join('\n')}\n${indent}}`
  }
  throw new TypeError(`not plain data: ${typeof value}`)
}

/** `type Name = Generic<A, B>` on one line when it fits, else one type argument per line. */
export function genericAlias(head: string, generic: string, args: readonly string[]): string {
  const one = `${head} = ${generic}<${args.join(', ')}>`
  if (one.length <= LINE_WIDTH) return one
  return `${head} = ${generic}<\n${args.map((a) => `  ${a}`).join(',\n')}\n>`
}

const RUNTIME_IMPORT = /^import (type )?\{([^}]*)\} from '\.\.\/\.\.\/runtime\/provider\/[^']+'$/

/**
 * An import of the runtime as written inside authspec (`'../../runtime/provider/…'`) turned into
 * the package import a user's project needs (`'authspec/provider'`, from the exports map); any
 * other statement is returned as it is.
 */
export function packageImport(statement: string, from = 'authspec/provider'): string {
  const match = RUNTIME_IMPORT.exec(statement)
  if (!match) return statement
  const names = match[2]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
  return importStatement(names, from, match[1] !== undefined)
}
