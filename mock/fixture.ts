/**
 * Deterministic sample data for a zod schema: what a mock provider's API operation returns.
 * Walks zod 4's public definition (`schema._zod.def`); unknown kinds fall back to `null`.
 */

interface Def {
  type: string
  shape?: Record<string, unknown>
  element?: unknown
  innerType?: unknown
  options?: readonly unknown[]
  values?: readonly unknown[]
  entries?: Record<string, unknown>
  valueType?: unknown
  items?: readonly unknown[]
  format?: string
  defaultValue?: unknown
  in?: unknown
  out?: unknown
  left?: unknown
}

function defOf(schema: unknown): Def | undefined {
  const zod = (schema as { _zod?: { def?: Def } } | null)?._zod
  return zod?.def
}

/** A value the schema accepts, the same on every call; `name` seeds strings and numbers. */
export function fixtureFor(schema: unknown, name = 'value'): unknown {
  const def = defOf(schema)
  if (!def) return null
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(def.shape ?? {})) {
        const value = fixtureFor(inner, key)
        if (value !== undefined) out[key] = value
      }
      return out
    }
    case 'array':
      return [fixtureFor(def.element, name)]
    case 'tuple':
      return (def.items ?? []).map((item, i) => fixtureFor(item, `${name}${i}`))
    case 'string':
      return stringFor(name, def.format)
    case 'number':
    case 'int':
      return numberFor(name)
    case 'bigint':
      return BigInt(numberFor(name))
    case 'boolean':
      return true
    case 'null':
      return null
    case 'undefined':
    case 'void':
      return undefined
    case 'literal':
      return def.values?.[0]
    case 'enum':
      return Object.values(def.entries ?? {})[0]
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return fixtureFor(def.innerType, name)
    case 'optional':
      // An optional member is filled too: a client should handle the fuller answer.
      return fixtureFor(def.innerType, name)
    case 'default':
    case 'prefault':
      return fixtureFor(def.innerType, name)
    case 'union':
      return fixtureFor(def.options?.[0], name)
    case 'intersection': {
      const left = fixtureFor(def.left, name)
      const right = fixtureFor((def as { right?: unknown }).right, name)
      return typeof left === 'object' && typeof right === 'object' ? { ...left, ...right } : left
    }
    case 'record':
      return { [name]: fixtureFor(def.valueType, name) }
    case 'pipe':
      return fixtureFor(def.in, name)
    case 'lazy':
      return fixtureFor((def as { getter?: () => unknown }).getter?.(), name)
    case 'date':
      return new Date(0)
    default:
      return null
  }
}

function stringFor(name: string, format: string | undefined): string {
  switch (format) {
    case 'email':
      return 'mock.user@example.com'
    case 'url':
      return `https://example.com/${name}`
    case 'uuid':
    case 'guid':
      return '00000000-0000-4000-8000-000000000000'
    case 'datetime':
      return '2020-01-01T00:00:00Z'
    case 'date':
      return '2020-01-01'
  }
  if (/email/i.test(name)) return 'mock.user@example.com'
  if (/(url|avatar|picture|photo)/i.test(name)) return `https://example.com/${name}.png`
  return `mock-${name}`
}

function numberFor(name: string): number {
  // A small stable number per field name, so ids differ from counts.
  let h = 7
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 100_000
  return h + 1
}
