import { SpecError } from '../../errors.js'
import { profileRequirement } from '../claims-profile.js'
import type { IssuerClientConfig, SignedSecretKey } from '../client-types.js'
import type { ProviderSpec } from '../spec-types.js'
import { allowsPublicClients, clientAuthFor } from './client-auth-methods.js'
import { hostProblems } from './host-checks.js'
import { closest, formatPath } from './spec-path.js'

/** Parameters the runtime sets itself; a spec may not redefine them. */
const RESERVED_AUTHORIZATION_PARAMS = [
  'client_id',
  'code_challenge',
  'code_challenge_method',
  'max_age',
  'nonce',
  'redirect_uri',
  'response_mode',
  'response_type',
  'scope',
  'state',
]
const STANDARD_TOKEN_FIELDS = [
  'access_token',
  'expires_in',
  'id_token',
  'refresh_token',
  'scope',
  'token_type',
]
/**
 * Options every provider config already has: a `keyHeader` option may not take their names. Keyed
 * by the config types, so an option added there must be added here (the HTTP escape hatches too).
 */
const RESERVED_OPTIONS = Object.keys({
  clientId: true,
  clientSecret: true,
  redirectUri: true,
  headers: true,
  metadataCache: true,
  keys: true,
  now: true,
  hostMap: true,
  endpointOverrides: true,
  fetch: true,
  timeout: true,
  maxResponseBytes: true,
  allowInsecureRequests: true,
  issuer: true,
  teamId: true,
  keyId: true,
  privateKey: true,
} satisfies Record<keyof IssuerClientConfig | keyof SignedSecretKey, true>)

const PLACEHOLDER = /\{([^}]*)\}/g

/** Checks that span several fields of a spec whose shape zod already accepted. */
export function crossFieldProblems(spec: ProviderSpec, file: string): SpecError[] {
  const out: SpecError[] = []
  const fail = (path: PropertyKey[], message: string, hint: string) =>
    out.push(new SpecError(file, formatPath(path), message, hint))

  const base = file
    .split('/')
    .pop()
    ?.replace(/\.[cm]?[jt]s$/, '')
  if (base && spec.id !== base) {
    fail(
      ['id'],
      `"${spec.id}" does not match the file name "${base}"`,
      `rename the file or set id: "${base}"`,
    )
  }
  checkEndpoints(spec, fail)
  // Placeholders of every URL, the revocation URL's `{client_id}` included.
  hostProblems(spec, fail)
  checkScopes(spec, fail)
  if (allowsPublicClients(spec) && spec.pkce === 'unsupported') {
    fail(
      ['pkce'],
      'a public client (clientAuth "none") must use PKCE',
      'set pkce: "supported" or "required" (RFC 9700 §2.1.1)',
    )
  }
  if (spec.protocol === 'oauth1' && spec.pkce !== 'unsupported') {
    fail(['pkce'], 'OAuth 1.0a has no PKCE', 'set pkce: "unsupported"')
  }
  checkQuirkPairs(spec, fail)
  for (const [name, param] of Object.entries(spec.authorizationParams ?? {})) {
    if (RESERVED_AUTHORIZATION_PARAMS.includes(name)) {
      fail(['authorizationParams', name], 'is set by the runtime and cannot be redefined', `remove "${name}"`)
    }
    if (param.type === 'enum' && param.default !== undefined && !param.values.includes(param.default)) {
      fail(
        ['authorizationParams', name, 'default'],
        `"${param.default}" is not one of the parameter's values`,
        `use one of ${param.values.join(', ')}`,
      )
    }
    if (param.type !== 'boolean' && param.checkClaim !== undefined && spec.protocol !== 'oidc') {
      fail(
        ['authorizationParams', name, 'checkClaim'],
        'needs an ID token to check, and only protocol "oidc" has one',
        'set protocol: "oidc" or remove checkClaim',
      )
    }
  }
  if (spec.tokenResponse?.echoesState && !spec.tokenRequest?.sendState) {
    fail(
      ['tokenResponse', 'echoesState'],
      'needs a state in the token request to compare with',
      'set tokenRequest.sendState: true',
    )
  }
  for (const name of Object.keys(spec.tokenResponse?.extraFields ?? {})) {
    if (STANDARD_TOKEN_FIELDS.includes(name)) {
      fail(
        ['tokenResponse', 'extraFields', name],
        'is a standard token response field',
        `remove "${name}"; it is always typed`,
      )
    }
  }
  checkOperations(spec, fail)
  checkDocs(spec, fail)
  return out
}

type Fail = (path: PropertyKey[], message: string, hint: string) => void

function checkEndpoints(spec: ProviderSpec, fail: Fail): void {
  if (spec.issuer && spec.issuerAtRuntime) {
    fail(['issuerAtRuntime'], 'conflicts with "issuer"', 'keep one: a fixed issuer or one given at run time')
  }
  const discovered = spec.issuer !== undefined || spec.issuerAtRuntime === true
  if (spec.protocol === 'oidc' && !discovered && !spec.endpoints?.jwks) {
    fail(
      ['issuer'],
      'an OpenID Connect provider needs an issuer',
      'set issuer (discovery) or issuerAtRuntime: true',
    )
  }
  if (!discovered) {
    for (const name of ['authorization', 'token'] as const) {
      if (!spec.endpoints?.[name]) {
        fail(
          ['endpoints', name],
          'is required when there is no issuer to discover it from',
          `add endpoints.${name}`,
        )
      }
    }
  }
}

function checkScopes(spec: ProviderSpec, fail: Fail): void {
  const declared = Object.keys(spec.scopes.supported)
  for (const list of ['defaults', 'emailScopes', 'profileRequires'] as const) {
    ;(spec.scopes[list] ?? []).forEach((scope, i) => {
      if (declared.includes(scope) || spec.scopes.allowUnlisted) return
      const guess = closest(scope, declared)
      fail(
        ['scopes', list, i],
        `scope "${scope}" is not declared in scopes.supported`,
        guess ? `did you mean "${guess}"?` : 'declare it in scopes.supported',
      )
    })
  }
  if (spec.scopes.profileRequires || spec.scopes.allowUnlisted) return
  for (const scope of profileRequirement(spec) ?? []) {
    if (!declared.includes(scope))
      fail(['profile'], `the profile mapping needs the "${scope}" scope`, 'declare it in scopes.supported')
  }
}

function checkOperations(spec: ProviderSpec, fail: Fail): void {
  for (const [name, op] of Object.entries(spec.api?.operations ?? {})) {
    const params = op.params ?? {}
    const inPath = [...op.path.matchAll(PLACEHOLDER)].map((m) => m[1]!)
    for (const placeholder of inPath) {
      if (params[placeholder]?.in !== 'path') {
        fail(
          ['api', 'operations', name, 'path'],
          `placeholder "{${placeholder}}" has no path parameter`,
          `add params.${placeholder}: { in: "path", type: "string", description: "…" }`,
        )
      }
    }
    for (const [param, p] of Object.entries(params)) {
      if (p.in === 'path' && !inPath.includes(param)) {
        fail(
          ['api', 'operations', name, 'params', param, 'in'],
          `path parameter "${param}" is not in the path`,
          `add {${param}} to the path or set in: "query"`,
        )
      }
      if (p.in === 'body' && op.method === 'GET') {
        fail(
          ['api', 'operations', name, 'params', param, 'in'],
          'a GET request has no body',
          'use in: "query" or method: "POST"',
        )
      }
    }
  }
}

/** Quirk fields that mean something only beside another field's value. */
function checkQuirkPairs(spec: ProviderSpec, fail: Fail): void {
  if (spec.pkceMethod !== undefined && spec.pkce === 'unsupported') {
    fail(['pkceMethod'], 'names a PKCE method for a provider without PKCE', 'remove it or set pkce')
  }
  const secretIn = ['client_secret_post', 'client_secret_basic']
  const auth = clientAuthFor(spec, true)
  if (spec.signedClientSecret && !secretIn.includes(auth)) {
    fail(
      ['signedClientSecret'],
      `a signed client secret travels as a client secret, not with clientAuth "${auth}"`,
      'set clientAuth: "client_secret_post" or "client_secret_basic"',
    )
  }
  const refresh = spec.endpoints?.refresh
  if (refresh !== undefined && (spec.refresh === 'unsupported' || refresh === spec.endpoints?.token)) {
    fail(
      ['endpoints', 'refresh'],
      spec.refresh === 'unsupported'
        ? 'names a refresh endpoint for a provider without refresh tokens'
        : 'is the token endpoint',
      'remove it: refresh goes to endpoints.token unless the provider documents another URL',
    )
  }
  const key = spec.api?.keyHeader
  if (key && (RESERVED_OPTIONS.includes(key.option) || key.option in (spec.hosts ?? {}))) {
    fail(['api', 'keyHeader', 'option'], `"${key.option}" is already a config option`, 'name it apiKey')
  }
  const taken = [spec.api?.clientIdHeader, 'authorization', ...Object.keys(spec.api?.headers ?? {})]
  if (key && taken.some((name) => name?.toLowerCase() === key.name.toLowerCase())) {
    fail(
      ['api', 'keyHeader', 'name'],
      `header "${key.name}" is already sent`,
      'send the key in its own header',
    )
  }
  if (spec.idToken && spec.protocol !== 'oidc') {
    fail(['idToken'], 'is for OpenID Connect specs', 'set protocol: "oidc" or remove it')
  }
}

/** The facts that need a documentation link (a link on a parent field covers its children). */
function facts(spec: ProviderSpec): string[] {
  const out = ['scopes', 'clientAuth', 'pkce']
  if (spec.issuer) out.push('issuer')
  for (const name of Object.keys(spec.endpoints ?? {})) out.push(`endpoints.${name}`)
  for (const field of ['signedClientSecret', 'clientIdParam', 'pkceMethod'] as const) {
    if (spec[field] !== undefined) out.push(field)
  }
  for (const group of ['tokenRequest', 'tokenResponse', 'callback', 'idToken'] as const) {
    for (const name of Object.keys(spec[group] ?? {})) out.push(`${group}.${name}`)
  }
  if (spec.authorizationParams) out.push('authorizationParams')
  if (spec.revocation) out.push('revocation')
  for (const name of Object.keys(spec.api?.operations ?? {})) out.push(`api.operations.${name}`)
  if (spec.api?.headers) out.push('api.headers')
  if (spec.api?.clientIdHeader) out.push('api.clientIdHeader')
  if (spec.api?.keyHeader) out.push('api.keyHeader')
  return out
}

function checkDocs(spec: ProviderSpec, fail: Fail): void {
  const keys = Object.keys(spec.docs)
  for (const fact of facts(spec)) {
    const parts = fact.split('.')
    const covered = parts.some((_, i) => keys.includes(parts.slice(0, i + 1).join('.')))
    if (!covered) {
      fail(
        fact.split('.'),
        'has no documentation link',
        `add docs["${fact}"]: the provider's page that states it`,
      )
    }
  }
  for (const key of keys) {
    if (!hasField(spec, key.split('.'))) {
      fail(
        ['docs', key],
        'names no field of this spec',
        'use the dotted path of a field, e.g. "endpoints.token"',
      )
    }
  }
}

function hasField(value: unknown, path: readonly string[]): boolean {
  let node = value
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false
    node = (node as Record<string, unknown>)[segment]
  }
  return true
}
