import { existsSync, watch } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { type Flags, parseFlags } from './cli-flags.js'
import { suggestion } from './did-you-mean.js'
import type { GeneratorCache } from './generate.js'
import { importsThePackage, packageVersion } from './package-root.js'
import { MissingToolError, requireTools } from './require-tools.js'

// Each command imports what it needs when it runs: `authspec version` loads no esbuild, and
// `generate` does not load ts-morph for `scaffold`.
const generator = () => import('./generate.js')
const providers = () => import('./providers.js')

/**
 * The `authspec` command line. Each command answers `--help`; errors say what to do next.
 */
const HELP = `authspec — OAuth 2.0 / OpenID Connect toolkit

Usage: authspec <command> [options]

Commands:
  generate           compile providers/*.ts and grants/*.ts into generated/
                     (--check, --watch, --typecheck)
  validate           check every provider spec and report problems as file:field.path
  list               list the provider specs and what they declare
  new provider <id>  write providers/<id>.ts (--issuer URL fills it from discovery)
  mock <id>          serve a local mock of a provider (yours or a built-in one: github,
                     google, oidc, …) for offline tests (--port N)
  new grant <name>   write grants/<name>.ts for a custom grant (--type <uri>)
  scaffold grant <name> --out <dir>
                     write (or update) your implementation of a grant's hooks
                     (yours or a built-in one: client_credentials, authorization_code, …)
  help               show this help
  version            print the version

Common options:
  --root <dir>       project root (default: the current directory)
  --help             help for a command

Run "authspec <command> --help" for a command's options.`

const COMMAND_HELP: Record<string, string> = {
  generate: `Usage: authspec generate [--check] [--watch] [--typecheck] [--root <dir>]

Loads providers/*.ts and grants/*.ts, validates them, renders templates/ and writes generated/
where bytes change.
  --check          write nothing; exit 1 naming every stale file (for CI)
  --watch          regenerate when a spec, definition or template changes
  --typecheck      then run the project's own TypeScript (tsc --noEmit -p <root>) and report
                   its diagnostics`,
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

Writes <dir>/<name>.ts: a class with one method per hook of the grant, each throwing
NotImplementedError until you fill it in. The grant is the project's own grants/<name>.ts, else
authspec's built-in one (authorization_code, client_credentials, device_code, implicit,
jwt_bearer, password, refresh_token, token_exchange), whose hook types come from
authspec/grants/<name>. When the file exists, adds only the methods (and imports)
of hooks the definition gained; everything else in the file stays as it is.`,
  list: `Usage: authspec list [--root <dir>]

Prints one line per provider spec: id, protocol, scopes, API operations, source file.`,
}

/** Every command, for the did-you-mean of a misspelt one. */
const COMMANDS = ['generate', 'validate', 'list', 'new', 'mock', 'scaffold', 'help', 'version']

/** The commands that take the common options (parseFlags). */
type FlagCommand = 'generate' | 'validate' | 'list' | 'new' | 'scaffold'

/** What `new` and `scaffold` create: each form's usage, and whether the arguments complete it. */
const FORMS: Record<string, { usage: string; complete: (flags: Flags) => boolean }> = {
  'new provider': {
    usage: 'authspec new provider <id> [--issuer <url>]',
    complete: (f) => f.positional.length >= 2,
  },
  'new grant': {
    usage: 'authspec new grant <name> --type <uri>',
    complete: (f) => f.positional.length >= 2 && f.type !== undefined,
  },
  'scaffold grant': {
    usage: 'authspec scaffold grant <name> --out <dir>',
    complete: (f) => f.positional.length >= 2 && f.out !== undefined,
  },
}

/**
 * The optional peer dependencies each command loads, checked before it starts so that one line
 * names all that are missing (generator/require-tools.ts). `mock` and `scaffold` compile a
 * project's own TypeScript only when there is some, so they ask for esbuild only then.
 */
const TOOLS: Partial<Record<FlagCommand, readonly string[]>> = {
  generate: ['esbuild', 'handlebars'],
  validate: ['esbuild'],
  list: ['esbuild'],
  scaffold: ['ts-morph'],
}

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    return await run(command, rest)
  } catch (err) {
    if (!(err instanceof MissingToolError)) throw err
    console.error(err.forCommand(command ?? '').message)
    return 1
  }
}

async function run(command: string | undefined, rest: readonly string[]): Promise<number> {
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP)
      return 0
    case 'version':
    case '--version':
      console.log(await packageVersion())
      return 0
    case 'mock':
      return (await import('./mock-command.js')).runMock(rest)
    case 'generate':
    case 'validate':
    case 'new':
    case 'scaffold':
    case 'list':
      return runWithFlags(command, rest)
    default:
      console.error(
        `authspec: unknown command "${command}".${suggestion(command, COMMANDS)} Run "authspec help" to see the commands.`,
      )
      return 1
  }
}

async function runWithFlags(command: FlagCommand, rest: readonly string[]): Promise<number> {
  const flags = parseFlags(rest)
  if (typeof flags === 'string') {
    console.error(`authspec ${command}: ${flags} Run "authspec ${command} --help" for the options.`)
    return 1
  }
  if (flags.help) {
    console.log(COMMAND_HELP[command])
    return 0
  }
  const problem = misuse(command, flags)
  if (problem) {
    console.error(`authspec ${command}: ${problem}`)
    return 1
  }
  requireTools(command, TOOLS[command] ?? [])
  if (command === 'scaffold') return scaffold(flags)
  if (command === 'new') return flags.positional[0] === 'grant' ? newGrant(flags) : newProvider(flags)
  if (command === 'list') return list(flags)
  if (command === 'validate') return validate(flags)
  if (flags.watch) return watchAndGenerate(flags)
  return runGenerate(flags)
}

/** What is wrong with a command's arguments or folder, as one sentence with the fix; or nothing. */
function misuse(command: FlagCommand, flags: Flags): string | undefined {
  const [first, , extra] = flags.positional
  const kinds = Object.keys(FORMS).filter((form) => form.startsWith(`${command} `))
  if (kinds.length > 0) {
    const usage = kinds.map((form) => `"${FORMS[form]!.usage}"`).join(' or ')
    if (first === undefined) return `say what to create: write ${usage}.`
    const form = FORMS[`${command} ${first}`]
    if (!form) {
      const close = suggestion(
        first,
        kinds.map((k) => k.slice(command.length + 1)),
      )
      return `unknown kind "${first}".${close} Write ${usage}.`
    }
    if (!form.complete(flags)) return `missing argument: write "${form.usage}".`
    return extra === undefined ? undefined : `unexpected argument "${extra}". Write "${form.usage}".`
  }
  if (first !== undefined) return `unexpected argument "${first}". Run "authspec ${command} --help".`
  // generate also compiles grants/ alone; validate and list read only providers/.
  const folders = command === 'generate' ? ['providers', 'grants'] : ['providers']
  if (folders.some((dir) => existsSync(path.join(flags.root, dir)))) return undefined
  return `no providers/ folder in ${flags.root}. Write a spec with "authspec new provider <id>" (or "authspec new provider <id> --issuer <url>"), or pass --root <your project>.`
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`  ${message}\n`)
}

async function runGenerate(flags: Flags, cache?: GeneratorCache): Promise<number> {
  const started = Date.now()
  const { generate } = await generator()
  const result = await generate({
    root: flags.root,
    check: flags.check,
    onProgress: progress,
    ...(cache ? { cache } : {}),
  })
  if (result.problems.length > 0) {
    for (const p of result.problems) console.error(p.message)
    console.error(
      `\n${result.problems.length} problem(s); nothing was written. Fix the specs and definitions named above and run again.`,
    )
    return 1
  }
  if (flags.check) {
    for (const f of result.changed) console.error(`stale: ${f}`)
    for (const f of result.removed) console.error(`stale (no spec produces it): ${f}`)
    if (result.changed.length + result.removed.length > 0) {
      console.error('\ngenerated/ is out of date. Run "authspec generate" and commit the result.')
      return 1
    }
    console.log(`generated/ is up to date (${result.files.length} files).`)
  } else {
    for (const f of result.changed) console.log(`wrote ${f}`)
    for (const f of result.removed) console.log(`deleted ${f}`)
    const unchanged = result.files.length - result.changed.length
    console.log(
      `${result.providers.length} provider(s), ${result.grants.length} grant(s), ${unchanged} file(s) unchanged, in ${Date.now() - started} ms.`,
    )
  }
  return flags.typecheck ? typecheck(flags.root) : 0
}

/** `generate --typecheck`: the project's own tsc over the project, generated/ included. */
async function typecheck(root: string): Promise<number> {
  const { typecheckProject } = await import('./typecheck.js')
  const { ok, output } = await typecheckProject(root)
  if (ok) {
    console.log('tsc --noEmit: no errors.')
    return 0
  }
  console.error(output)
  console.error(
    '\nThe project does not type-check (tsc --noEmit). Fix the spec, the definition or the template behind each generated file named above.',
  )
  return 1
}

async function validate(flags: Flags): Promise<number> {
  const { loadModels } = await providers()
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
  const { listSourceFiles } = await import('./load.js')
  const { loadModels } = await providers()
  const files = await listSourceFiles(flags.root, 'providers')
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
  // misuse() saw both: "provider" and the id.
  const id = flags.positional[1] ?? ''
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

/** Regenerates on every change under providers/, grants/ or templates/, one run at a time. */
async function watchAndGenerate(flags: Flags): Promise<number> {
  const options = { ...flags, check: false }
  const cache = (await generator()).createGeneratorCache()
  await runGenerate(options, cache)
  let timer: NodeJS.Timeout | undefined
  let running = Promise.resolve(0)
  const onChange = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(() => runGenerate(options, cache))
    }, 100)
  }
  // A project without templates/ of its own renders the shipped ones, which do not change.
  const watchers = ['providers', 'grants', 'templates']
    .map((dir) => path.join(flags.root, dir))
    .filter((dir) => existsSync(dir))
    .map((dir) => watch(dir, { recursive: true }, onChange))
  console.log('Watching providers/, grants/ and templates/ (Ctrl+C to stop).')
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
  for (const w of watchers) w.close()
  return running
}

async function scaffold(flags: Flags): Promise<number> {
  // misuse() saw "grant", the name and --out.
  const [, name = ''] = flags.positional
  const out = flags.out ?? ''
  const { scaffoldGrant } = await import('./grants/scaffold.js')
  try {
    const result = await scaffoldGrant({ root: flags.root, name, outDir: out })
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
  // misuse() saw the name and --type.
  const name = flags.positional[1] ?? ''
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
      grantType: flags.type ?? '',
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
