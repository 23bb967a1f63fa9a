import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import * as path from 'node:path'

/**
 * Whether generated files and skeletons import the runtime as the `authspec` package: in a
 * project other than authspec itself that has the package installed (node_modules/authspec here
 * or in a parent folder). Elsewhere (authspec's own tree, a scratch folder) they import the
 * runtime this generator runs from by relative path, so they still compile.
 */
export async function importsThePackage(root: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { name?: unknown }
    if (pkg.name === 'authspec') return false
  } catch {
    // No package.json: still a user's folder; look for an installed authspec below.
  }
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules/authspec/package.json'))) return true
    if (path.dirname(dir) === dir) return false
  }
}
