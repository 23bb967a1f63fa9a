/**
 * `npm start`: Local ID and the demo app on 127.0.0.1, with a banner of URLs and the demo
 * credentials. Problems a user can fix (a port in use, a bad setting) print one line, no stack.
 */
import { existsSync } from 'node:fs'
import { ConfigError, loadConfig } from './config.js'
import { PortInUseError, startDemo } from './start.js'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)

function fail(message: string): never {
  console.error(`authspec demo: ${message}`)
  process.exit(1)
}

if (existsSync('.env')) {
  try {
    process.loadEnvFile('.env')
  } catch (err) {
    fail(`.env could not be read (${(err as Error).message}); fix it or remove it`)
  }
}

let loaded: ReturnType<typeof loadConfig>
try {
  loaded = loadConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) fail(err.message)
  throw err
}
for (const warning of loaded.warnings) console.warn(`authspec demo: ${warning}`)

try {
  const demo = await startDemo(loaded.config)
  console.log(
    [
      '',
      bold('  authspec demo is running'),
      '',
      `  Demo app   ${bold(demo.appUrl)}   ${dim('open this one')}`,
      `  Local ID   ${demo.idUrl}   ${dim('authorization server + OpenID Provider')}`,
      `  Discovery  ${demo.idUrl}/.well-known/openid-configuration`,
      '',
      `  Sign in as ${bold(demo.credentials.username)} / ${bold(demo.credentials.password)}`,
      `  Providers  ${demo.providers.join(', ')}`,
      `  Data       ${loaded.config.dataDir} ${dim(demo.keysCreated ? '(created: signing keys, demo user, client)' : '(reused)')}`,
      '',
      dim('  Ctrl+C to stop'),
      '',
    ].join('\n'),
  )
  const stop = () => {
    void demo.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (err) {
  if (err instanceof PortInUseError) fail(err.message)
  fail(`could not start: ${(err as Error).message}`)
}
