import { readFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import {
  ARCTIC,
  arcticId,
  GUIDE_FILE,
  guideBlocks,
  renderGuide,
  renderSnippets,
  SNIPPETS_FILE,
} from '../../scripts/arctic-guide.js'
import { loadBuiltInSpecs } from '../../scripts/quirks-table.js'
import { snippets } from './arctic-guide-snippets.js'

const read = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), 'utf8')
const specs = await loadBuiltInSpecs()
const guide = await read(GUIDE_FILE)

describe('docs/migrating-from-arctic.md', () => {
  it('lists every provider arctic exports, and nothing else', async () => {
    const index = await read('node_modules/arctic/dist/index.d.ts')
    const exported = [...index.matchAll(/export \{ (\w+) \} from "\.\/providers\//g)].map((m) => m[1]!)
    expect(Object.keys(ARCTIC).sort()).toEqual(exported.sort())
  })

  it('gives a reason exactly for the providers authspec has no spec for', () => {
    const ids = new Set(specs.map((s) => s.id))
    for (const [name, entry] of Object.entries(ARCTIC)) {
      expect(entry.missing === undefined, `${name} → ${arcticId(name)}`).toBe(ids.has(arcticId(name)))
    }
  })

  it('has its table and its extracted snippets up to date', async () => {
    const hint = 'run npx tsx scripts/catalogue-docs.ts'
    expect(guide === renderGuide(guide, specs), `${GUIDE_FILE} is stale: ${hint}`).toBe(true)
    expect((await read(SNIPPETS_FILE)) === renderSnippets(guide), `${SNIPPETS_FILE} is stale: ${hint}`).toBe(
      true,
    )
  })

  const mocks: MockProvider[] = []
  afterAll(() => Promise.all(mocks.map((m) => m.close())))

  // Each block is type-checked by tsc (through the snippets file) and run here against its mock.
  it.each([...guideBlocks(guide).keys()])('block "%s" runs against the provider mock', async (id) => {
    const spec = specs.find((s) => s.id === id)
    expect(spec, `the guide's block "${id}" names no provider`).toBeDefined()
    const mock = await createMockProvider(spec!)
    mocks.push(mock)
    await expect(snippets[id]!(mock.url)).resolves.toBeUndefined()
  })
})
