import { clientEntryOf } from '../runtime/provider/lib/fits-oauth2.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import {
  byName,
  camelCase,
  docText,
  importStatement,
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
          [...(hasOperations ? ['AccessTokenSource'] : []), configType, 'ProviderClient'],
          `${runtime}/client-types.js`,
          true,
        ),
        importStatement(
          [ENTRIES[model.clientEntry].name],
          `${runtime}/${ENTRIES[model.clientEntry].file}`,
          false,
        ),
        ...(hasOperations ? [importStatement(['ResponseOf'], `${runtime}/spec-types.js`, true)] : []),
      ]
  return {
    file: model.file,
    oauth1,
    displayName: docText(model.displayName),
    imports,
    createClient: ENTRIES[model.clientEntry].name,
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
