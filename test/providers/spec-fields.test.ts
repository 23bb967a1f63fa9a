import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { MOCK_TOKEN_QUIRKS } from '../../mock/token-quirks.js'
import { ownershipProblems } from '../../runtime/provider/lib/spec-ownership.js'
import { TOKEN_QUIRKS } from '../../runtime/provider/lib/token-quirks.js'
import { SPEC_FIELDS } from '../../runtime/provider/spec-fields.js'
import { ProviderSpecSchema } from '../../runtime/provider/spec-schema.js'
import { findSpecProblems, type SchemaNode } from '../../runtime/provider/validate-spec.js'
import { loadBuiltInSpecs, QUIRKS_TABLE_FILE, renderQuirksTable } from '../../scripts/quirks-table.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/** Every field path the zod schema accepts, `*` for record keys. */
function schemaPaths(node: SchemaNode, path: string[] = []): string[] {
  const def = node._zod.def
  if (def.type === 'optional' && def.innerType) return schemaPaths(def.innerType, path)
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([k, v]) => schemaPaths(v, [...path, k]))
  }
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((o) => schemaPaths(o, path)))]
  if (def.type === 'record' && def.valueType) {
    return schemaPaths(def.valueType, [...path, '*'])
  }
  return [path.join('.')]
}

const entries = Object.entries(SPEC_FIELDS) as [string, (typeof SPEC_FIELDS)[keyof typeof SPEC_FIELDS]][]

describe('the spec-field registry', () => {
  it('lists every field of the schema, and nothing else', () => {
    const fromSchema = schemaPaths(ProviderSpecSchema as unknown as SchemaNode).sort()
    expect(Object.keys(SPEC_FIELDS).sort()).toEqual(fromSchema)
  })

  it.each([
    { side: 'client', owner: 'runtime/provider/lib/token-quirks.ts', table: TOKEN_QUIRKS },
    { side: 'mock', owner: 'mock/token-quirks.ts', table: MOCK_TOKEN_QUIRKS },
  ] as const)('names the $side token quirk table as owner of exactly its keys', ({ side, owner, table }) => {
    const owned = entries.filter(([, f]) => f[side] === owner).map(([p]) => p.replace(/\.\*$/, ''))
    expect(owned.sort()).toEqual(Object.keys(table).sort())
  })

  it('names owner modules that exist and mention the field', async () => {
    for (const [path, field] of entries) {
      for (const owner of [field.client, field.mock]) {
        if (owner === 'docs' || owner.startsWith('n/a: ')) continue
        const source = await readFile(new URL(`../../${owner}`, import.meta.url), 'utf8')
        const name = path
          .split('.')
          .filter((s) => s !== '*')
          .at(-1)!
        expect(source, `${path} → ${owner}`).toContain(name)
      }
    }
  })
})

describe('validate: a field without an owner', () => {
  it('is refused with a SpecError naming the file and the field path', () => {
    const { 'tokenRequest.acceptJson': _dropped, ...withoutOne } = SPEC_FIELDS
    const spec = minimalSpec({ tokenRequest: { acceptJson: true } })
    const problems = ownershipProblems(spec, 'providers/quirky.ts', withoutOne)
    expect(problems.map((p) => p.message)).toEqual([
      'providers/quirky.ts:tokenRequest.acceptJson: has no owner in the runtime (hint: list it in runtime/provider/spec-fields.ts with the code that acts on it, or remove it)',
    ])
    expect(problems[0]).toMatchObject({
      code: 'INVALID_SPEC',
      file: 'providers/quirky.ts',
      path: 'tokenRequest.acceptJson',
    })
  })

  it('walks records: an unowned key under a record is named with its key', () => {
    const { 'tokenResponse.extraFields.*': _dropped, ...withoutOne } = SPEC_FIELDS
    const spec = minimalSpec({ tokenResponse: { extraFields: { user_id: 'number' } } })
    expect(ownershipProblems(spec, 'providers/quirky.ts', withoutOne)[0]?.path).toBe(
      'tokenResponse.extraFields.user_id',
    )
  })

  it('finds no unowned field in the built-in specs', async () => {
    for (const spec of await loadBuiltInSpecs()) {
      expect(ownershipProblems(spec, `providers/${spec.id}.ts`, SPEC_FIELDS)).toEqual([])
      expect(findSpecProblems(spec, `providers/${spec.id}.ts`)).toEqual([])
    }
  })
})

describe(QUIRKS_TABLE_FILE, () => {
  it('is up to date with the registry and the built-in specs', async () => {
    const want = renderQuirksTable(await loadBuiltInSpecs())
    const have = await readFile(new URL(`../../${QUIRKS_TABLE_FILE}`, import.meta.url), 'utf8').catch(
      () => '',
    )
    expect(have === want, `${QUIRKS_TABLE_FILE} is stale: run npm run docs:catalogue`).toBe(true)
  })
})
