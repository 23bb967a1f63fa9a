import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Runs after `npm run build` (npm test builds first): every public subpath must resolve to a
// built module with its type declarations, so the exports map never promises a missing file.
const root = fileURLToPath(new URL('../../', import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>
}

const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => {
  if (typeof target === 'string') return []
  if (!subpath.includes('*')) return [[subpath, target] as const]
  // Expand a pattern export to one entry per generated module (provider clients, grant modules).
  const dir = `${root}${target.default.replace(/^\.\/dist\//, '').replace(/\/\*\.js$/, '')}`
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => {
      const id = f.slice(0, -3)
      const fill = (s: string) => s.replace('*', id)
      return [fill(subpath), { types: fill(target.types), default: fill(target.default) }] as const
    })
})

describe('package.json exports', () => {
  it('lists the public areas', () => {
    expect(Object.keys(pkg.exports)).toEqual(
      expect.arrayContaining(['.', './oauth2', './oidc', './jose', './server', './storage', './auth']),
    )
  })

  it.each(entries)('%s is built with types', async (subpath, target) => {
    const missing = [target.default, target.types].filter((f) => !existsSync(`${root}${f}`))
    expect(missing, `missing for "${subpath}": run "npm run build" first`).toEqual([])
    if (subpath.startsWith('./http/') || subpath.startsWith('./auth/')) return
    const mod: Record<string, unknown> = await import(`${root}${target.default}`)
    expect(Object.keys(mod).length).toBeGreaterThan(0)
  })
})
