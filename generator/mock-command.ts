import * as path from 'node:path'
import { createMockProvider, DEFAULT_MOCK_CONSUMER, type MockProvider } from '../mock/create-mock-provider.js'
import { SpecError } from '../runtime/errors.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { findSpecProblems } from '../runtime/provider/validate-spec.js'
import { importBuiltIns, listBuiltIns } from './built-ins.js'
import { suggestion } from './did-you-mean.js'
import { defaultExport, listSourceFiles, loadSpec } from './load.js'

export const MOCK_HELP = `Usage: authspec mock <id> [--port <n>] [--root <dir>]

Serves a local mock of providers/<id>.ts, or of authspec's built-in spec <id> (github, google,
oidc, …) when the project has no spec of that name, on 127.0.0.1 that behaves like the provider, quirks
included: authorization (approves at once), token, refresh, revocation, UserInfo, discovery and
JWKS for OpenID Connect, and every API operation answering data valid under its schema. OAuth 1.0a
specs get request token, authorize and access token endpoints, every request's signature checked
(consumer key "mock-consumer", secret "mock-secret").
Prints the hostMap to give the generated client (every host the spec names mapped to the mock;
the client refuses any other host), the credentials it verifies (its client secret, or for a
spec whose client secret is signed per request the teamId, keyId and privateKey to sign with),
the issuer (OpenID Connect: discovery answers there) and the lower-level endpointOverrides.
Stop it with Ctrl-C.
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
      const close = arg.startsWith('-') ? suggestion(arg, ['--port', '--root', '--help']) : ''
      console.error(`authspec mock: unexpected argument "${arg}".${close} Run "authspec mock --help".`)
      return 1
    }
  }
  const spec = await mockedSpec(root, id)
  if (typeof spec === 'string') {
    console.error(`authspec mock: ${spec}`)
    return 1
  }
  let mock: MockProvider
  try {
    mock = await createMockProvider(spec, { port })
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'EADDRINUSE') throw err
    console.error(`authspec mock: port ${port} is in use; pass another --port (0 picks a free one).`)
    return 1
  }
  console.log(`Mock ${id} on ${mock.url}`)
  // An OpenID Connect mock is an issuer in its own right: discovery answers at this URL, so
  // `authspec new provider <id> --issuer <it>` and any client using discovery work offline.
  if (mock.endpointOverrides.issuer) console.log(`issuer: ${mock.endpointOverrides.issuer}`)
  // The lines to paste: JSON objects, the exact options a client takes.
  if (Object.keys(mock.hosts).length > 0) console.log(`hosts: ${JSON.stringify(mock.hosts)}`)
  console.log(`hostMap: ${JSON.stringify(mock.hostMap)}`)
  // What the mock verifies: its client secret (the key of HS256 ID tokens), or Apple's signing key.
  if (Object.keys(mock.credentials).length > 0)
    console.log(`credentials: ${JSON.stringify(mock.credentials)}`)
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

/**
 * The spec `authspec mock <id>` serves: the project's own providers/<id>.ts, else authspec's
 * built-in spec of that name; or a one-line message naming the known ids.
 */
async function mockedSpec(root: string, id: string | undefined): Promise<ProviderSpec | string> {
  const own = (await listSourceFiles(root, 'providers')).map((f) => path.basename(f, '.ts'))
  const builtIns = await listBuiltIns('providers')
  const known = [...new Set([...own, ...builtIns])].sort()
  if (!id || !known.includes(id)) {
    const what = id ? `no provider spec "${id}".${suggestion(id, known)}` : 'name a provider spec.'
    return `${what} Known: ${known.join(', ') || 'none'}; e.g. "authspec mock ${known[0] ?? 'github'}".`
  }
  const file = `providers/${id}.ts`
  let value: unknown
  try {
    value = own.includes(id)
      ? (await loadSpec(root, file)).value
      : defaultExport(file, (await importBuiltIns('providers', [id])).get(file)!, 'defineProvider')
  } catch (err) {
    if (err instanceof SpecError) return err.message
    throw err
  }
  const problems = findSpecProblems(value, file)
  if (problems.length > 0) return problems.map((p) => p.message).join('; ')
  return value as ProviderSpec
}
