/**
 * Writes every page rendered from the provider specs: docs/provider-quirks.md, PROVIDERS.md and
 * the table and snippets of docs/migrating-from-arctic.md. Run it after adding or changing a spec:
 * `npx tsx scripts/catalogue-docs.ts`; each page's test fails while it is stale.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { writeArcticGuide } from './arctic-guide.js'
import { PROVIDERS_TABLE_FILE, renderProvidersTable } from './providers-table.js'
import { loadBuiltInSpecs, QUIRKS_TABLE_FILE, renderQuirksTable } from './quirks-table.js'

const at = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url))
const specs = await loadBuiltInSpecs()
await writeFile(at(QUIRKS_TABLE_FILE), renderQuirksTable(specs))
await writeFile(at(PROVIDERS_TABLE_FILE), renderProvidersTable(specs))
await writeArcticGuide(specs)
console.log('wrote the catalogue pages (provider quirks, PROVIDERS.md, the arctic guide)')
