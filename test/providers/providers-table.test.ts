import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { PROVIDERS_TABLE_FILE, renderProvidersTable } from '../../scripts/providers-table.js'
import { loadBuiltInSpecs } from '../../scripts/quirks-table.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

describe('PROVIDERS.md', () => {
  it('is up to date with the built-in specs', async () => {
    const want = renderProvidersTable(await loadBuiltInSpecs())
    const have = await readFile(new URL(`../../${PROVIDERS_TABLE_FILE}`, import.meta.url), 'utf8').catch(
      () => '',
    )
    expect(have === want, `${PROVIDERS_TABLE_FILE} is stale: run npm run docs:catalogue`).toBe(true)
  })

  it('has one row per spec, stating what the spec declares', () => {
    const plain = minimalSpec({})
    const hosted = minimalSpec({
      id: 'tenant',
      displayName: 'Tenant',
      hosts: { domain: { description: 'd', example: 'a.example.com' } },
      endpoints: {
        authorization: 'https://{domain}/authorize',
        token: 'https://{domain}/token',
        revocation: 'https://{domain}/revoke',
      },
      scopes: { supported: {}, defaults: [], requestDelimiter: ',', responseDelimiter: ' ' },
    })
    const page = renderProvidersTable([hosted, plain])
    const rows = page
      .split('\n')
      .filter((l) => l.startsWith('| ['))
      .map((l) => l.split(' | '))
    expect(rows.map((r) => r[1])).toEqual([`\`${plain.id}\``, '`tenant`'].sort())
    const tenant = rows.find((r) => r[1] === '`tenant`')!
    expect(tenant[6]).toBe('yes')
    expect(tenant[7]).toBe('RFC 7009')
    expect(tenant[8]).toBe('`domain`')
    expect(tenant[9]).toContain('`scopes.requestDelimiter`')
    const once = renderProvidersTable([minimalSpec({ refresh: 'unsupported' })])
    expect(
      once
        .split('\n')
        .find((l) => l.startsWith('| ['))
        ?.split(' | ')[6],
    ).toBe('—')
  })
})
