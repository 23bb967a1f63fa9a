import type { z } from 'zod'
import { SpecError } from '../errors.js'
import { crossFieldProblems } from './lib/spec-checks.js'
import { ownershipProblems } from './lib/spec-ownership.js'
import { closest, formatPath } from './lib/spec-path.js'
import { SPEC_FIELDS } from './spec-fields.js'
import { ProviderSpecSchema } from './spec-schema.js'
import type { ProviderSpec } from './spec-types.js'

type Issue = z.core.$ZodIssue

/**
 * Lists every problem of a provider spec, each a `SpecError` whose message reads
 * `file:field.path: message (hint: what to do)`. Shape problems come first; then fields no code
 * acts on (`SPEC_FIELDS`), then checks across fields, which run only on a spec whose shape is right.
 *
 * @example
 * for (const p of findSpecProblems(mod.default, 'providers/github.ts')) console.error(p.message)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3
 */
export function findSpecProblems(value: unknown, file: string): SpecError[] {
  const parsed = ProviderSpecSchema.safeParse(value, { reportInput: true })
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueToErrors(issue, [], file))
    return dedupe(problems)
  }
  const spec = value as ProviderSpec
  const unowned = ownershipProblems(spec, file, SPEC_FIELDS)
  if (unowned.length > 0) return unowned
  const oauth1 = oauth1Problems(spec, file)
  // The OAuth 2.0 checks (endpoints, PKCE, client authentication) do not apply to OAuth 1.0a.
  if (spec.protocol === 'oauth1') return oauth1
  return [...oauth1, ...crossFieldProblems(spec, file)]
}

/** `oauth1` is required exactly when `protocol` is `oauth1`, and then OAuth 2.0 endpoints are not. */
function oauth1Problems(spec: ProviderSpec, file: string): SpecError[] {
  if (spec.protocol !== 'oauth1') {
    return spec.oauth1
      ? [new SpecError(file, 'oauth1', `is only for protocol "oauth1", not "${spec.protocol}"`, 'remove it')]
      : []
  }
  const problems: SpecError[] = []
  if (!spec.oauth1) {
    problems.push(
      new SpecError(
        file,
        'oauth1',
        'is required for protocol "oauth1"',
        'add oauth1: { endpoints: { temporaryCredentials, authorization, tokenCredentials }, signatureMethod, placement }',
      ),
    )
  }
  for (const field of [
    'issuer',
    'issuerAtRuntime',
    'endpoints',
    'revocation',
    'tokenRequest',
    'tokenResponse',
  ] as const) {
    if (spec[field] !== undefined) {
      problems.push(
        new SpecError(
          file,
          field,
          'does not apply to OAuth 1.0a',
          'remove it; oauth1.endpoints holds the endpoints',
        ),
      )
    }
  }
  for (const key of ['oauth1.endpoints', 'oauth1.signatureMethod']) {
    if (
      !Object.keys(spec.docs).some(
        (d) => d === key || d.startsWith(`${key}.`) || (key === 'oauth1.endpoints' && d === 'oauth1'),
      )
    ) {
      problems.push(
        new SpecError(file, `docs.${key}`, 'is missing', `link the provider's documentation of ${key}`),
      )
    }
  }
  return problems
}

/**
 * Validates a provider spec and returns it typed, or throws the first problem as a `SpecError`.
 *
 * @example
 * const spec = validateSpec(mod.default, 'providers/github.ts')
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3
 */
export function validateSpec(value: unknown, file: string): ProviderSpec {
  const [first] = findSpecProblems(value, file)
  if (first) throw first
  return value as ProviderSpec
}

function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    if (seen.has(e.message)) return false
    seen.add(e.message)
    return true
  })
}

function issueToErrors(issue: Issue, prefix: readonly PropertyKey[], file: string): SpecError[] {
  const path = [...prefix, ...issue.path]
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeys(issue)
        const guess = closest(key, known)
        return new SpecError(
          file,
          formatPath([...path, key]),
          'unknown field',
          guess ? `did you mean "${guess}"?` : `remove it; allowed here: ${known.sort().join(', ')}`,
        )
      })
    case 'invalid_key':
      return issue.issues.flatMap((inner) => issueToErrors({ ...inner, path: [] } as Issue, path, file))
    case 'invalid_union':
      if (issue.discriminator !== undefined || issue.errors.length === 0) {
        const options = 'options' in issue && issue.options ? issue.options : []
        const allowed =
          options.length > 0
            ? `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
            : 'matches no allowed shape'
        return [new SpecError(file, formatPath(path), allowed, unionHint(issue.discriminator))]
      }
      return issue.errors.flatMap((branch) => branch.flatMap((inner) => issueToErrors(inner, path, file)))
    case 'invalid_value':
      return [
        new SpecError(
          file,
          formatPath(path),
          `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          hintForValue(issue.input, issue.values),
        ),
      ]
    case 'invalid_type':
      if (issue.input === undefined) {
        return [new SpecError(file, formatPath(path), `is required (${issue.expected})`, 'add the field')]
      }
      return [
        new SpecError(
          file,
          formatPath(path),
          `must be ${article(issue.expected)}, got ${describe(issue.input)}`,
          'fix the value type',
        ),
      ]
    default:
      return [new SpecError(file, formatPath(path), issue.message, hintFor(issue))]
  }
}

/** A zod schema as its public definition shows it: what walking the spec schema reads. */
export interface SchemaNode {
  _zod: {
    def: {
      type: string
      shape?: Record<string, SchemaNode>
      innerType?: SchemaNode
      valueType?: SchemaNode
      element?: SchemaNode
      options?: SchemaNode[]
    }
  }
}

/** The fields allowed at `path`, found by walking the schema (zod does not report them). */
function knownKeys(issue: Issue): string[] {
  let nodes: SchemaNode[] = [ProviderSpecSchema as unknown as SchemaNode]
  for (const segment of issue.path) {
    nodes = nodes.flatMap((n) => children(unwrap(n), segment))
  }
  return [...new Set(nodes.flatMap((n) => Object.keys(unwrap(n)._zod.def.shape ?? {})))]
}

function unwrap(node: SchemaNode): SchemaNode {
  const def = node._zod.def
  return def.type === 'optional' && def.innerType ? unwrap(def.innerType) : node
}

function children(node: SchemaNode, segment: PropertyKey): SchemaNode[] {
  const def = node._zod.def
  if (def.type === 'object') {
    const child = def.shape?.[String(segment)]
    return child ? [child] : []
  }
  if (def.type === 'record' && def.valueType) return [def.valueType]
  if (def.type === 'array' && def.element) return [def.element]
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => children(unwrap(o), segment))
  return []
}

function unionHint(discriminator: string | undefined): string {
  if (discriminator === 'type') return 'use "string", "boolean" or "enum" (with values)'
  if (discriminator === 'in') return 'use { in: "header" } or { in: "query" | "body", name }'
  return 'check the allowed shapes in runtime/provider/spec-types.ts'
}

function hintForValue(input: unknown, values: readonly unknown[]): string {
  if (typeof input === 'string') {
    const guess = closest(
      input,
      values.filter((v): v is string => typeof v === 'string'),
    )
    if (guess) return `did you mean "${guess}"?`
  }
  return 'pick one of the listed values'
}

function hintFor(issue: Issue): string {
  if (issue.message.includes('camelCase')) return 'operation names become method names, e.g. "getUser"'
  if (issue.message.includes('snake_case')) return 'use the name the provider documents, e.g. "access_type"'
  if (issue.message.includes('"/"')) return 'write the path relative to api.baseUrl, e.g. "/user"'
  if (issue.message.includes('https')) return 'write the full https:// URL from the provider documentation'
  if (issue.message.includes('kebab')) return 'use the file name, e.g. "my-provider"'
  if (issue.message.includes('zod')) return 'use a zod schema such as z.object({ id: z.number() })'
  if (issue.message.includes('function')) return 'write profile: async (ctx) => ({ id, name, email, … })'
  return 'see runtime/provider/spec-types.ts for the allowed values'
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function describe(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'an array'
  return typeof input === 'object' ? 'an object' : `${typeof input} ${JSON.stringify(input)}`
}
