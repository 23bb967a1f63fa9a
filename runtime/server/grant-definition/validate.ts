import { SpecError } from '../../errors.js'
import { RESOLVE_GRANT } from './engines/custom.js'
import { ENGINES } from './engines.js'
import { GRANT_ENGINES, type GrantDefinition, GrantDefinitionSchema } from './schema.js'

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(definition)' : path.map(String).join('.')
}

/**
 * Every problem in a grant definition, each as `file:field.path: message (hint: …)`. An empty
 * array means the definition is valid; then `parseGrantDefinition` returns it.
 *
 * @example
 * for (const p of findGrantProblems(def, 'grants/otp.ts')) console.error(p.message)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export function findGrantProblems(value: unknown, file: string): SpecError[] {
  const parsed = GrantDefinitionSchema.safeParse(value)
  if (!parsed.success) {
    return parsed.error.issues.map(
      (issue) => new SpecError(file, fieldPath(issue.path), issue.message, hintFor(issue.path)),
    )
  }
  return semanticProblems(parsed.data, file)
}

/** Validates and returns the definition, or throws the first problem as a `SpecError`. */
export function parseGrantDefinition(value: unknown, file: string): GrantDefinition {
  const problems = findGrantProblems(value, file)
  if (problems[0]) throw problems[0]
  return GrantDefinitionSchema.parse(value)
}

function hintFor(path: readonly PropertyKey[]): string {
  const top = String(path[0] ?? '')
  switch (top) {
    case 'grantType':
      return 'use the registered name or a URI such as urn:example:otp'
    case 'engine':
      return `one of ${GRANT_ENGINES.join(', ')}`
    case 'hooks':
      return "a custom grant's hooks: { doc: '…', rfc: 'RFC 6749 §4.5', input: { client: 'ClientRecord' }, output: 'void' }"
    case 'parameters':
      return "write { type: 'string', required: true }"
    case 'clientAuthentication':
      return 'list at least one of client_secret_basic, client_secret_post, private_key_jwt, none'
    case '':
      return 'write `export default defineGrant({ name, grantType, engine, parameters, hooks, … })`'
    default:
      return 'see the built-in definitions in grants/ for an example'
  }
}

function semanticProblems(def: GrantDefinition, file: string): SpecError[] {
  const problems: SpecError[] = []
  const engine = ENGINES[def.engine]
  const add = (path: string, message: string, hint: string) =>
    problems.push(new SpecError(file, path, message, hint))
  if (engine.grantType !== undefined && def.grantType !== engine.grantType) {
    add(
      'grantType',
      `must be "${engine.grantType}" for the ${def.engine} engine`,
      `set grantType: '${engine.grantType}'`,
    )
  }
  if (engine.grantType === undefined && !engine.uriGrantType && def.grantType !== undefined) {
    add('grantType', `the ${def.engine} engine has no token request`, 'remove grantType')
  }
  if (engine.uriGrantType && !/^(urn:|https:\/\/)/.test(def.grantType ?? '')) {
    add('grantType', 'an extension grant needs an absolute URI', "set grantType: 'urn:example:my-grant'")
  }
  if (engine.responseType !== def.responseType) {
    add(
      'responseType',
      engine.responseType
        ? `must be "${engine.responseType}"`
        : `the ${def.engine} engine has no response type`,
      engine.responseType ? `set responseType: '${engine.responseType}'` : 'remove responseType',
    )
  }
  if (def.engine === 'custom') problems.push(...customHookProblems(def, file))
  else if (Object.keys(def.hooks).length > 0) {
    add(
      'hooks',
      `the ${def.engine} engine's hooks are its own (see its EngineHooks type in authspec/grants)`,
      'remove hooks; only custom grants declare them',
    )
  }
  for (const ext of def.extensions) {
    if (!engine.extensions.includes(ext)) {
      add('extensions', `"${ext}" does not apply to the ${def.engine} engine`, 'remove it')
    }
  }
  if (def.issuesIdToken && !def.extensions.includes('openid')) {
    add(
      'issuesIdToken',
      'needs the openid extension',
      "add extensions: ['openid'] or set issuesIdToken: false",
    )
  }
  if (def.clientAuthentication.includes('none') && engine.confidentialOnly) {
    add('clientAuthentication', `public clients may not use ${def.engine}`, 'remove none')
  }
  return problems
}

/**
 * A custom grant's own hooks hold `resolveGrant`, which the engine calls with the client and
 * every parameter and reads as a `GrantResolution`; the compiler checks the rest in the
 * generated module.
 */
function customHookProblems(def: GrantDefinition, file: string): SpecError[] {
  const hook = def.hooks['resolveGrant']
  const problem = (path: string, message: string, hint: string) =>
    new SpecError(file, `hooks.resolveGrant${path}`, message, hint)
  if (!hook) {
    return [
      problem('', 'is required by the custom engine', `add resolveGrant: ${JSON.stringify(RESOLVE_GRANT)}`),
    ]
  }
  const problems: SpecError[] = []
  if (hook.output.replace(/\s+/g, '') !== RESOLVE_GRANT.output.replace(/\s+/g, '')) {
    problems.push(
      problem('.output', `must be "${RESOLVE_GRANT.output}"`, 'the custom engine reads it as such'),
    )
  }
  const params = Object.entries(def.parameters).filter(([name]) => name !== 'scope')
  for (const [key, type] of [
    ['client', RESOLVE_GRANT.input.client],
    ...params.map(([name, p]) => [name, p.required ? 'string' : 'string | undefined']),
  ] as const) {
    if (hook.input[key] === undefined) {
      const why = key === 'client' ? 'is missing' : 'is missing: the engine passes every parameter'
      problems.push(problem(`.input.${key}`, why, `add ${key}: '${type}'`))
    }
  }
  return problems
}
