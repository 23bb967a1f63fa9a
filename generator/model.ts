import { profileRequirement } from '../runtime/provider/claims-profile.js'
import { needsClientSecret } from '../runtime/provider/lib/client-auth-methods.js'
import { lackingMethods } from '../runtime/provider/lib/lacking-methods.js'
import { neededSupport, type SupportName } from '../runtime/provider/lib/needed-support.js'
import type { ProviderLoginSpec, ProviderSpec } from '../runtime/provider/spec-types.js'
import {
  byName,
  camelCase,
  docText,
  functionHeader,
  genericAlias,
  importStatement,
  LINE_WIDTH,
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
  /** The support modules each factory passes to `createClient` (see `neededSupport`); none for OAuth 1.0a. */
  support: { client: SupportName[]; login: SupportName[] }
  issuerAtRuntime: boolean
  /** The customer's hosts (spec `hosts`): typed factory options, optional when they have a default. */
  hosts: { name: string; description: string; example: string; optional: boolean }[]
  /** The config option the API wants in a header (`api.keyHeader`): required by the full factory. */
  apiKey: { name: string; description: string } | undefined
  scopes: { name: string; description: string }[]
  defaultScopes: string[]
  emailScopes: string[]
  allowUnlistedScopes: boolean
  params: { name: string; type: string; description: string }[]
  tokenFields: { name: string; type: string }[]
  /** JSON callback parameters (`callback.data`), typed from their schemas in `tokens.fields`. */
  callbackData: string[]
  /** The client secret is signed per request (`signedClientSecret`): the factory takes the key. */
  signedSecret: boolean
  /** The provider has no public clients (`needsClientSecret`): the factory requires `clientSecret`. */
  secretRequired: boolean
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
  /** Sign-in methods the spec lacks (`lackingMethods`): absent from the client types. */
  lacking: string[]
  /** Scopes of which `profile` needs one (`scopes.profileRequires`). */
  profileRequires: string[]
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
  for (const key of ['docs', 'profile', 'api', 'oauth1', 'scopes', 'authorizationParams', 'hosts']) {
    delete copy[key]
  }
  const { emailScopes: _email, profileRequires: _profile, supported, ...scopes } = spec.scopes
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
  if (spec.hosts) {
    login.hosts = Object.fromEntries(
      Object.entries(spec.hosts).map(([name, { description: _doc, ...check }]) => [name, check]),
    )
  }
  if (spec.callback?.data) {
    // Names only: the sign-in data carries no schemas (callbackData then asks for a JSON object).
    const names = Object.keys(spec.callback.data).map((name) => [name, {}])
    login.callback = { ...spec.callback, data: Object.fromEntries(names) }
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
    support:
      spec.protocol === 'oauth1'
        ? { client: [], login: [] }
        : { client: neededSupport(spec, 'client'), login: neededSupport(spec, 'login') },
    issuerAtRuntime: spec.issuerAtRuntime === true,
    hosts: byName(
      Object.entries(spec.hosts ?? {}).map(([name, h]) => ({
        name,
        description: h.default === undefined ? h.description : `${h.description}; default "${h.default}"`,
        example: h.example,
        optional: h.default !== undefined,
      })),
    ),
    apiKey: spec.api?.keyHeader && {
      name: spec.api.keyHeader.option,
      description: `${spec.api.keyHeader.description} (sent as ${spec.api.keyHeader.name})`,
    },
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
    callbackData: Object.keys(spec.callback?.data ?? {}).sort(),
    signedSecret: spec.signedClientSecret !== undefined,
    secretRequired: spec.protocol !== 'oauth1' && needsClientSecret(spec),
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
    lacking: spec.protocol === 'oauth1' ? [] : lackingMethods(spec).sort(),
    profileRequires: [...(profileRequirement(spec) ?? [])].sort(),
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
  /** The factory's `createClient(…)` call, laid out after `  return `. */
  createClient: string
  /** `export function <factory>(config): <Prefix>Client {` laid out as biome prints it. */
  factoryHeader: string
  /** The same for `<factory>Login`. */
  loginHeader: string
  /** The sign-in factory's `createClient(…)` call, laid out after `  return `. */
  createLogin: string
  /** `ProviderLoginSpec` data as an object literal (not for OAuth 1.0a). */
  loginSpec: string
  /** `type <Prefix>LoginClient = ProviderLoginClient<…>` as laid out. */
  loginClientType: string
  /** `type <Prefix>Client = ProviderClient<…>` as laid out. */
  clientType: string
  prefix: string
  factory: string
  /** The factories' config: the runtime's config type, with the spec's hosts when it has any. */
  configType: string
  /** Members of `<Prefix>Hosts`, the spec's customer hosts. */
  hosts: Member[]
  /** The member of `<Prefix>ApiKey`, which only the full factory takes (sign-in calls no API). */
  apiKey: Member | undefined
  scopeMembers: { doc: string; literal: string }[]
  scopeOpen: boolean
  /** The spec lists no scopes and takes no others (WorkOS SSO): the union is `never`. */
  scopeNone: boolean
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

/**
 * `createClient<Type>(specName, config, { name: nameSupport, … })` as biome prints it after
 * `  return `: on one line when it fits, else the support object broken one module a line; no
 * third argument when the spec needs no support module.
 */
export function createClientCall(type: string, specName: string, support: readonly SupportName[]): string {
  const head = `createClient<${type}>(${specName}, config`
  if (support.length === 0) return `${head})`
  const entries = support.map((name) => `${name}: ${name}Support`)
  const one = `${head}, { ${entries.join(', ')} })`
  if (`  return ${one}`.length <= LINE_WIDTH) return one
  return `${head}, {\n${entries.map((e) => `    ${e},`).join('\n')}\n  })`
}

/** Builds the template context of one provider file at `generated/providers/<id>.ts`. */
export function providerContext(model: ProviderModel): ProviderContext {
  const prefix = pascalCase(model.id)
  const oauth1 = model.protocol === 'oauth1'
  const baseConfig = oauth1
    ? 'OAuth1ProviderConfig'
    : model.issuerAtRuntime
      ? 'IssuerClientConfig'
      : model.signedSecret
        ? 'SignedSecretClientConfig'
        : model.secretRequired
          ? 'ConfidentialClientConfig'
          : 'ProviderClientConfig'
  const configType = model.hosts.length > 0 ? `${baseConfig} & ${prefix}Hosts` : baseConfig
  const hasOperations = model.operations.length > 0
  const responseOf = hasOperations || model.callbackData.length > 0
  const runtime = '../../runtime/provider'
  const tokenType = oauth1 ? 'OAuth1ProviderTokens' : 'AccessTokenSource'
  // The login set is a subset of the client's; both factories share one import.
  const support = model.support.client.map((name) => `${name}Support`)
  const supportImport = support.length > 0 ? [importStatement(support, `${runtime}/support.js`, false)] : []
  const imports = oauth1
    ? [
        `import spec from ${tsString(`../../${model.file.replace(/\.ts$/, '.js')}`)}`,
        importStatement(
          [
            'createOAuth1ProviderClient',
            'type OAuth1ProviderClient',
            `type ${baseConfig}`,
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
            baseConfig,
            'ProviderClient',
            'ProviderLoginClient',
          ],
          `${runtime}/client-types.js`,
          true,
        ),
        importStatement(['createClient'], `${runtime}/create-client.js`, false),
        importStatement(
          ['ProviderLoginSpec', ...(responseOf ? ['ResponseOf'] : [])],
          `${runtime}/spec-types.js`,
          true,
        ),
        ...supportImport,
      ]
  return {
    file: model.file,
    oauth1,
    displayName: docText(model.displayName),
    imports,
    createClient: createClientCall(`${prefix}Client`, 'spec', model.support.client),
    createLogin: createClientCall(`${prefix}LoginClient`, 'loginSpec', model.support.login),
    factoryHeader: functionHeader(
      camelCase(model.id),
      `config: ${model.apiKey ? `${configType} & ${prefix}ApiKey` : configType}`,
      `${prefix}Client`,
    ),
    loginHeader: functionHeader(
      `${camelCase(model.id)}Login`,
      `config: ${configType}`,
      `${prefix}LoginClient`,
    ),
    loginSpec: model.loginSpec ? literal(model.loginSpec as unknown as LiteralObject) : '',
    loginClientType: genericAlias(`export type ${prefix}LoginClient`, 'ProviderLoginClient', [
      `${prefix}Scope`,
      `${prefix}DefaultScope`,
      `${prefix}AuthorizationParams`,
      `${prefix}TokenFields`,
      literalUnion(model.lacking),
    ]),
    clientType: genericAlias(`export type ${prefix}Client`, 'ProviderClient', [
      `${prefix}Scope`,
      `${prefix}DefaultScope`,
      `${prefix}EmailScope`,
      `${prefix}AuthorizationParams`,
      `${prefix}TokenFields`,
      `${prefix}Api`,
      literalUnion(model.lacking),
      `${prefix}ProfileRaw`,
      literalUnion(model.profileRequires),
    ]),
    prefix,
    factory: camelCase(model.id),
    configType,
    apiKey: model.apiKey && member(model.apiKey.name, 'string', false, model.apiKey.description),
    hosts: model.hosts.map((h) =>
      member(h.name, 'string', h.optional, `${h.description} (e.g. "${h.example}")`),
    ),
    scopeMembers: model.scopes.map((s) => ({ doc: docText(s.description), literal: tsString(s.name) })),
    scopeOpen: model.allowUnlistedScopes,
    scopeNone: model.scopes.length === 0 && !model.allowUnlistedScopes,
    defaultScope: literalUnion(model.defaultScopes),
    emailScope: literalUnion(model.emailScopes),
    params: model.params.map((p) => member(p.name, p.type, true, p.description)),
    tokenFields: [
      ...model.tokenFields.map((f) => member(f.name, f.type, true)),
      // Present after a callback that carried them (Apple sends `user` on the first sign-in only).
      ...model.callbackData.map((name) =>
        member(
          name,
          `ResponseOf<NonNullable<NonNullable<(typeof spec)['callback']>['data']>[${tsString(name)}]>`,
          true,
        ),
      ),
    ],
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
