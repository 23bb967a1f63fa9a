import { createRequire } from 'node:module'

/**
 * A package the CLI needs is not installed. esbuild, handlebars and ts-morph are optional peer
 * dependencies (a project that only uses the clients installs none of them), and
 * `generate --typecheck` runs the project's own typescript, so a command that needs one says
 * which and how to install it, in one line.
 */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError'

  constructor(
    /** What is missing, as npm package names. */
    readonly tools: readonly string[],
    /** The command that needs them (`generate`, `scaffold grant`); empty while not known yet. */
    readonly command = '',
  ) {
    super(
      `authspec${command ? ` ${command}` : ''} needs ${joinNames(tools)}: npm install -D ${tools.join(' ')}`,
    )
  }

  /** The same error naming the command that ran into it. */
  forCommand(command: string): MissingToolError {
    return this.command ? this : new MissingToolError(this.tools, command)
  }
}

/** `a`, `a and b`, `a, b and c`. */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** Whether an import failure says `tool` itself is not installed (not one of its own imports). */
function isMissing(err: unknown, tool: string): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  const message = err instanceof Error ? err.message : ''
  return message.includes(`'${tool}'`) || message.includes(`"${tool}"`)
}

/**
 * Imports a tool the command needs at the point of use, or throws a {@link MissingToolError}.
 *
 * @example
 * const esbuild = await loadTool<typeof import('esbuild')>('esbuild', 'generate')
 */
export async function loadTool<T>(name: string, command = ''): Promise<T> {
  try {
    return (await import(name)) as T
  } catch (err) {
    if (isMissing(err, name)) throw new MissingToolError([name], command)
    throw err
  }
}

const resolver = createRequire(import.meta.url)

/**
 * Checks, before a command starts, that every tool it needs can be found from this package,
 * without loading any (each command imports its tools at the point of use), so that one line
 * names everything to install rather than one tool per attempt.
 *
 * @example
 * requireTools('generate', ['esbuild', 'handlebars'])
 */
export function requireTools(command: string, names: readonly string[]): void {
  const missing = names.filter((name) => {
    try {
      resolver.resolve(name)
      return false
    } catch (err) {
      return isMissing(err, name)
    }
  })
  if (missing.length > 0) throw new MissingToolError(missing, command)
}
