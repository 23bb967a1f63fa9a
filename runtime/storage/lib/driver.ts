import { createRequire } from 'node:module'
import { AuthspecError } from '../../errors.js'

/** The database drivers a store may load, each with the major version authspec is tested with. */
const DRIVERS = { 'better-sqlite3': 12, ioredis: 6, pg: 8 } as const

/** A store's database driver. */
export type DriverName = keyof typeof DRIVERS

// The drivers are CommonJS packages, so `require` loads them and store constructors stay synchronous.
const requireDriver = createRequire(import.meta.url)

/**
 * Loads a store's database driver when the store is made, not when `authspec/storage` is imported:
 * drivers are optional peer dependencies, so an application installs only the one its store needs.
 * A driver that is not installed is an `AuthspecError` (`MISSING_DEPENDENCY`) naming the install
 * command; any other failure while loading it (a broken native build) is passed on as it is.
 */
export function loadDriver<T>(name: DriverName, store: string): T {
  try {
    return requireDriver(name) as T
  } catch (err) {
    const missing =
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(err).includes(`'${name}'`)
    if (!missing) throw err
    throw new AuthspecError(
      'MISSING_DEPENDENCY',
      `${store} needs the "${name}" package: npm install ${name}@${DRIVERS[name]}`,
      { cause: err },
    )
  }
}
