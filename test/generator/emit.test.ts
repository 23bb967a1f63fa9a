import { describe, expect, it } from 'vitest'
import {
  camelCase,
  docText,
  functionHeader,
  genericAlias,
  importStatement,
  literal,
  literalUnion,
  methodSignature,
  objectEntry,
  packageImport,
  pascalCase,
  propertyKey,
  tsString,
} from '../../generator/emit.js'
import {
  buildModel,
  createClientCall,
  indexContext,
  loginSpecOf,
  providerContext,
} from '../../generator/model.js'
import { format } from '../../generator/render.js'
import discord from '../../providers/discord.js'
import github from '../../providers/github.js'
import gitlab from '../../providers/gitlab.js'
import google from '../../providers/google.js'
import oidc from '../../providers/oidc.js'
import vk from '../../providers/vk.js'
import vkLegacy from '../../providers/vk-legacy.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'

describe('emitters', () => {
  it.each([
    ['plain', () => tsString('repo'), "'repo'"],
    ['quote and backslash', () => tsString("it's \\"), "'it\\'s \\\\'"],
    ['identifier key', () => propertyKey('allow_signup'), 'allow_signup'],
    ['key needing quotes', () => propertyKey('read:user'), "'read:user'"],
    ['pascal case', () => pascalCase('vk-legacy'), 'VkLegacy'],
    [
      'runtime import as the package',
      () => packageImport("import { createClient } from '../../runtime/provider/create-client.js'"),
      "import { createClient } from 'authspec/provider'",
    ],
    [
      'multi-line type import as the package, joined when it fits',
      () =>
        packageImport(
          "import type {\n  AccessTokenSource,\n  ProviderClient,\n} from '../../runtime/provider/client-types.js'",
        ),
      "import type { AccessTokenSource, ProviderClient } from 'authspec/provider'",
    ],
    [
      'other imports unchanged',
      () => packageImport("import type { z } from 'zod'"),
      "import type { z } from 'zod'",
    ],
    ['camel case', () => camelCase('vk-legacy'), 'vkLegacy'],
    ['doc text closes no comment', () => docText('a */ b\n c'), 'a *\\/ b c'],
    ['union sorted and deduplicated', () => literalUnion(['b', 'a', 'b']), "'a' | 'b'"],
    ['empty union', () => literalUnion([]), 'never'],
    ['open union', () => literalUnion(['a'], true), "'a' | (string & {})"],
    [
      'short import on one line',
      () => importStatement(['b', 'A'], 'x', true),
      "import type { A, b } from 'x'",
    ],
    ['short entry', () => objectEntry('pkce', `'${'u'.repeat(120)}'`), `  pkce: '${'u'.repeat(120)}',`],
    [
      'long entry breaks after the key',
      () => objectEntry('scopes', `'${'u'.repeat(120)}'`),
      `  scopes:\n    '${'u'.repeat(120)}',`,
    ],
    ['short method', () => methodSignature('get', ['t: T'], 'Promise<R>'), '  get(t: T): Promise<R>'],
    [
      'long method breaks its parameters',
      () => methodSignature('get', ['t: T', `p: ${'P'.repeat(100)}`], 'R'),
      `  get(\n    t: T,\n    p: ${'P'.repeat(100)},\n  ): R`,
    ],
    ['short function header', () => functionHeader('f', 'c: C', 'R'), 'export function f(c: C): R {'],
    [
      'long function header puts its parameter on its own line',
      () => functionHeader('f', `c: ${'C'.repeat(100)}`, 'R'),
      `export function f(\n  c: ${'C'.repeat(100)},\n): R {`,
    ],
    ['format', () => format('a  \r\n\n\n\nb'), 'a\n\nb\n'],
    ['empty object literal', () => literal({}), '{}'],
    [
      'object literal: one member a line, keys sorted, undefined left out, short array on one line',
      () => literal({ b: ['x', 'y'], 'a:b': { on: true, n: 2, gone: undefined } }),
      "{\n  'a:b': {\n    n: 2,\n    on: true,\n  },\n  b: ['x', 'y'],\n}",
    ],
    [
      'a long array, one item a line at its depth',
      () => literal({ k: { list: ['a'.repeat(50), 'b'.repeat(50)] } }),
      `{\n  k: {\n    list: [\n      '${'a'.repeat(50)}',\n      '${'b'.repeat(50)}',\n    ],\n  },\n}`,
    ],
    [
      'a long string moves below its key',
      () => literal({ nested: { longer: 'u'.repeat(110) } }),
      `{\n  nested: {\n    longer:\n      '${'u'.repeat(110)}',\n  },\n}`,
    ],
    ['short generic alias', () => genericAlias('type A', 'G', ['B', 'C']), 'type A = G<B, C>'],
    [
      'long generic alias, one argument a line',
      () => genericAlias('type A', 'G', ['B'.repeat(60), 'C'.repeat(60)]),
      `type A = G<\n  ${'B'.repeat(60)},\n  ${'C'.repeat(60)}\n>`,
    ],
  ])('%s', (_name, run, want) => {
    expect(run()).toBe(want)
  })

  it('a function is not plain data', () => {
    expect(() => literal({ f: (() => 1) as unknown as string })).toThrow(/not plain data/)
  })

  it('a long import puts one name per line', () => {
    const names = Array.from({ length: 20 }, (_, i) => `Name${i}`)
    expect(importStatement(names, 'm', false).split('\n')).toHaveLength(22)
  })
})

describe('model', () => {
  const spec = github as unknown as ProviderSpec

  it('does not depend on the order keys were written in', () => {
    const reversed = {
      ...spec,
      scopes: {
        ...spec.scopes,
        supported: Object.fromEntries(Object.entries(spec.scopes.supported).reverse()),
      },
      authorizationParams: Object.fromEntries(Object.entries(spec.authorizationParams ?? {}).reverse()),
      docs: Object.fromEntries(Object.entries(spec.docs).reverse()),
    }
    expect(buildModel(reversed, 'providers/github.ts')).toEqual(buildModel(spec, 'providers/github.ts'))
  })

  it('builds the template context: sorted scopes, typed parameters, operation signatures', () => {
    const ctx = providerContext(buildModel(spec, 'providers/github.ts'))
    expect(ctx.prefix).toBe('Github')
    expect(ctx.scopeMembers.map((m) => m.literal).slice(0, 2)).toEqual(["'admin:gpg_key'", "'admin:org'"])
    expect(ctx.params.map((p) => p.line)).toEqual([
      'allow_signup?: boolean',
      'login?: string',
      "prompt?: 'select_account'",
    ])
    expect(ctx.defaultScope).toBe("'read:user' | 'user:email'")
    expect(ctx.operations.map((o) => o.signature)).toEqual([
      "  getAuthenticatedUser(tokens: AccessTokenSource): Promise<GithubResponses['getAuthenticatedUser']>",
      "  listEmails(\n    tokens: AccessTokenSource,\n    params?: GithubListEmailsParams,\n  ): Promise<GithubResponses['listEmails']>",
    ])
  })

  it.each([github, discord, gitlab, google, oidc, vk, vkLegacy] as unknown as ProviderSpec[])(
    'the sign-in part of $id drops documentation, API operations and the profile, and keeps the rest',
    (full) => {
      const login = loginSpecOf(full)
      // Scope names are data (Google has a scope called "profile"); every other key is checked.
      const { supported: _names, ...scopeFields } = login.scopes
      expect(JSON.stringify({ ...login, scopes: scopeFields })).not.toMatch(
        /"(description|docs|operations|profile|emailScopes)":/,
      )
      expect(Object.keys(login.scopes.supported)).toEqual(Object.keys(full.scopes.supported))
      for (const [name, param] of Object.entries(full.authorizationParams ?? {})) {
        const { description: _doc, ...check } = param
        expect(login.authorizationParams?.[name]).toEqual(check)
      }
      for (const [name, host] of Object.entries(full.hosts ?? {})) {
        const { description: _doc, ...check } = host
        expect(login.hosts?.[name]).toEqual(check)
      }
      // A custom revocation URL on the API host needs the API's origin and headers, nothing else.
      const api =
        full.api && full.revocation ? { baseUrl: full.api.baseUrl, headers: full.api.headers } : undefined
      expect(login.api).toEqual(api)
      const {
        docs: _d,
        profile: _p,
        api: _a,
        oauth1: _o,
        scopes,
        authorizationParams: _ap,
        hosts: _h,
        ...protocol
      } = full
      const { scopes: loginScopes, authorizationParams: _lp, api: _la, hosts: _lh, ...kept } = login
      expect(kept).toEqual(protocol)
      const { supported: _s, emailScopes: _e, profileRequires: _pr, ...scopeProtocol } = scopes
      const { supported: _ls, ...loginScopeProtocol } = loginScopes
      expect(loginScopeProtocol).toEqual(scopeProtocol)
    },
  )

  it('a spec without custom revocation carries no API data into sign-in', () => {
    const { revocation: _r, ...rest } = spec
    expect(loginSpecOf({ ...rest }).api).toBeUndefined()
  })

  it.each([
    ['no support module: no third argument', [], 'createClient<XClient>(spec, config)'],
    ['fits on the line', ['api'], 'createClient<XClient>(spec, config, { api: apiSupport })'],
    [
      'too long: one module a line',
      ['api', 'discovery', 'idTokens', 'userinfo'],
      'createClient<XClient>(spec, config, {\n    api: apiSupport,\n    discovery: discoverySupport,\n    idTokens: idTokensSupport,\n    userinfo: userinfoSupport,\n  })',
    ],
  ] as const)('the createClient call: %s', (_name, support, want) => {
    expect(createClientCall('XClient', 'spec', support)).toBe(want)
  })

  it('the index lists providers by id', () => {
    const m = (id: string) => ({ ...buildModel(spec, 'providers/github.ts'), id })
    expect(indexContext([m('vk-legacy'), m('github'), m('vk')]).modules).toEqual([
      './providers/github.js',
      './providers/vk.js',
      './providers/vk-legacy.js',
    ])
  })
})
