#!/usr/bin/env node
// Runs the built CLI when present (installed package), else the TypeScript source through tsx
// (a clone of the repository), so both paths give the same command.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = fileURLToPath(new URL('../dist/generator/cli.js', import.meta.url))
if (existsSync(built)) {
  const { main } = await import(built)
  process.exitCode = await main(process.argv.slice(2))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  const { main } = await import('../generator/cli.ts')
  process.exitCode = await main(process.argv.slice(2))
}
