import { existsSync, watch } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { GeneratorCache } from './generate.js'
import { importsThePackage } from './package-root.js'

// Each command imports what it needs when it runs: `authspec version` loads no compiler, and
// `generate` does not load ts-morph for `scaffold`.
const generator = () => import('./generate.js')

/**
 * The `authspec` command line. Each command answers `--help`; errors say what to do next.
 */
const HELP = `authspec — OAuth 2.0 / OpenID Connect toolkit

Usage: authspec <command> [options]

Commands:
  generate           compile providers/*.ts into generated/ (--check, --watch)
  validate           check every provider spec and report problems as file:field.path
  list               list the provider specs and what they declare
  new provider <id>  write providers/<id>.ts (--issuer URL fills it from discovery)
  mock <id>          serve a local mock of a provider for offline tests (--port N)
  new grant <name>   write grants/<name>.ts for a custom grant (--type <uri>)
  scaffold grant <name> --out <dir>
                     write (or update) your implementation of a grant's hooks
  help               show this help
  version            print the version

Common options:
  --root <dir>       project root (default: the current directory)
  --help             help for a command

Run "authspec <command> --help" for a command's options.`

const COMMAND_HELP: Record<string, string> = {
  generate: `Usage: authspec generate [--check] [--watch] [--no-typecheck] [--root <dir>]

Loads providers/*.ts, validates them, renders templates/ and writes generated/ where bytes change.
  --check          write nothing; exit 1 naming every stale file (for CI)
  --watch          regenerate when a spec or template changes, type-checked (only what changed)
  --no-typecheck   skip the in-memory type check of the output`,
  validate: `Usage: authspec validate [--root <dir>]

Checks every spec in providers/ and prints each problem as file:field.path: message (hint).
Exits 1 when any spec has a problem.`,
  new: `Usage: authspec new provider <id> [--issuer <url>] [--force] [--root <dir>]
       authspec new grant <name> --type <uri> [--force] [--root <dir>]

Writes providers/<id>.ts. With --issuer, reads the issuer's discovery document and fills in
scopes, client authentication and PKCE; without it, writes a skeleton with TODOs.
  --type           the grant_type URI of a custom grant, e.g. urn:example:otp
  --force          replace an existing spec`,
  scaffold: `Usage: authspec scaffold grant <name> --out <dir> [--root <dir>]

Writes <dir>/<name>.ts: a class with one method per hook of grants/<name>.ts, each throwing
NotImplementedError until you fill it in. When the file exists, adds only the methods (and imports)
of hooks the definition gained; everything else in the file stays as it is.`,
  list: `Usage: authspec list [--root <dir>]

Prints one line per provider spec: id, protocol, scopes, API operations, source file.`,
}

const VERSION = '0.1.0'

interface Flags {
  root: string
  check: boolean
  watch: boolean
  typeCheck: boolean
  help: boolean
  force: boolean
  issuer: string | undefined
  type: string | undefined
  out: string | undefined
  positional: string[]
}

function parseFlags(args: readonly string[]): Flags | string {
  const flags: Flags = {
    root: process.cwd(),
    check: false,
    watch: false,
    typeCheck: true,
    help: false,
    force: false,
    issuer: undefined,
    type: undefined,
    out: undefined,
    positional: [],
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--check') flags.check = true
    else if (arg === '--watch') flags.watch = true
    else if (arg === '--no-typecheck') flags.typeCheck = false
    else if (arg === '--help' || arg === '-h') flags.help = true
    else if (arg === '--force') flags.force = true
    else if (arg === '--issuer') {
      const value = args[++i]
      if (!value) return '"--issuer" needs a URL'
      flags.issuer = value
    } else if (arg === '--type' || arg === '--out') {
      const value = args[++i]
      if (!value) return `"${arg}" needs a value`
      if (arg === '--type') flags.type = value
      else flags.out = value
    } else if (!arg.startsWith('-')) flags.positional.push(arg)
    else if (arg === '--root') {
      const value = args[++i]
      if (!value) return '"--root" needs a directory'
      flags.root = path.resolve(value)
    } else return `unknown option "${arg}"`
  }
  return flags
}

/** How bin/authspec.js runs the CLI. */
export interface MainOptions {
  /** The built check-worker module: a one-shot `generate` type-checks in worker threads. */
  checkWorker?: URL | undefined
}

let checkWorker: URL | undefined

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  checkWorker = options.checkWorker
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP)
      return 0
    case 'version':
    case '--version':
      console.log(VERSION)
      return 0
    case 'mock':
      return (await import('./mock-command.js')).runMock(rest)
    case 'generate':
    case 'validate':
    case 'new':
    case 'scaffold':
    case 'list': {
      const flags = parseFlags(rest)
      if (typeof flags === 'string') {
        console.error(`authspec ${command}: ${flags}. Run "authspec ${command} --help" for the options.`)
        return 1
      }
      if (flags.help) {
        console.log(COMMAND_HELP[command])
        return 0
      }
      if (command !== 'new' && command !== 'scaffold' && flags.positional.length > 0) {
        console.error(
          `authspec ${command}: unexpected argument "${flags.positional[0]}". Run "authspec ${command} --help".`,
        )
        return 1
      }
      if (command === 'scaffold') return scaffold(flags)
      if (command === 'new' && flags.positional[0] === 'grant') return newGrant(flags)
      if (command === 'new') return newProvider(flags)
      if (command === 'list') return list(flags)
      if (command === 'validate') return validate(flags)
      if (flags.watch) return watchAndGenerate(flags)
      const code = await runGenerate(flags)
      // Every check is done: a worker whose check read the runtime's sources writes their
      // declaration views for the runs that follow (generator/runtime-views.ts), except on CI,
      // whose machines start afresh and would pay ~2 s for views no later run reads.
      if (!process.env.CI) await (await import('./check-workers.js')).finishCheckWorkers()
      return code
    }
    default:
      console.error(`authspec: unknown command "${command}". Run "authspec help" to see the commands.`)
      return 1
  }
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`  ${message}\n`)
}

async function runGenerate(flags: Flags, cache?: GeneratorCache, grantFlags = flags): Promise<number> {
  const started = Date.now()
  let grants: Promise<GrantsResult> | undefined
  if (!cache) {
    if (checkWorker && flags.typeCheck) {
      const { startCheckWorkers } = await import('./check-workers.js')
      // One worker for providers and grants: a second isolate would compile the compiler and
      // collect its garbage again (measured: 7.7 s of CPU instead of 5.0 s for the same run),
      // while in one the grants reuse every tree the providers parsed.
      startCheckWorkers(flags.root, checkWorker, [
        {
          dir: 'generated',
          warm: ['generated', 'generated/providers', 'generated/grants'],
          fallback: ['providers', 'grants'],
        },
      ])
    }
    // The grants are prepared alongside the providers (loaded while the providers load, checked
    // by the same worker) and written only once the providers succeeded.
    grants = prepareGrants(flags)
    grants.catch(() => {})
  }
  const { generate } = await generator()
  const result = await generate({
    root: flags.root,
    check: flags.check,
    typeCheck: flags.typeCheck,
    onProgress: progress,
    ...(cache ? { cache } : {}),
  })
  if (result.specProblems.length > 0) {
    for (const p of result.specProblems) console.error(p.message)
    console.error(
      `\n${result.specProblems.length} problem(s); nothing was written. Fix the specs and run again.`,
    )
    return 1
  }
  if (result.typeProblems.length > 0) {
    for (const p of result.typeProblems) for (const m of p.messages) console.error(`${p.file}: ${m}`)
    console.error(
      '\nThe generated code does not type-check; nothing was written. Check the spec or the templates.',
    )
    return 1
  }
  const stale = [...result.changed, ...result.removed]
  if (flags.check) {
    if (stale.length === 0) {
      console.log(`generated/ is up to date (${result.files.length} files).`)
      return runGenerateGrants(grantFlags, grants)
    }
    for (const f of result.changed) console.error(`stale: ${f}`)
    for (const f of result.removed) console.error(`stale (no spec produces it): ${f}`)
    console.error('\ngenerated/ is out of date. Run "authspec generate" and commit the result.')
    return 1
  }
  for (const f of result.changed) console.log(`wrote ${f}`)
  for (const f of result.removed) console.log(`deleted ${f}`)
  if ((await runGenerateGrants(grantFlags, grants)) !== 0) return 1
  const unchanged = result.files.length - result.changed.length
  console.log(
    `${result.models.length} provider(s), ${unchanged} file(s) unchanged, in ${Date.now() - started} ms.`,
  )
  return 0
}

async function validate(flags: Flags): Promise<number> {
  const { loadModels } = await generator()
  const { models, problems } = await loadModels(flags.root, progress)
  for (const p of problems) console.error(p.message)
  if (problems.length > 0) {
    console.error(
      `\n${problems.length} problem(s). Fix each field named above, then run "authspec validate" again.`,
    )
    return 1
  }
  console.log(`${models.length} spec(s) valid.`)
  return 0
}

async function list(flags: Flags): Promise<number> {
  const { listSpecFiles } = await import('./load.js')
  const { loadModels } = await generator()
  const files = await listSpecFiles(flags.root)
  if (files.length === 0) {
    console.error(
      'No specs in providers/. Write providers/<id>.ts with `export default defineProvider({ … })`.',
    )
    return 1
  }
  const { models, problems } = await loadModels(flags.root)
  for (const m of models) {
    console.log(
      `${m.id.padEnd(12)} ${m.protocol.padEnd(7)} ${String(m.scopes.length).padStart(3)} scopes ${String(m.operations.length).padStart(3)} operations  ${m.file}`,
    )
  }
  for (const p of problems) console.error(`invalid: ${p.message}`)
  return problems.length > 0 ? 1 : 0
}

async function newProvider(flags: Flags): Promise<number> {
  const [kind, id] = flags.positional
  if (kind !== 'provider' || !id) {
    console.error(
      'authspec new: say what to create, e.g. "authspec new provider acme". Run "authspec new --help".',
    )
    return 1
  }
  const file = path.join(flags.root, 'providers', `${id}.ts`)
  if (existsSync(file) && !flags.force) {
    console.error(`providers/${id}.ts already exists. Edit it, or pass --force to replace it.`)
    return 1
  }
  const { scaffoldProvider } = await import('./new-provider.js')
  let text: string
  try {
    text = await scaffoldProvider({ id, issuer: flags.issuer, packaged: await importsThePackage(flags.root) })
  } catch (err) {
    console.error(`authspec new provider: ${err instanceof Error ? err.message : String(err)}`)
    if (flags.issuer)
      console.error('Check that the issuer URL is right and serves /.well-known/openid-configuration.')
    return 1
  }
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
  console.log(`wrote providers/${id}.ts. Next: review its TODOs, then run "authspec generate".`)
  return 0
}

/** Regenerates on every change under providers/ or templates/, one run at a time. */
async function watchAndGenerate(flags: Flags): Promise<number> {
  const options = { ...flags, check: false }
  const cache = (await generator()).createGeneratorCache()
  await runGenerate(options, cache)
  // Later runs follow providers/ and templates/, which the grants do not use: they are only
  // re-rendered (to report a stale file), and checked once above.
  const grantFlags = { ...options, typeCheck: false }
  let timer: NodeJS.Timeout | undefined
  let running = Promise.resolve(0)
  const onChange = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(() => runGenerate(options, cache, grantFlags))
    }, 100)
  }
  const watchers = ['providers', 'templates'].map((dir) => watch(path.join(flags.root, dir), onChange))
  console.log('Watching providers/ and templates/ (Ctrl+C to stop).')
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
  for (const w of watchers) w.close()
  return running
}

type GrantsResult = Awaited<ReturnType<typeof import('./grants/generate-grants.js').generateGrants>>

/** The grants' output and what is stale, without writing anything. */
async function prepareGrants(flags: Flags): Promise<GrantsResult> {
  const { generateGrants } = await import('./grants/generate-grants.js')
  return generateGrants({ root: flags.root, check: true, typeCheck: flags.typeCheck })
}

/** grants/*.ts → generated/grants/, after the providers (or checked with --check). */
async function runGenerateGrants(flags: Flags, prepared?: Promise<GrantsResult>): Promise<number> {
  const result = await (prepared ?? prepareGrants(flags))
  if (!flags.check && result.specProblems.length === 0 && result.typeProblems.length === 0) {
    for (const f of result.files.filter((x) => result.changed.includes(x.file))) {
      await mkdir(path.dirname(path.join(flags.root, f.file)), { recursive: true })
      await writeFile(path.join(flags.root, f.file), f.content)
    }
    for (const f of result.removed) await rm(path.join(flags.root, f))
  }
  for (const p of result.specProblems) console.error(p.message)
  for (const p of result.typeProblems) for (const m of p.messages) console.error(`${p.file}: ${m}`)
  if (result.specProblems.length > 0 || result.typeProblems.length > 0) {
    console.error('\nThe grant definitions have problems; nothing was written. Fix them and run again.')
    return 1
  }
  const stale = [...result.changed, ...result.removed]
  if (flags.check) {
    for (const f of stale) console.error(`stale: ${f}`)
    if (stale.length > 0) console.error('\ngenerated/grants is out of date. Run "authspec generate".')
    return stale.length > 0 ? 1 : 0
  }
  for (const f of result.changed) console.log(`wrote ${f}`)
  for (const f of result.removed) console.log(`deleted ${f}`)
  if (result.grants.length > 0) console.log(`${result.grants.length} grant(s).`)
  return 0
}

async function scaffold(flags: Flags): Promise<number> {
  const [kind, name] = flags.positional
  if (kind !== 'grant' || !name || !flags.out) {
    console.error(
      'authspec scaffold: write "authspec scaffold grant <name> --out <dir>". Run "authspec scaffold --help".',
    )
    return 1
  }
  const { scaffoldGrant } = await import('./grants/scaffold.js')
  try {
    const result = await scaffoldGrant({ root: flags.root, name, outDir: flags.out })
    const rel = path.relative(flags.root, result.file)
    if (result.action === 'created')
      console.log(`wrote ${rel}. Next: fill in each method, then register the grant.`)
    else if (result.action === 'updated') console.log(`updated ${rel}: added ${result.added.join(', ')}`)
    else console.log(`${rel} is up to date.`)
    return 0
  } catch (err) {
    console.error(`authspec scaffold: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}

async function newGrant(flags: Flags): Promise<number> {
  const name = flags.positional[1]
  if (!name || !flags.type) {
    console.error(
      'authspec new grant: write "authspec new grant <name> --type <uri>", e.g. --type urn:example:otp.',
    )
    return 1
  }
  const file = path.join(flags.root, 'grants', `${name}.ts`)
  if (existsSync(file) && !flags.force) {
    console.error(`grants/${name}.ts already exists. Edit it, or pass --force to replace it.`)
    return 1
  }
  const { newGrantSkeleton } = await import('./grants/new-grant.js')
  let text: string
  try {
    text = newGrantSkeleton({
      root: flags.root,
      name,
      grantType: flags.type,
      packaged: await importsThePackage(flags.root),
    })
  } catch (err) {
    console.error(`authspec new grant: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
  console.log(
    `wrote grants/${name}.ts. Next: declare its parameters and hooks, then run "authspec generate".`,
  )
  return 0
}
