import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { MissingToolError } from './require-tools.js'

/** What the project's own compiler said. */
export interface TypecheckResult {
  ok: boolean
  /** tsc's diagnostics, as it prints them (empty when it passed). */
  output: string
}

/**
 * The project's own TypeScript compiler (`typescript/bin/tsc`), resolved from `root` the way the
 * project's scripts would find it, never the one authspec was developed with; a
 * {@link MissingToolError} when the project has none.
 */
export function projectCompiler(root: string): string {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc')
  } catch {
    throw new MissingToolError(['typescript'], 'generate --typecheck')
  }
}

/**
 * `authspec generate --typecheck`: `tsc --noEmit -p <root>` with the project's compiler and
 * tsconfig.json, so generated code is checked with exactly the options the rest of the project
 * compiles with.
 *
 * @example
 * const { ok, output } = await typecheckProject(process.cwd())
 */
export async function typecheckProject(root: string): Promise<TypecheckResult> {
  const tsc = projectCompiler(root)
  const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', root], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return { ok: code === 0, output: output.trim() }
}
