import { clientEntryOf } from '../runtime/provider/lib/fits-oauth2.js'
import type { ProviderLoginSpec, ProviderSpec } from '../runtime/provider/spec-types.js'
import {
  byName,
  camelCase,
  docText,
  genericAlias,
  importStatement,
  type LiteralObject,
  literal,
  literalUnion,
  methodSignature,
  objectEntry,
  paramType,
  pascalCase,
  propertyKey,
  tsString,
} from './emit.js'

/** A provider as the generator sees it: plain, sorted data, no functions or schemas. */
export interface ProviderModel {
  id: string
  file: string
  displayName: string
  protocol: ProviderSpec['protocol']
  /** The lightest runtime entry that runs the spec (see `clientEntryOf`). */
  clientEntry: 'oauth2' | 'oidc' | 'full'
  issuerAtRuntime: boolean
  scopes: { name: string; description: string }[]
  defaultScopes: string[]
  emailScopes: string[]
  allowUnlistedScopes: boolean
  params: { name: string; type: string; description: string }[]
  tokenFields: { name: string; type: string }[]
  operations: {
    name: string
    method: string
    path: string
    description: string
    params: { name: string; type: string; required: boolean; description: string }[]
  }[]
  docs: { key: string; url: string }[]
  /** What signing in reads of the spec (see `loginSpecOf`); undefined for OAuth 1.0a. */
  loginSpec: ProviderLoginSpec | undefined
}

/**
 * The part of a spec the sign-in flow reads (`ProviderLoginSpec`): the spec without its
 * documentation (`docs`, scope and parameter descriptions), API operations and profile mapping.
 * Fields are dropped by name, so a protocol field added to the spec language later is carried
 * along without a change here. The API keeps its origin and headers only when a custom revocation
 * URL needs them (a revocation on the API host is an API call).
 */
export function loginSpecOf(spec: ProviderSpec): ProviderLoginSpec {
  const copy: Record<string, unknown> = { ...spec }
  for (const key of ['docs', 'profile', 'api', 'oauth1', 'scopes', 'authorizationParams']) delete copy[key]
  const { emailScopes: _emailOnlyInTypes, supported, ...scopes } = spec.scopes
  const login: ProviderLoginSpec = {
    ...(copy as Omit<ProviderLoginSpec, 'scopes'>),
    scopes: { ...scopes, supported: Object.fromEntries(Object.keys(supported).map((name) => [name, {}])) },
  }
  if (spec.authorizationParams) {
    login.authorizationParams = Object.fromEntries(
      Object.entries(spec.authorizationParams).map(([name, { description: _doc, ...check }]) => [
        name,
        check,
      ]),
    )
  }
  if (spec.api && spec.revocation) {
    login.api = spec.api.headers
      ? { baseUrl: spec.api.baseUrl, headers: spec.api.headers }
      : { baseUrl: spec.api.baseUrl }
  }
  return login
}

/** Builds the model of a validated spec. Everything without a meaningful order is sorted. */
export function buildModel(spec: ProviderSpec, file: string): ProviderModel {
  return {
    id: spec.id,
    file,
    displayName: spec.displayName,
    protocol: spec.protocol,
    clientEntry: clientEntryOf(spec),
    issuerAtRuntime: spec.issuerAtRuntime === true,
    scopes: byName(
      Object.entries(spec.scopes.supported).map(([name, s]) => ({ name, description: s.description })),
    ),
    defaultScopes: [...spec.scopes.defaults].sort(),
    emailScopes: [...(spec.scopes.emailScopes ?? [])].sort(),
    allowUnlistedScopes: spec.scopes.allowUnlisted === true,
    params: byName(
      Object.entries(spec.authorizationParams ?? {}).map(([name, p]) => ({
        name,
        type: paramType(p),
        description: p.description,
      })),
    ),
    tokenFields: byName(
      Object.entries(spec.tokenResponse?.extraFields ?? {}).map(([name, type]) => ({ name, type })),
    ),
    operations: byName(
      Object.entries(spec.api?.operations ?? {}).map(([name, op]) => ({
        name,
        method: op.method,
        path: op.path,
        description: op.description,
        params: byName(
          Object.entries(op.params ?? {})
            .filter(([, p]) => p.from === undefined)
            .map(([pname, p]) => ({
              name: pname,
              type: p.type,
              required: p.required === true || p.in === 'path',
              description: p.description,
            })),
        ),
      })),
    ),
    docs: Object.entries(spec.docs)
      .map(([key, url]) => ({ key, url }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    loginSpec: spec.protocol === 'oauth1' ? undefined : loginSpecOf(spec),
  }
}

/** One member of a generated interface. */
export interface Member {
  doc: string | undefined
  line: string
}

function member(name: string, type: string, optional: boolean, doc?: string): Member {
  return {
    doc: doc === undefined ? undefined : docText(doc),
    line: `${propertyKey(name)}${optional ? '?' : ''}: ${type}`,
  }
}

/** What `templates/provider.ts.hbs` lays out. */
export interface ProviderContext {
  file: string
  oauth1: boolean
  displayName: string
  imports: string[]
  /** The runtime function the factory calls. */
  createClient: string
  /** The runtime function the sign-in factory calls. */
  createLogin: string
  /** `ProviderLoginSpec` data as an object literal (not for OAuth 1.0a). */
  loginSpec: string
  /** `type <Prefix>LoginClient = ProviderLoginClient<…>` as laid out. */
  loginClientType: string
  prefix: string
  factory: string
  configType: string
  scopeMembers: { doc: string; literal: string }[]
  scopeOpen: boolean
  defaultScope: string
  emailScope: string
  params: Member[]
  tokenFields: Member[]
  hasOperations: boolean
  operations: {
    name: string
    doc: string
    signature: string
    paramsType: string | undefined
    params: Member[]
  }[]
  docs: string[]
  mainDoc: string | undefined
}

/** The runtime function a generated factory calls, by client entry, and the file it is in. */
const ENTRIES = {
  oauth2: { name: 'createOAuth2ProviderClient', file: 'create-oauth2-provider-client.js' },
  oidc: { name: 'createOidcProviderClient', file: 'create-oidc-provider-client.js' },
  full: { name: 'createProviderClient', file: 'create-provider-client.js' },
} as const

/** The runtime function a generated sign-in factory calls, by client entry, and its file. */
const LOGIN_ENTRIES = {
  oauth2: { name: 'createOAuth2LoginClient', file: 'create-oauth2-login-client.js' },
  oidc: { name: 'createOidcLoginClient', file: 'create-oidc-login-client.js' },
  full: { name: 'createLoginClient', file: 'create-login-client.js' },
} as const

/** Builds the template context of one provider file at `generated/providers/<id>.ts`. */
export function providerContext(model: ProviderModel): ProviderContext {
  const prefix = pascalCase(model.id)
  const oauth1 = model.protocol === 'oauth1'
  const configType = oauth1
    ? 'OAuth1ProviderConfig'
    : model.issuerAtRuntime
      ? 'IssuerClientConfig'
      : 'ProviderClientConfig'
  const hasOperations = model.operations.length > 0
  const runtime = '../../runtime/provider'
  const tokenType = oauth1 ? 'OAuth1ProviderTokens' : 'AccessTokenSource'
  const imports = oauth1
    ? [
        `import spec from ${tsString(`../../${model.file.replace(/\.ts$/, '.js')}`)}`,
        importStatement(
          [
            'createOAuth1ProviderClient',
            'type OAuth1ProviderClient',
            'type OAuth1ProviderConfig',
            ...(hasOperations ? ['type OAuth1ProviderTokens'] : []),
          ],
          `${runtime}/oauth1/create-oauth1-provider-client.js`,
          false,
        ),
        ...(hasOperations ? [importStatement(['ResponseOf'], `${runtime}/spec-types.js`, true)] : []),
      ]
    : [
        `import spec from ${tsString(`../../${model.file.replace(/\.ts$/, '.js')}`)}`,
        importStatement(
          [
            ...(hasOperations ? ['AccessTokenSource'] : []),
            configType,
            'ProviderClient',
            'ProviderLoginClient',
          ],
          `${runtime}/client-types.js`,
          true,
        ),
        importStatement(
          [LOGIN_ENTRIES[model.clientEntry].name],
          `${runtime}/${LOGIN_ENTRIES[model.clientEntry].file}`,
          false,
        ),
        importStatement(
          [ENTRIES[model.clientEntry].name],
          `${runtime}/${ENTRIES[model.clientEntry].file}`,
          false,
        ),
        importStatement(
          ['ProviderLoginSpec', ...(hasOperations ? ['ResponseOf'] : [])],
          `${runtime}/spec-types.js`,
          true,
        ),
      ]
  return {
    file: model.file,
    oauth1,
    displayName: docText(model.displayName),
    imports,
    createClient: ENTRIES[model.clientEntry].name,
    createLogin: LOGIN_ENTRIES[model.clientEntry].name,
    loginSpec: model.loginSpec ? literal(model.loginSpec as unknown as LiteralObject) : '',
    loginClientType: genericAlias(`export type ${prefix}LoginClient`, 'ProviderLoginClient', [
      `${prefix}Scope`,
      `${prefix}DefaultScope`,
      `${prefix}AuthorizationParams`,
      `${prefix}TokenFields`,
    ]),
    prefix,
    factory: camelCase(model.id),
    configType,
    scopeMembers: model.scopes.map((s) => ({ doc: docText(s.description), literal: tsString(s.name) })),
    scopeOpen: model.allowUnlistedScopes,
    defaultScope: literalUnion(model.defaultScopes),
    emailScope: literalUnion(model.emailScopes),
    params: model.params.map((p) => member(p.name, p.type, true, p.description)),
    tokenFields: model.tokenFields.map((f) => member(f.name, f.type, true)),
    hasOperations,
    operations: model.operations.map((op) => {
      const paramsType = op.params.length > 0 ? `${prefix}${pascalCase(op.name)}Params` : undefined
      const required = op.params.some((p) => p.required)
      const args = [`tokens: ${tokenType}`]
      if (paramsType) args.push(`params${required ? '' : '?'}: ${paramsType}`)
      return {
        name: op.name,
        doc: docText(`${op.description} (${op.method} ${op.path})`),
        signature: methodSignature(
          propertyKey(op.name),
          args,
          `Promise<${prefix}Responses[${tsString(op.name)}]>`,
        ),
        paramsType,
        params: op.params.map((p) => member(p.name, p.type, !p.required, p.description)),
      }
    }),
    docs: model.docs.map((d) => objectEntry(d.key, tsString(d.url))),
    mainDoc: model.docs.find(
      (d) => d.key.startsWith('endpoints') || d.key === 'issuer' || d.key === 'oauth1.endpoints',
    )?.url,
  }
}

/** What `templates/index.ts.hbs` lays out. */
export function indexContext(models: readonly ProviderModel[]): { modules: string[] } {
  // Sorted by id (so `vk` precedes `vk-legacy`, as biome's import order wants).
  const ids = models.map((m) => m.id).sort()
  return { modules: ids.map((id) => `./providers/${id}.js`) }
}
