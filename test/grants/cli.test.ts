import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../generator/cli.js'

const ROOT = new URL('../..', import.meta.url).pathname

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)))
  const error = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void err.push(String(m)))
  try {
    const code = await main(argv)
    return { code, out: out.join('\n'), err: err.join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}

afterEach(() => vi.restoreAllMocks())

describe('authspec new grant / generate / scaffold', () => {
  it('a definition that gains a hook: scaffold adds only that method, then changes nothing', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'authspec-cli-'))
    await copyFile(path.join(ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'))
    await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n')
    expect((await run('new', 'grant', 'otp', '--type', 'not a uri', '--root', root)).err).toContain(
      '"--type" must be an absolute URI such as urn:example:otp',
    )
    expect((await run('new', 'grant', 'otp', '--type', 'urn:example:otp', '--root', root)).code).toBe(0)
    expect((await run('new', 'grant', 'otp', '--type', 'urn:example:otp', '--root', root)).err).toContain(
      'grants/otp.ts already exists',
    )
    const defFile = path.join(root, 'grants/otp.ts')
    const skeleton = await readFile(defFile, 'utf8')
    const withParam = skeleton.replace(
      "scope: { type: 'scope', required: false },",
      "otp: { type: 'string', required: true },\n    scope: { type: 'scope', required: false },",
    )
    await writeFile(defFile, withParam)
    const bad = await run('generate', '--root', root)
    expect(bad.code).toBe(1)
    expect(bad.err).toContain(
      "grants/otp.ts:hooks.resolveGrant.input.otp: is missing: the engine passes every parameter (hint: add otp: 'string')",
    )
    await writeFile(
      defFile,
      withParam.replace(
        "input: { client: 'ClientRecord' },",
        "input: { client: 'ClientRecord', otp: 'string' },",
      ),
    )
    expect((await run('generate', '--root', root)).code).toBe(0)
    expect((await run('scaffold', 'grant', 'otp', '--out', 'src', '--root', root)).code).toBe(0)
    const impl = path.join(root, 'src/otp.ts')
    const userEdited = (await readFile(impl, 'utf8'))
      .replace(
        "    throw new NotImplementedError('resolveGrant', 'RFC 6749 §4.5')",
        "    // mine\n    return input.otp === '1' ? { sub: 'a' } : undefined",
      )
      .replace('_input', 'input')
    await writeFile(impl, userEdited)

    await writeFile(
      defFile,
      (await readFile(defFile, 'utf8')).replace(
        '  },\n  errors:',
        "    auditAttempt: {\n      doc: 'Records a failed attempt.',\n      rfc: 'RFC 6749 §4.5',\n      input: { client: 'ClientRecord' },\n      output: 'void',\n    },\n  },\n  errors:",
      ),
    )
    expect((await run('generate', '--root', root)).code).toBe(0)
    const updated = await run('scaffold', 'grant', 'otp', '--out', 'src', '--root', root)
    expect(updated.out).toContain('updated src/otp.ts: added auditAttempt')
    const merged = await readFile(impl, 'utf8')
    expect(merged.startsWith(userEdited.slice(0, userEdited.indexOf('} from')))).toBe(true)
    expect(merged).toContain(
      "    // mine\n    return input.otp === '1' ? { sub: 'a' } : undefined\n  }\n\n  /** Records a failed attempt.",
    )
    expect(merged).toContain('  type OtpAuditAttemptInput,\n  type OtpAuditAttemptOutput,\n}')
    const again = await run('scaffold', 'grant', 'otp', '--out', 'src', '--root', root)
    expect(again.out).toContain('src/otp.ts is up to date.')
    expect(await readFile(impl, 'utf8')).toBe(merged)
    expect((await run('generate', '--check', '--root', root)).code).toBe(0)
  }, 60_000)

  it('scaffold needs a kind, a name and --out', async () => {
    expect((await run('scaffold', 'grant', 'password')).err).toContain(
      'write "authspec scaffold grant <name> --out <dir>"',
    )
  })
})
