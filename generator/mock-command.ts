import * as path from 'node:path'
import { createMockProvider, DEFAULT_MOCK_CONSUMER } from '../runtime/provider/mock/create-mock-provider.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { findSpecProblems } from '../runtime/provider/validate-spec.js'
import { listSpecFiles, loadSpec } from './load.js'

export const MOCK_HELP = `Usage: authspec mock <id> [--port <n>] [--root <dir>]

Serves a local mock of providers/<id>.ts on 127.0.0.1 that behaves like the provider, quirks
included: authorization (approves at once), token, refresh, revocation, UserInfo, discovery and
JWKS for OpenID Connect, and every API operation answering data valid under its schema. OAuth 1.0a
specs get request token, authorize and access token endpoints, every request's signature checked
(consumer key "mock-consumer", secret "mock-secret").
Prints the endpointOverrides to give the generated client. Stop it with Ctrl-C.
  --port <n>       port to listen on (default: any free port)`

/** `authspec mock <id> [--port N]`; resolves when the server stops (or at once on an error). */
export async function runMock(args: readonly string[], stop?: AbortSignal): Promise<number> {
  let root = process.cwd()
  let port = 0
  let id: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--help' || arg === '-h') {
      console.log(MOCK_HELP)
      return 0
    }
    if (arg === '--port' || arg === '--root') {
      const value = args[++i]
      if (!value) {
        console.error(`authspec mock: "${arg}" needs a value. Run "authspec mock --help".`)
        return 1
      }
      if (arg === '--root') root = path.resolve(value)
      else {
        port = Number(value)
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          console.error(`authspec mock: "--port" must be a port number, got "${value}".`)
          return 1
        }
      }
    } else if (!arg.startsWith('-') && id === undefined) id = arg
    else {
      console.error(`authspec mock: unexpected argument "${arg}". Run "authspec mock --help".`)
      return 1
    }
  }
  const files = await listSpecFiles(root)
  const file = `providers/${id}.ts`
  if (!id || !files.includes(file)) {
    const known = files.map((f) => path.basename(f, '.ts')).join(', ') || 'none'
    console.error(
      `authspec mock: name a provider spec (${known}), e.g. "authspec mock ${files[0] ? path.basename(files[0], '.ts') : 'github'}".`,
    )
    return 1
  }
  const { value } = await loadSpec(root, file)
  const problems = findSpecProblems(value, file)
  if (problems.length > 0) {
    for (const p of problems) console.error(p.message)
    return 1
  }
  const spec = value as ProviderSpec
  const mock = await createMockProvider(spec, { port })
  console.log(`Mock ${id} on ${mock.url}`)
  console.log(`endpointOverrides: ${JSON.stringify(mock.endpointOverrides)}`)
  if (spec.protocol === 'oauth1') {
    console.log(`consumerKey: ${DEFAULT_MOCK_CONSUMER.key}, consumerSecret: ${DEFAULT_MOCK_CONSUMER.secret}`)
  }
  await new Promise<void>((resolve) => {
    const done = () => resolve()
    stop?.addEventListener('abort', done, { once: true })
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await mock.close()
  return 0
}
