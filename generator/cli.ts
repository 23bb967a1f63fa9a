/**
 * The `authspec` command line. Commands arrive with their issues (generate, validate, list,
 * new, mock, scaffold); until then each says so and what to do instead.
 */
const HELP = `authspec — OAuth 2.0 / OpenID Connect toolkit

Usage: authspec <command> [options]

Commands:
  help               show this help
  version            print the version

Run "authspec help" for this list.`

const VERSION = '0.1.0'

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv
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
    default:
      console.error(`authspec: unknown command "${command}". Run "authspec help" to see the commands.`)
      return 1
  }
}
