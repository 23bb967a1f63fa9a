import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import * as path from 'node:path'

/**
 * Where authspec's own modules are: the folder holding generator/, runtime/, providers/, grants/
 * and generated/. That is the repository when the CLI runs from its sources and the package's
 * dist/ when it runs built, so it is derived from this module's own location, never from the
 * current directory (a user runs the CLI in their project, with authspec in node_modules).
 */
export const MODULES_ROOT = path.resolve(import.meta.dirname, '..')

/**
 * The authspec package's folder (the repository, or node_modules/authspec): the nearest folder
 * at or above {@link MODULES_ROOT} with a package.json. It holds what the package ships beside
 * dist/, such as templates/.
 */
export const PACKAGE_ROOT = nearestPackage(MODULES_ROOT)

function nearestPackage(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return from
  }
}

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

/** The version of the authspec package this CLI belongs to, from its own package.json. */
export async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version?: unknown
  }
  return String(pkg.version)
}
