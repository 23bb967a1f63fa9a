import { SpecError } from '../../errors.js'
import { ENGINE_REQUIREMENTS } from './engine-requirements.js'
import { type GrantDefinition, GrantDefinitionSchema } from './schema.js'

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
      return `one of ${Object.keys(ENGINE_REQUIREMENTS).join(', ')}`
    case 'hooks':
      return "write { doc: '…', rfc: 'RFC 6749 §4.1.3', input: { client: 'ClientRecord' }, output: 'boolean' }"
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
  const req = ENGINE_REQUIREMENTS[def.engine]
  const add = (path: string, message: string, hint: string) =>
    problems.push(new SpecError(file, path, message, hint))
  if (req.grantType !== undefined && def.grantType !== req.grantType) {
    add(
      'grantType',
      `must be "${req.grantType}" for the ${def.engine} engine`,
      `set grantType: '${req.grantType}'`,
    )
  }
  if (req.grantType === undefined && !req.uriGrantType && def.grantType !== undefined) {
    add('grantType', `the ${def.engine} engine has no token request`, 'remove grantType')
  }
  if (req.uriGrantType && !/^(urn:|https:\/\/)/.test(def.grantType ?? '')) {
    add('grantType', 'an extension grant needs an absolute URI', "set grantType: 'urn:example:my-grant'")
  }
  if (req.responseType !== def.responseType) {
    add(
      'responseType',
      req.responseType ? `must be "${req.responseType}"` : `the ${def.engine} engine has no response type`,
      req.responseType ? `set responseType: '${req.responseType}'` : 'remove responseType',
    )
  }
  for (const [name, need] of Object.entries(req.hooks)) {
    const hook = def.hooks[name]
    const template = `${name}: { doc: '${need.doc}', rfc: '${need.rfc}', input: ${JSON.stringify(need.input)}, output: '${need.output}' }`
    if (!hook) {
      add(`hooks.${name}`, `is required by the ${def.engine} engine`, `add ${template}`)
      continue
    }
    if (hook.output.replace(/\s+/g, '') !== need.output.replace(/\s+/g, '')) {
      add(
        `hooks.${name}.output`,
        `must be "${need.output}"`,
        `the ${def.engine} engine reads it as ${need.output}`,
      )
    }
    for (const [key, type] of Object.entries(need.input)) {
      if (hook.input[key] === undefined)
        add(`hooks.${name}.input.${key}`, 'is missing', `add ${key}: '${type}'`)
    }
  }
  if (def.engine === 'custom') {
    const input = def.hooks['resolveGrant']?.input ?? {}
    for (const [param, spec] of Object.entries(def.parameters)) {
      if (param === 'scope') continue
      const want = spec.required ? 'string' : 'string | undefined'
      if (input[param] === undefined) {
        add(
          `hooks.resolveGrant.input.${param}`,
          'is missing: the engine passes every parameter',
          `add ${param}: '${want}'`,
        )
      }
    }
  }
  for (const ext of def.extensions) {
    if (
      def.engine !== 'authorization_code' &&
      !(ext === 'openid' && ['refresh_token', 'device_code', 'password'].includes(def.engine))
    ) {
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
  if (
    def.clientAuthentication.includes('none') &&
    ['client_credentials', 'token_exchange', 'jwt_bearer'].includes(def.engine)
  ) {
    add('clientAuthentication', `public clients may not use ${def.engine}`, 'remove none')
  }
  return problems
}
