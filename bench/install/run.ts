// What a user installs for a sign-in client, side by side in one run: authspec (the packed tarball
// of this checkout; a `githubLogin` user needs nothing more), openid-client + zod, and arctic.
// Each install goes into a fresh project with a fresh npm cache, so every byte is downloaded.
// Reports packages, bytes on disk, install scripts and install time, with ratios to authspec.
// Usage: npm run build && npm run bench:install [-- --rounds N]
import { rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { bytesOnDisk, freshDir, installed, packTarball, sh } from '../../test/helpers/packed-project.js'

interface Row {
  name: string
  packages: number
  bytes: number
  scripts: string[]
  ms: number
}

const roundsFlag = process.argv.indexOf('--rounds')
const rounds = roundsFlag === -1 ? 1 : Number(process.argv[roundsFlag + 1])

async function measure(name: string, specs: string): Promise<Row> {
  let best: Row | undefined
  for (let round = 0; round < rounds; round++) {
    const project = await freshDir('bench-install')
    const cache = await freshDir('bench-install-cache')
    await writeFile(path.join(project, 'package.json'), '{ "name": "bench", "type": "module" }\n')
    const started = performance.now()
    const result = await sh(`npm install --no-audit --no-fund --cache "${cache}" ${specs}`, project)
    const ms = performance.now() - started
    if (result.code !== 0) throw new Error(`${name}: npm install failed\n${result.stderr}`)
    const { names, installScripts } = await installed(project)
    const row = {
      name,
      packages: names.length,
      bytes: await bytesOnDisk(path.join(project, 'node_modules')),
      scripts: installScripts,
      ms,
    }
    if (!best || row.ms < best.ms) best = row
    await Promise.all([project, cache].map((dir) => rm(dir, { recursive: true, force: true })))
  }
  return best as Row
}

const out = await freshDir('bench-install-pack')
const tarball = await packTarball(out)
const rows = [
  await measure('authspec (githubLogin)', tarball),
  await measure('openid-client + zod', 'openid-client zod'),
  await measure('arctic', 'arctic'),
]
await rm(out, { recursive: true, force: true })

const [base] = rows as [Row]
const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}×`
console.log(`install of a sign-in client, fresh project and npm cache, best of ${rounds} round(s)\n`)
console.log(
  '| install | packages | on disk | install scripts | time | packages vs authspec | disk vs authspec | time vs authspec |',
)
console.log('|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.packages} | ${(row.bytes / 1024 / 1024).toFixed(2)} MB | ${row.scripts.join(', ') || 'none'} | ${(row.ms / 1000).toFixed(1)} s | ${ratio(row.packages, base.packages)} | ${ratio(row.bytes, base.bytes)} | ${ratio(row.ms, base.ms)} |`,
  )
}
