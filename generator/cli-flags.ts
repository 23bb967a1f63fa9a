import * as path from 'node:path'
import { suggestion } from './did-you-mean.js'

/** The options of `generate`, `validate`, `list`, `new` and `scaffold`, parsed. */
export interface Flags {
  root: string
  check: boolean
  watch: boolean
  /** `generate --typecheck`: run the project's own tsc on the result. */
  typecheck: boolean
  help: boolean
  force: boolean
  issuer: string | undefined
  type: string | undefined
  out: string | undefined
  positional: string[]
}

/** Every option `parseFlags` knows, for the did-you-mean of an unknown one. */
const OPTIONS = [
  '--check',
  '--watch',
  '--typecheck',
  '--help',
  '--force',
  '--issuer',
  '--type',
  '--out',
  '--root',
] as const

/** Options that are gone, with what to do instead. */
const REMOVED: Record<string, string> = {
  '--no-typecheck':
    '"--no-typecheck" is gone: generate no longer type-checks unless asked; drop the option (--typecheck runs your own tsc).',
}

/** Parses a command's arguments, or returns the sentence saying what is wrong with them. */
export function parseFlags(args: readonly string[]): Flags | string {
  const flags: Flags = {
    root: process.cwd(),
    check: false,
    watch: false,
    typecheck: false,
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
    else if (arg === '--typecheck') flags.typecheck = true
    else if (arg === '--help' || arg === '-h') flags.help = true
    else if (arg === '--force') flags.force = true
    else if (arg === '--issuer') {
      const value = args[++i]
      if (!value) return '"--issuer" needs a URL.'
      flags.issuer = value
    } else if (arg === '--type' || arg === '--out') {
      const value = args[++i]
      if (!value) return `"${arg}" needs a value.`
      if (arg === '--type') flags.type = value
      else flags.out = value
    } else if (!arg.startsWith('-')) flags.positional.push(arg)
    else if (arg === '--root') {
      const value = args[++i]
      if (!value) return '"--root" needs a directory.'
      flags.root = path.resolve(value)
    } else if (REMOVED[arg]) return REMOVED[arg]
    else return `unknown option "${arg}".${suggestion(arg, OPTIONS)}`
  }
  return flags
}
