#!/usr/bin/env node
// In a clone of the repository the TypeScript source runs through tsx, so the CLI always matches
// the code beside it; an installed package has only dist/ and runs the built CLI.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const source = fileURLToPath(new URL('../generator/cli.ts', import.meta.url))
let main
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../generator/cli.ts'))
} else {
  ;({ main } = await import('../dist/generator/cli.js'))
}
process.exitCode = await main(process.argv.slice(2))
