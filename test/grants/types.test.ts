import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Project, ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import type { ClientCredentialsHooks } from '../../generated/grants/client_credentials.js'
import { createClientCredentialsGrant } from '../../generated/grants/client_credentials.js'
import { scaffoldGrant } from '../../generator/grants/scaffold.js'
import { NotImplementedError } from '../../runtime/server/grant-definition/not-implemented.js'
import { basic, formRequest, setup } from '../server/fixtures.js'

const ROOT = new URL('../..', import.meta.url).pathname

// A hook implementation that lacks a hook does not compile.
// @ts-expect-error authorizeClient is missing
class Incomplete implements ClientCredentialsHooks {}

// A hook with the wrong output type does not compile either.
class WrongOutput implements ClientCredentialsHooks {
  // @ts-expect-error the hook must resolve to a boolean
  async authorizeClient(): Promise<string> {
    return 'yes'
  }
}

describe('scaffolded files and the compiler', () => {
  it('a scaffolded file compiles; without one of its methods it does not', async () => {
    expect([Incomplete, WrongOutput]).toHaveLength(2)
    const out = await mkdtemp(path.join(tmpdir(), 'authspec-types-'))
    const { file } = await scaffoldGrant({ root: ROOT, name: 'token_exchange', outDir: out })
    const text = await readFile(file, 'utf8')
    const project = new Project({
      tsConfigFilePath: path.join(ROOT, 'tsconfig.json'),
      skipAddingFilesFromTsConfig: true,
      compilerOptions: { ignoreDeprecations: '6.0' },
    })
    const diagnostics = (source: string) =>
      project
        .createSourceFile(file, source, { overwrite: true })
        .getPreEmitDiagnostics()
        .map((d) => ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n'))
    expect(diagnostics(text)).toEqual([])
    const start = text.indexOf('  /** Whether this client may exchange')
    const withoutHook = text.slice(0, start) + text.slice(text.indexOf('  }\n', start) + 4)
    expect(withoutHook).not.toContain('authorizeExchange(')
    expect(diagnostics(withoutHook).join('\n')).toMatch(/Property 'authorizeExchange' is missing/)
  })

  it('an unfilled hook throws NotImplementedError naming the hook and the RFC section; the server answers server_error', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'authspec-stub-'))
    const { file } = await scaffoldGrant({ root: ROOT, name: 'client_credentials', outDir: out })
    const { ClientCredentialsGrantHooks } = (await import(pathToFileURL(file).href)) as {
      ClientCredentialsGrantHooks: new () => ClientCredentialsHooks
    }
    const hooks = new ClientCredentialsGrantHooks()
    const err = await Promise.resolve()
      .then(() => hooks.authorizeClient({ client: {} as never, scopes: [] }))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotImplementedError)
    expect(err).toMatchObject({
      code: 'NOT_IMPLEMENTED',
      hook: 'authorizeClient',
      rfc: 'RFC 6749 §4.4.2',
      message: 'hook "authorizeClient" is not implemented yet (see RFC 6749 §4.4.2); fill it in',
    })
    const f = await setup({ defaultGrants: false })
    const { grant, extensions } = createClientCredentialsGrant(hooks)
    f.server.registerGrant(grant, extensions)
    const res = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        { grant_type: 'client_credentials' },
        { authorization: basic('web', 'web-secret') },
      ),
    )
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({
      error: 'server_error',
      error_description: 'the server could not process the request',
    })
  })
})
