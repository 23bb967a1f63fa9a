import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  renderScaffold,
  type ScaffoldTarget,
  scaffoldGrant,
  scaffoldTarget,
  transformScaffold,
} from '../../generator/grants/scaffold.js'
import jwtBearer from '../../grants/jwt_bearer.js'
import { parseGrantDefinition } from '../../runtime/server/grant-definition/validate.js'

const ROOT = new URL('../..', import.meta.url).pathname
const full = scaffoldTarget(
  parseGrantDefinition(jwtBearer, 'grants/jwt_bearer.ts'),
  '../generated/grants/jwt_bearer.js',
)
/** The jwt_bearer engine before it gained `authorizeSubject`. */
const older: ScaffoldTarget = { ...full, hooks: full.hooks.filter((h) => h.name === 'findIssuerKeys') }

/** A scaffold of the older definition as a user edited it: own code, comments, odd formatting. */
function editedFile(): string {
  return renderScaffold(older)
    .replace(
      "    throw new NotImplementedError('findIssuerKeys', 'RFC 7523 §3')",
      '    // Partners are configured by hand;   keep this comment exactly.\n    return PARTNERS[_input.issuer]',
    )
    .replace(
      'export class',
      'const PARTNERS: Record<string,  JwtBearerFindIssuerKeysOutput> = {}   // trailing\n\nexport class',
    )
}

describe('scaffold merge (ts-morph transform)', () => {
  it('adds the missing hook and its imports, keeping every other byte, and is idempotent', () => {
    const before = editedFile()
    const after = transformScaffold(before, full)
    expect(after).not.toBe(before)
    expect(after).toContain(
      'async authorizeSubject(_input: JwtBearerAuthorizeSubjectInput): Promise<JwtBearerAuthorizeSubjectOutput> {',
    )
    expect(after).toContain("throw new NotImplementedError('authorizeSubject', 'RFC 7523 §3')")
    expect(after).toContain(
      '  type JwtBearerAuthorizeSubjectInput,\n  type JwtBearerAuthorizeSubjectOutput,\n',
    )
    // Removing exactly the inserted text gives back the user's file byte for byte.
    const insertedMethod = after.slice(
      after.indexOf('\n  /** Maps the assertion subject'),
      after.lastIndexOf('}'),
    )
    const restored = after
      .replace(insertedMethod, '')
      .replace('  type JwtBearerAuthorizeSubjectInput,\n  type JwtBearerAuthorizeSubjectOutput,\n', '')
    expect(restored).toBe(before)
    expect(transformScaffold(after, full)).toBe(after)
  })

  it('adds to a single-line import and adds a new import when none exists', () => {
    const single = `import { type JwtBearerHooks } from '../generated/grants/jwt_bearer.js'
// my notes
export class Mine implements JwtBearerHooks {
  async findIssuerKeys() { return undefined }
  async authorizeSubject() { return undefined }
}
`
    const unchanged = transformScaffold(single, full)
    expect(unchanged).toBe(single)
    const missingOne = single.replace('  async authorizeSubject() { return undefined }\n', '')
    const merged = transformScaffold(missingOne, full)
    expect(merged.split('\n')[0]).toBe(
      "import { type JwtBearerHooks, NotImplementedError, type JwtBearerAuthorizeSubjectInput, type JwtBearerAuthorizeSubjectOutput } from '../generated/grants/jwt_bearer.js'",
    )
    expect(merged).toContain(
      '// my notes\nexport class Mine implements JwtBearerHooks {\n  async findIssuerKeys() { return undefined }\n',
    )
    const noImport = missingOne.replace(/^import .*\n/, "import { readFile } from 'node:fs'\n")
    const added = transformScaffold(noImport, full)
    expect(
      added.startsWith(
        "import { readFile } from 'node:fs'\nimport { NotImplementedError, type JwtBearerAuthorizeSubjectInput",
      ),
    ).toBe(true)
  })

  it('a file without a class implementing the hooks is refused, naming the file and the fix', () => {
    const source = 'export class Other {\n  async findIssuerKeys() { return undefined }\n}\n'
    expect(() => transformScaffold(source, full, 'src/grants/jwt_bearer.ts')).toThrow(
      expect.objectContaining({
        name: 'ScaffoldError',
        code: 'SCAFFOLD_NO_HOOKS_CLASS',
        file: 'src/grants/jwt_bearer.ts',
        message:
          'src/grants/jwt_bearer.ts: no class implements JwtBearerHooks. Add "implements JwtBearerHooks" to the class that holds your hooks, or pass another --out to write a new file.',
      }),
    )
  })

  it('scaffoldGrant creates, then reports unchanged, on a real file', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'authspec-scaffold-'))
    const first = await scaffoldGrant({ root: ROOT, name: 'jwt_bearer', outDir: out })
    expect(first.action).toBe('created')
    const text = await readFile(first.file, 'utf8')
    expect(text).toContain(`from '${path.relative(out, path.join(ROOT, 'generated/grants/jwt_bearer.js'))}'`)
    await writeFile(first.file, `${text}// user trailer\n`)
    const second = await scaffoldGrant({ root: ROOT, name: 'jwt_bearer', outDir: out })
    expect(second.action).toBe('unchanged')
    expect(await readFile(first.file, 'utf8')).toBe(`${text}// user trailer\n`)
  })
})

describe('upgrading a real implementation after the authorization_code engine gained its storage hooks', () => {
  it('adds saveAuthorizationCode, queryAuthorizationCode, deleteAuthorizationCode and authenticateUser only', async () => {
    const { default: authorizationCode } = await import('../../grants/authorization_code.js')
    const current = scaffoldTarget(
      parseGrantDefinition(authorizationCode, 'grants/authorization_code.ts'),
      '../generated/grants/authorization_code.js',
    )
    // What scaffold wrote when the engine had only the request policy, then filled by the user.
    const before = renderScaffold({
      ...current,
      hooks: current.hooks.filter((h) => h.name === 'authorizeRequest'),
    }).replace(
      "    throw new NotImplementedError('authorizeRequest', 'RFC 6749 §4.1.1')",
      "    // No admin scope for third parties.\n    return !_input.scopes.includes('admin')",
    )
    const out = await mkdtemp(path.join(tmpdir(), 'authspec-upgrade-'))
    const file = path.join(out, 'authorization_code.ts')
    await writeFile(file, before)
    const first = await scaffoldGrant({ root: ROOT, name: 'authorization_code', outDir: out })
    expect(first).toMatchObject({
      action: 'updated',
      added: [
        'saveAuthorizationCode',
        'queryAuthorizationCode',
        'deleteAuthorizationCode',
        'authenticateUser',
      ],
    })
    const after = await readFile(file, 'utf8')
    expect(after).toContain(
      "    // No admin scope for third parties.\n    return !_input.scopes.includes('admin')",
    )
    for (const hook of first.added) {
      expect(after).toContain(`throw new NotImplementedError('${hook}', '`)
    }
    expect(after).toContain('type AuthorizationCodeQueryAuthorizationCodeOutput,')
    // Everything the user had is still there in order, byte for byte.
    let at = 0
    for (const line of before.split('\n')) {
      const found = after.indexOf(line, at)
      expect(found).toBeGreaterThanOrEqual(at)
      at = found + line.length
    }
    expect(await scaffoldGrant({ root: ROOT, name: 'authorization_code', outDir: out })).toMatchObject({
      action: 'unchanged',
    })
  })
})
