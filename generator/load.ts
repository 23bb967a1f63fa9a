import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { SpecError } from '../runtime/errors.js'
import { loadTool } from './require-tools.js'

/** One spec file as loaded: its path relative to the project root and its default export. */
export interface LoadedSpec {
  /** `providers/github.ts`, with forward slashes on every platform. */
  file: string
  value: unknown
}

/** The source files under `providers/` or `grants/`, sorted, without tests or declaration files. */
export async function listSourceFiles(root: string, folder: 'providers' | 'grants'): Promise<string[]> {
  const names = await readdir(path.join(root, folder)).catch(() => [] as string[])
  return names
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts') && !n.startsWith('_'))
    .sort()
    .map((n) => `${folder}/${n}`)
}

/** A module's namespace, or why it could not be loaded. */
export type ImportOutcome =
  | { ok: true; module: { default?: unknown } }
  | { ok: false; reason: string; cause: unknown }

type Esbuild = typeof import('esbuild')

/**
 * Imports TypeScript modules of the project (specs, grant definitions), keyed by their path
 * relative to `root`. esbuild compiles them in one pass with the local files they import bundled
 * in (shared code split into common chunks) and packages left to Node, into a fresh folder under
 * `node_modules/.cache/authspec`, so that packages resolve exactly as from the sources and an
 * edited file is evaluated afresh. Without esbuild (an optional peer dependency) it throws a
 * `MissingToolError` the CLI reports in one line.
 */
export async function importTypeScript(
  root: string,
  files: readonly string[],
): Promise<Map<string, ImportOutcome>> {
  const out = new Map<string, ImportOutcome>()
  if (files.length === 0) return out
  const compiler = await loadTool<Esbuild>('esbuild')
  const base = existsSync(path.join(root, 'node_modules'))
    ? path.join(root, 'node_modules/.cache/authspec')
    : path.join(root, '.authspec-cache')
  // A folder of its own: runs (and the loads of one run) may overlap.
  const outdir = path.join(base, `load-${randomUUID()}`)
  await mkdir(outdir, { recursive: true })
  try {
    const built = await compile(compiler, root, files, outdir)
    for (const file of files) {
      const problem = built.problems.get(file)
      if (problem !== undefined) {
        out.set(file, { ok: false, reason: problem, cause: new Error(problem) })
        continue
      }
      try {
        const module = (await import(pathToFileURL(path.join(outdir, outName(file))).href)) as {
          default?: unknown
        }
        out.set(file, { ok: true, module })
      } catch (cause) {
        out.set(file, { ok: false, reason: firstLine(cause), cause })
      }
    }
  } finally {
    await rm(outdir, { recursive: true, force: true })
    // A project without node_modules keeps no trace (another run may still be using the folder).
    if (base.endsWith('.authspec-cache')) await rmdir(base).catch(() => {})
  }
  return out
}

/** `providers/vk-legacy.ts` → `providers/vk-legacy.mjs` under the output folder. */
function outName(file: string): string {
  return `${file.replace(/\.[cm]?tsx?$/, '')}.mjs`
}

async function compile(
  compiler: Esbuild,
  root: string,
  files: readonly string[],
  outdir: string,
): Promise<{ problems: Map<string, string> }> {
  const options = (entries: readonly string[]) =>
    ({
      absWorkingDir: root,
      entryPoints: entries.map((f) => ({ in: path.join(root, f), out: outName(f).slice(0, -4) })),
      outdir,
      outbase: root,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      write: true,
    }) as const
  const problems = new Map<string, string>()
  try {
    await compiler.build(options(files))
  } catch {
    // One broken file fails the whole pass: compile each alone to know whose problem it is.
    for (const file of files) {
      try {
        await compiler.build(options([file]))
      } catch (err) {
        problems.set(file, buildMessage(root, err))
      }
    }
  }
  return { problems }
}

function buildMessage(root: string, err: unknown): string {
  const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors?.[0]
  if (!first) return firstLine(err)
  const where = first.location
    ? ` (${path.relative(root, path.resolve(root, first.location.file))}:${first.location.line})`
    : ''
  return `${first.text}${where}`
}

function firstLine(cause: unknown): string {
  return cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause)
}

/** The default export of an imported module, or the SpecError a loader reports for `file`. */
export function defaultExport(file: string, outcome: ImportOutcome, what: string): unknown {
  if (!outcome.ok) {
    const err = new SpecError(
      file,
      '(file)',
      `cannot be loaded: ${outcome.reason}`,
      'fix the syntax or import error, then run again',
    )
    err.cause = outcome.cause
    throw err
  }
  const mod = outcome.module
  if (mod.default === undefined) {
    throw new SpecError(file, '(default export)', 'is missing', `write \`export default ${what}({ … })\``)
  }
  return mod.default
}

/** Imports one spec; a file that cannot be loaded or has no default export throws a SpecError. */
export async function loadSpec(root: string, file: string): Promise<LoadedSpec> {
  const outcome = (await importTypeScript(root, [file])).get(file)!
  return { file, value: defaultExport(file, outcome, 'defineProvider') }
}
