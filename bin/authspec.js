#!/usr/bin/env node
// In a clone of the repository the CLI runs from its TypeScript source, so it always matches the
// code beside it: esbuild bundles generator/cli.ts (packages left external) into
// node_modules/.cache/authspec, rebuilt whenever one of the bundled files changes. That start
// takes ~0.1 s where running the sources through tsx took over a second. An installed package
// has only dist/ and runs the built CLI.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
const source = path.join(repo, 'generator/cli.ts')

/** The bundled CLI's file, built now if any of its inputs changed since the last build. */
async function bundledCli() {
  const cache = path.join(repo, 'node_modules/.cache/authspec')
  const pointer = path.join(cache, 'cli.json')
  try {
    const last = JSON.parse(readFileSync(pointer, 'utf8'))
    const fresh = Object.entries(last.inputs).every(([file, mtimeMs]) => {
      try {
        return statSync(path.join(repo, file)).mtimeMs === mtimeMs
      } catch {
        return false
      }
    })
    if (fresh && existsSync(path.join(cache, last.dir, 'cli.js'))) return path.join(cache, last.dir, 'cli.js')
  } catch {
    // No usable build yet.
  }
  const { build } = await import('esbuild')
  const dir = `cli-${process.pid}-${Date.now()}`
  const mtimes = new Map()
  const result = await build({
    // The metafile's input paths are relative to this folder, whatever the current directory.
    absWorkingDir: repo,
    entryPoints: [source],
    outdir: path.join(cache, dir),
    bundle: true,
    // The CLI imports each command's modules when it runs: separate chunks keep `version` light.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        // Each module keeps its own location: templates and the runtime are found beside the
        // sources, not beside the bundle.
        name: 'source-location',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            mtimes.set(args.path, statSync(args.path).mtimeMs)
            const text = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
            return { contents: text, loader: 'ts' }
          })
        },
      },
    ],
  })
  const inputs = {}
  for (const file of Object.keys(result.metafile.inputs)) {
    const absolute = path.resolve(repo, file)
    inputs[path.relative(repo, absolute)] = mtimes.get(absolute) ?? statSync(absolute).mtimeMs
  }
  // Write the pointer atomically: concurrent runs (tests) each build their own folder.
  const temporary = `${pointer}.${process.pid}`
  writeFileSync(temporary, JSON.stringify({ dir, inputs }))
  renameSync(temporary, pointer)
  for (const old of readdirSync(cache)) {
    if (!old.startsWith('cli-') || old === dir) continue
    try {
      // An hour: a long-running `generate --watch` or `mock` may still load chunks from its build.
      if (Date.now() - statSync(path.join(cache, old)).mtimeMs > 60 * 60_000)
        rmSync(path.join(cache, old), { recursive: true, force: true })
    } catch {
      // Another run removed it first.
    }
  }
  return path.join(cache, dir, 'cli.js')
}

/** Loads the CLI: the bundled sources in a clone of the repository, the built dist/ in a package. */
async function loadCli() {
  if (!existsSync(source)) return (await import('../dist/generator/cli.js')).main
  let bundle
  try {
    mkdirSync(path.join(repo, 'node_modules/.cache/authspec'), { recursive: true })
    bundle = await bundledCli()
  } catch {
    // No esbuild: run the sources through tsx.
  }
  if (bundle) return (await import(pathToFileURL(bundle).href)).main
  const { register } = await import('tsx/esm/api')
  register()
  return (await import('../generator/cli.ts')).main
}

/**
 * Every expected failure is reported by the command itself; anything else is still one line (the
 * stack only when asked for: AUTHSPEC_DEBUG=1).
 */
function fail(err) {
  const message = err instanceof Error ? err.message : String(err)
  console.error(`authspec: ${message.split('\n')[0]} (set AUTHSPEC_DEBUG=1 for the details)`)
  if (process.env.AUTHSPEC_DEBUG) console.error(err)
  process.exitCode = 1
}
// A failure outside main's promise (an 'error' event, a timer) ends the run the same way.
process.on('uncaughtException', (err) => {
  fail(err)
  process.exit()
})

try {
  const main = await loadCli()
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  fail(err)
}
